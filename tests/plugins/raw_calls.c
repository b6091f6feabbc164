/* A well-formed plugin written against the C ABI directly, to exercise what the SDK's C++
 * wrapper never does: failures without set_error, events smaller or larger than the host's
 * ah_event, and host services called with NULL or too-small structs.
 *
 * Tool "raw_tool": settings {"mode": "ok" | "fail_silently" | "null_self"} steer create; the
 * invoke arguments (plain text, not JSON) name a scenario, see raw_invoke. Backend "raw_backend"
 * implements chat only (list_models, pull_model, describe are NULL). */
#include "agenthost/plugin.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct raw_self {
  const ah_host_api* host;
  ah_instance* instance;
} raw_self;

static ah_str str(const char* text) {
  ah_str s;
  s.ptr = text;
  s.len = strlen(text);
  return s;
}

static int equals(ah_str s, const char* text) { return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0; }

static int contains(ah_str haystack, const char* needle) {
  const size_t n = strlen(needle);
  for (size_t i = 0; i + n <= haystack.len; ++i)
    if (memcmp(haystack.ptr + i, needle, n) == 0) return 1;
  return 0;
}

static ah_status emit_result(raw_self* self, ah_call* call, const char* text) {
  ah_event e;
  memset(&e, 0, sizeof e);
  e.struct_size = sizeof e;
  e.type = AH_EVENT_RESULT;
  e.text = str(text);
  return self->host->emit(call, &e);
}

static ah_status raw_create(const ah_host_api* host, ah_instance* instance, ah_str settings_json, ah_call* call,
                            void** out_self) {
  (void)call;
  if (contains(settings_json, "fail_silently")) return AH_ERR_INTERNAL; /* no set_error on purpose */
  if (contains(settings_json, "null_self")) {
    *out_self = NULL;
    return AH_OK;
  }
  raw_self* self = (raw_self*)malloc(sizeof *self);
  if (!self) return AH_ERR_INTERNAL;
  self->host = host;
  self->instance = instance;
  *out_self = self;
  return AH_OK;
}

static void raw_destroy(void* self) { free(self); }

static ah_status raw_describe(void* self, ah_call* call) {
  return emit_result((raw_self*)self, call, "{\"description\":\"raw\",\"parameters\":{\"type\":\"object\"}}");
}

/* Event handler and byte sink that count how often the host calls them. */
typedef struct counters {
  int events, errors;
  char last_error[200];
} counters;

static ah_status count_event(void* user, const ah_event* event) {
  (void)event;
  ((counters*)user)->events++;
  return AH_OK;
}

static void count_error(void* user, ah_status status, ah_str message) {
  counters* c = (counters*)user;
  (void)status;
  c->errors++;
  snprintf(c->last_error, sizeof c->last_error, "%.*s", (int)message.len, message.ptr);
}

static void count_write(void* user, ah_str bytes) {
  (void)bytes;
  ((counters*)user)->events++;
}

/* Calls every service that takes a plugin struct with NULL or too-small ones, and reports what
 * came back. The host must neither crash nor call a member it cannot see. */
static ah_status bad_handlers(raw_self* self, ah_call* call) {
  const ah_host_api* h = self->host;
  char report[600];
  counters small = {0, 0, ""}, http = {0, 0, ""}, sink_counts = {0, 0, ""};

  const ah_status a = h->complete_with_backend(self->instance, call, str("nope"), str("{}"), NULL);

  ah_event_handler zero_sized = {0, &small, count_event, count_error}; /* struct_size 0: no members */
  const ah_status b = h->complete_with_backend(self->instance, call, str("nope"), str("{}"), &zero_sized);

  ah_http_request request;
  memset(&request, 0, sizeof request);
  request.struct_size = sizeof request;
  request.method = str("GET");
  request.url = str("https://example.com/");
  ah_http_response_handler http_handler = {sizeof(ah_http_response_handler), &http, NULL, NULL, count_error};
  const ah_status c = h->http_request(self->instance, call, &request, &http_handler);

  const ah_status d = h->run_pipeline(self->instance, call, str("p"), str("text"), str("{}"), NULL);

  /* Ends just before on_body: the host cannot deliver a body, so it must refuse the request. */
  ah_http_response_handler short_http = {(uint32_t)offsetof(ah_http_response_handler, on_body), &http, NULL, NULL,
                                         count_error};
  const ah_status g = h->http_request(self->instance, call, &request, &short_http);

  h->cache_put(self->instance, str("k"), str("v"), 60);
  const int32_t e1 = h->cache_get(self->instance, str("k"), NULL);
  ah_byte_sink tiny_sink = {0, &sink_counts, count_write};
  const int32_t e2 = h->cache_get(self->instance, str("k"), &tiny_sink);

  const ah_status f = h->emit(call, NULL);
  h->set_error(NULL, AH_ERR_INTERNAL, str("no call"));
  h->log(NULL, AH_LOG_INFO, str("no instance"));
  h->metric(NULL, AH_METRIC_COUNTER, str("no_instance"), 1);

  snprintf(report, sizeof report,
           "a=%d b=%d b_events=%d b_errors=%d c=%d c_errors=%d c_msg=%s d=%d e1=%d e2=%d writes=%d f=%d g=%d",
           (int)a, (int)b, small.events, small.errors, (int)c, http.errors, http.last_error, (int)d, (int)e1,
           (int)e2, sink_counts.events, (int)f, (int)g);
  return emit_result(self, call, report);
}

