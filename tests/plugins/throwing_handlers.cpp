// Tool "throwing_handlers", written against the raw C ABI in C++: its on_error callbacks throw.
// That is a plugin bug, but the host must still call on_error at most once and never let the
// exception unwind back through its frames into the plugin. invoke runs complete_with_backend
// (unknown backend), http_request and run_pipeline with such handlers and emits a report:
// "<service>: status=S errors=N escaped=0|1" per service.
#include "agenthost/plugin.h"

#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace {

struct Self {
  const ah_host_api* host;
  ah_instance* instance;
};

ah_str str(const char* text) { return ah_str{text, std::strlen(text)}; }

void throwing_error(void* user, ah_status, ah_str) {
  ++*static_cast<int*>(user);
  throw std::runtime_error("on_error failed");
}

ah_status ignore_event(void*, const ah_event*) { return AH_OK; }
int32_t ignore_body(void*, ah_str) { return 0; }

// Runs one service call, counting on_error calls and whether an exception came back out of it.
template <class Call> std::string probe(const char* service, Call&& run) {
  int errors = 0;
  bool escaped = false;
  ah_status status = AH_OK;
  try {
    status = run(&errors);
  } catch (...) {
    escaped = true;
  }
  return std::string(service) + ": status=" + std::to_string(status) + " errors=" + std::to_string(errors) +
         " escaped=" + (escaped ? "1" : "0") + "\n";
}

ah_status create(const ah_host_api* host, ah_instance* instance, ah_str, ah_call*, void** out_self) {
  *out_self = new (std::nothrow) Self{host, instance};
  return *out_self ? AH_OK : AH_ERR_INTERNAL;
}

void destroy(void* self) { delete static_cast<Self*>(self); }

ah_status describe(void* opaque, ah_call* call) {
  const Self* self = static_cast<Self*>(opaque);
  ah_event e{};
  e.struct_size = sizeof e;
  e.type = AH_EVENT_RESULT;
  e.text = str(R"({"description":"throwing handlers","parameters":{"type":"object"}})");
  return self->host->emit(call, &e);
}

ah_status invoke(void* opaque, ah_call* call, ah_str) {
  const Self* self = static_cast<Self*>(opaque);
  const ah_host_api* h = self->host;
  std::string report;
  report += probe("complete_with_backend", [&](int* errors) {
    const ah_event_handler handler{sizeof(ah_event_handler), errors, ignore_event, throwing_error};
    return h->complete_with_backend(self->instance, call, str("nope"), str("{}"), &handler);
  });
  report += probe("http_request", [&](int* errors) {
    ah_http_request request{};
    request.struct_size = sizeof request;
    request.method = str("GET");
    request.url = str("http://127.0.0.1:1/"); /* nothing listens: refused, no network needed */
    const ah_http_response_handler handler{sizeof(ah_http_response_handler), errors, nullptr, ignore_body,
                                           throwing_error};
    return h->http_request(self->instance, call, &request, &handler);
  });
  report += probe("run_pipeline", [&](int* errors) {
    const ah_event_handler handler{sizeof(ah_event_handler), errors, ignore_event, throwing_error};
    return h->run_pipeline(self->instance, call, str("p"), str("text"), str("{}"), &handler);
  });
  ah_event e{};
  e.struct_size = sizeof e;
  e.type = AH_EVENT_RESULT;
  e.text = ah_str{report.data(), report.size()};
  return h->emit(call, &e);
}

const ah_tool_api tool_api = {sizeof(ah_tool_api), 0, describe, invoke};
const ah_component tool = {sizeof(ah_component), AH_KIND_TOOL, "throwing_handlers", "handlers that throw",
                           nullptr,              0,            0,                   create,
                           destroy,              &tool_api};
const ah_component* const components[] = {&tool};
const ah_plugin_descriptor descriptor = {sizeof(ah_plugin_descriptor),
                                         AGENTHOST_ABI_MAJOR,
                                         AGENTHOST_ABI_MINOR,
                                         "throwing_handlers",
                                         "1.0.0",
                                         "handlers that throw",
                                         1,
                                         components};

} // namespace

extern "C" AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) { return &descriptor; }
