/* A plugin that needs a newer ABI minor than this host speaks. */
#include "stub_component.h"

static const ah_component tool = STUB_TOOL("newer_tool");
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR + 7,
                                                "abi_minor_newer",
                                                "1.0.0",
                                                "needs a newer host",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
