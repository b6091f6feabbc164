/* Two components of one plugin declaring the same type name. */
#include "stub_component.h"

static const ah_component first = STUB_TOOL("twice");
static const ah_component second = STUB_TOOL("twice");
static const ah_component* const components[] = {&first, &second};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "duplicate_type",
                                                "1.0.0",
                                                "declares 'twice' twice",
                                                2,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
