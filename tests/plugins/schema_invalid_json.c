/* A component whose settings schema is not JSON at all. */
#include "stub_component.h"

static const ah_component tool = {sizeof(ah_component),
                                  AH_KIND_TOOL,
                                  "broken_schema",
                                  "schema is not JSON",
                                  "{\"type\": \"object\", \"properties\": {",
                                  0,
                                  0,
                                  stub_create,
                                  stub_destroy,
                                  &stub_tool_api};
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "schema_invalid_json",
                                                "1.0.0",
                                                "unterminated schema",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
