/* Tool "secret_settings": a schema with secret keys whose bad values the settings conversion
 * quotes in its messages; the host must redact them. */
#include "stub_component.h"

static const ah_component secret_tool = {
    sizeof(ah_component),
    AH_KIND_TOOL,
    "secret_settings",
    "settings that are secrets",
    "{\"type\":\"object\",\"properties\":{\"api_key\":{\"type\":\"string\",\"enum\":[\"k1\",\"k2\"]},"
    "\"auth_token\":{\"type\":\"integer\"},\"mode\":{\"type\":\"integer\"}}}",
    0,
    0,
    stub_create,
    stub_destroy,
    &stub_tool_api};
static const ah_component* const components[] = {&secret_tool};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "secret_settings",
                                                "1.0.0",
                                                "secret settings",
                                                1,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
