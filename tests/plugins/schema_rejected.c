/* A component whose settings schema is JSON but unusable: property 'colour' has type "text". */
#include "stub_component.h"

static const ah_component tool = {sizeof(ah_component),
                                  AH_KIND_TOOL,
                                  "odd_schema",
                                  "schema with an unknown type",
                                  "{\"type\":\"object\",\"properties\":{\"colour\":{\"type\":\"text\"}}}",
                                  0,
                                  0,
                                  stub_create,
                                  stub_destroy,
                                  &stub_tool_api};
static const ah_component* const components[] = {&tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "schema_rejected",
                                                "1.0.0",
                                                "schema check_schema refuses",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