static ah_status raw_invoke(void* opaque, ah_call* call, ah_str arguments) {
  raw_self* self = (raw_self*)opaque;
  if (equals(arguments, "silent")) return AH_ERR_UPSTREAM; /* fails without set_error */
  if (equals(arguments, "set_error_ok")) {
    self->host->set_error(call, AH_OK, str("an error reported with status OK"));
    return AH_ERR_INTERNAL;
  }
  if (equals(arguments, "short_event")) {
    /* Only `type` and `text` are inside struct_size; everything after is garbage the host must
     * not read. */
    ah_event e;
    memset(&e, 0x5A, sizeof e);
    e.struct_size = (uint32_t)(offsetof(ah_event, text) + sizeof e.text);
    e.type = AH_EVENT_RESULT;
    e.text = str("short");
    return self->host->emit(call, &e);
  }
  if (equals(arguments, "long_event")) {
    /* A plugin built against a future plugin.h whose ah_event has grown. */
    struct {
      ah_event e;
      int64_t future[4];
    } grown;
    memset(&grown, 0, sizeof grown);
    grown.e.struct_size = sizeof grown;
    grown.e.type = AH_EVENT_RESULT;
    grown.e.text = str("long");
    grown.e.index = 5;
    grown.future[0] = 99;
    return self->host->emit(call, &grown.e);
  }
  if (equals(arguments, "tiny_event")) {
    ah_event e;
    char report[64];
    memset(&e, 0, sizeof e);
    e.struct_size = 4; /* not even the type */
    snprintf(report, sizeof report, "tiny=%d", (int)self->host->emit(call, &e));
    return emit_result(self, call, report);
  }
  if (equals(arguments, "bad_handlers")) return bad_handlers(self, call);
  return emit_result(self, call, "ok");
}

static const ah_tool_api raw_tool_api = {sizeof(ah_tool_api), 0, raw_describe, raw_invoke};

static ah_status raw_chat(void* opaque, ah_call* call, ah_str request_json) {
  raw_self* self = (raw_self*)opaque;
  ah_event e;
  (void)request_json;
  memset(&e, 0, sizeof e);
  e.struct_size = sizeof e;
  e.type = AH_EVENT_TEXT_DELTA;
  e.text = str("raw reply");
  return self->host->emit(call, &e);
}

static const ah_backend_api raw_backend_api = {sizeof(ah_backend_api), 0, raw_chat, NULL, NULL, NULL};

static const ah_component raw_tool = {sizeof(ah_component),
                                      AH_KIND_TOOL,
                                      "raw_tool",
                                      "C ABI edge cases",
                                      "{\"type\":\"object\",\"properties\":{\"mode\":{\"type\":\"string\",\"enum\":["
                                      "\"ok\",\"fail_silently\",\"null_self\"],"
                                      "\"default\":\"ok\"}}}",
                                      0,
                                      0,
                                      raw_create,
                                      raw_destroy,
                                      &raw_tool_api};
static const ah_component raw_backend = {
    sizeof(ah_component), AH_KIND_BACKEND, "raw_backend",   "chat only", NULL, 0, 0,
    raw_create,           raw_destroy,     &raw_backend_api};
static const ah_component* const components[] = {&raw_tool, &raw_backend};
static const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                                AGENTHOST_ABI_MAJOR,
                                                AGENTHOST_ABI_MINOR,
                                                "raw_calls",
                                                "1.0.0",
                                                "C ABI edge cases",
                                                2,
                                                components};

AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
