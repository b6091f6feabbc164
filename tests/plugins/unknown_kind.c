/* A component of a kind this host does not know (9). */
#include "stub_component.h"

static const ah_component tool = {
    sizeof(ah_component), 9, "mystery", "a kind from the future", STUB_SCHEMA, 0, 0, stub_create, stub_destroy,
    &stub_tool_api};
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "unknown_kind",
                                                "1.0.0",
                                                "declares kind 9",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
