/* A well-formed plugin ("twin") that declares the type name 'echo', which good.so declares too:
 * whichever the host loads second is refused, naming both files. */
#include "stub_component.h"

static const ah_component tool = STUB_TOOL("echo");
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "twin",
                                                "1.0.0",
                                                "a second 'echo'",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
