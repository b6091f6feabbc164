/* A descriptor whose struct_size is smaller than an ABI 1.0 descriptor (truncated by hand). */
#include "stub_component.h"

static const ah_component tool = STUB_TOOL("small_tool");
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {
    16, AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR, "descriptor_too_small", "1.0.0", "struct_size says 16",
    1,  components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
