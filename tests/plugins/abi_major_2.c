/* A plugin built for a future ABI major (2), which this host must refuse. */
#include "stub_component.h"

static const ah_component tool = STUB_TOOL("future_tool");
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor), 2, 0,         "abi_major_2", "1.0.0",
                                                "built against SDK 2",        1, components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
