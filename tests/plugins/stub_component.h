/* Shared pieces of the hand-written test plugins: a tool component whose functions do nothing.
 * Each broken plugin includes this and writes its own (malformed on purpose) descriptor; the
 * host must refuse it before any of these functions could run. */
#ifndef AGENTHOST_TESTS_STUB_COMPONENT_H
#define AGENTHOST_TESTS_STUB_COMPONENT_H

#include "agenthost/plugin.h"

static int stub_instance;

static ah_status stub_create(const ah_host_api* host, ah_instance* instance, ah_str settings_json, ah_call* call,
                             void** out_self) {
  (void)host, (void)instance, (void)settings_json, (void)call;
  *out_self = &stub_instance;
  return AH_OK;
}

static void stub_destroy(void* self) { (void)self; }

static ah_status stub_describe(void* self, ah_call* call) {
  (void)self, (void)call;
  return AH_ERR_UNSUPPORTED;
}

static ah_status stub_invoke(void* self, ah_call* call, ah_str arguments_json) {
  (void)self, (void)call, (void)arguments_json;
  return AH_ERR_UNSUPPORTED;
}

static const ah_tool_api stub_tool_api = {sizeof(ah_tool_api), 0, stub_describe, stub_invoke};

#define STUB_SCHEMA "{\"type\":\"object\",\"properties\":{}}"

/* A well-formed tool component named `type`. */
#define STUB_TOOL(type)                                                                                                \
  { sizeof(ah_component), AH_KIND_TOOL, type, "a stub", STUB_SCHEMA, 0, 0, stub_create, stub_destroy, &stub_tool_api }

#endif
