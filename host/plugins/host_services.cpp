#include "plugins/host_services.hpp"

#include "plugins/abi_handles.hpp"
#include "plugins/abi_struct.hpp"
#include "plugins/cache_counters.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/outbound_http.hpp"
#include "plugins/pipeline_runner.hpp"
#include "plugins/token_estimate.hpp"
#include "plugins/ttl_cache.hpp"

#include "common/error.hpp"
#include "common/logger.hpp"

#include <agenthost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::plugins {

HostServices::HostServices(Logger& logger, TtlCache& cache, Metrics& metrics, std::chrono::seconds default_cache_ttl)
    : logger_(logger), metrics_(metrics), in_memory_cache_(cache), cache_settings_(default_cache_ttl) {}

namespace {

std::string_view view(ah_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }
ah_str to_ah(std::string_view s) { return ah_str{s.data(), s.size()}; }

// Runs a callback body for plugin code: nothing may unwind into a C caller, so an exception
// becomes `fallback` (after logging, when the instance is known).
template <class Result, class Body> Result shielded(const ah_instance* handle, Result fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    try {
      if (handle && handle->services)
        handle->services->logger().error("host service failed",
                                         {{"instance", handle->instance->section()}, {"error", e.what()}});
    } catch (...) {
      // The logger itself failed; there is nowhere left to report this.
    }
  } catch (...) {
    // Not a std::exception: nothing to say about it beyond the fallback result.
  }
  return fallback;
}

LogLevel level_of(ah_log_level level) {
  if (level < AH_LOG_INFO) return LogLevel::debug;
  if (level < AH_LOG_WARN) return LogLevel::info;
  if (level < AH_LOG_ERROR) return LogLevel::warn;
  return LogLevel::error;
}

void log_as(const ah_instance& handle, LogLevel level, std::string_view message) {
  const Instance& instance = *handle.instance;
  handle.services->logger().log(level, message,
                                {{"instance", instance.section()}, {"plugin", instance.component().plugin_name}});
}


// The smallest plugin callback structs the host accepts: up to the member it must call. A smaller
// one (struct_size 0, a forgotten initializer) would otherwise read as "no callback" and the
// plugin would silently lose its output while the call reports AH_OK.
constexpr std::size_t event_handler_min_size = AGENTHOST_END_OF(ah_event_handler, on_event);
constexpr std::size_t byte_sink_min_size = AGENTHOST_END_OF(ah_byte_sink, write);
constexpr std::size_t http_handler_min_size = AGENTHOST_END_OF(ah_http_response_handler, on_body);
constexpr std::size_t http_request_min_size = AGENTHOST_END_OF(ah_http_request, url);

// Logs (when the instance is known) that a plugin passed a callback struct too small to use.
void log_too_small(const ah_instance* handle, const char* service, const char* struct_name, const void* source,
                   std::size_t minimum) noexcept {
  shielded(handle, 0, [&] {
    if (handle)
      log_as(*handle, LogLevel::error,
             std::string(service) + " refused: the plugin's " + struct_name + " has struct_size " +
                 std::to_string(declared_size(source)) + ", smaller than the " + std::to_string(minimum) +
                 " bytes it needs; initialize struct_size with sizeof (a plugin bug: report it to its author)");
    return 0;
  });
}

// Calls a plugin's on_error at most once. An exception thrown by it (only a C++ plugin can) is
// swallowed here: it must not unwind through host frames, and reporting it again through the
// same on_error would only throw again.
template <class Handler> class ErrorReporter {
public:
  explicit ErrorReporter(const Handler& table) : table_(table) {}
  ah_status fail(ah_status status, std::string_view message) const noexcept {
    if (reported_) return status;
    reported_ = true;
    if (table_.on_error) {
      try {
        table_.on_error(table_.user, status, to_ah(message));
      } catch (...) {
        // The plugin's own handler broke; the status still tells it what happened.
      }
    }
    return status;
  }
  // For a catch block: building the message may itself fail (bad_alloc), then a fixed one goes.
  ah_status fail_with_exception(const char* doing, const std::exception* e) const noexcept {
    try {
      return fail(AH_ERR_INTERNAL, std::string("the host failed to ") + doing + (e ? std::string(": ") + e->what() : ""));
    } catch (...) {
      return fail(AH_ERR_INTERNAL, "the host failed while handling the request");
    }
  }

private:
  Handler table_;
  mutable bool reported_ = false;
};

// A plugin's event handler, zero-extended, with a way to report a failure through it.
struct EventHandler : ErrorReporter<ah_event_handler> {
  ah_event_handler table;
  explicit EventHandler(const ah_event_handler& source) : ErrorReporter(source), table(source) {}
};

// Forwards a nested call's events to the plugin's handler; a handler that answers anything but
// AH_OK stops the nested call.
class ForwardingSink : public CallSink {
public:
  explicit ForwardingSink(const ah_event_handler& handler) : handler_(handler) {}
  bool on_event(const ah_event& event) override {
    if (!handler_.on_event) return true;
    if (handler_.on_event(handler_.user, &event) == AH_OK) return true;
    stopped_by_handler_ = true;
    return false;
  }
  bool stopped_by_handler() const { return stopped_by_handler_; }

private:
  ah_event_handler handler_;
  bool stopped_by_handler_ = false;
};

// ---- the callbacks ------------------------------------------------------------------------

void log_callback(ah_instance* handle, ah_log_level level, ah_str message) {
  if (!handle) return;
  shielded(handle, 0, [&] {
    log_as(*handle, level_of(level), view(message));
    return 0;
  });
}

void set_error_callback(ah_call* call, ah_status status, ah_str message) {
  if (!call || !call->sink) return;
  shielded(nullptr, 0, [&] {
    // An "error" with status OK would read as success; it is still a failure the plugin reports.
    call->sink->set_error(status == AH_OK ? AH_ERR_INTERNAL : status, std::string(view(message)));
    return 0;
  });
}

ah_status emit_callback(ah_call* call, const ah_event* event) {
  if (!call || !call->sink || !event || declared_size(event) < event_min_size) return AH_ERR_INVALID_ARGUMENT;
  CallSink& sink = *call->sink;
  if (sink.cancelled()) return AH_ERR_CANCELLED;
  const ah_event copy = read_abi_struct(event);
  try {
    if (sink.on_event(copy)) return AH_OK;
  } catch (const std::exception& e) {
    // The host's own consumer broke. The plugin can only be told to stop; the reason goes to the
    // log, because the plugin's closing set_error would replace it on the sink.
    shielded(call->instance, 0, [&] {
      if (call->instance)
        log_as(*call->instance, LogLevel::error, std::string("the host failed to handle an event: ") + e.what());
      return 0;
    });
  } catch (...) {
    shielded(call->instance, 0, [&] {
      if (call->instance) log_as(*call->instance, LogLevel::error, "the host failed to handle an event");
      return 0;
    });
  }
  sink.cancel();
  return AH_ERR_CANCELLED;
}

int32_t is_cancelled_callback(ah_call* call) { return call && call->sink && call->sink->cancelled() ? 1 : 0; }

// The counters of the call this thread is running in the handle's instance (cache_get and
// cache_put get no ah_call), or null when nobody counts.
std::shared_ptr<CacheCounters> counters_of_current_call(const ah_instance& handle) {
  const CallSink* call = handle.instance ? Instance::current_call(*handle.instance) : nullptr;
  return call ? call->cache_counters() : nullptr;
}

int32_t cache_get_callback(ah_instance* handle, ah_str key, const ah_byte_sink* out) {
  if (!handle || !out) return 0;
  if (declared_size(out) < byte_sink_min_size) {
    log_too_small(handle, "cache_get", "ah_byte_sink", out, byte_sink_min_size);
    return 0;
  }
  const ah_byte_sink sink = read_abi_struct(out);
  if (!sink.write) return 0;
  return shielded(handle, 0, [&] {
    const std::string section = handle->instance->section();
    const config::CacheConfig settings = handle->services->cache_settings().of(section);
    if (!settings.enabled) return 0; // `cache = off`: a miss nobody counts
    std::optional<std::string> value;
    try {
      // Stored under the instance's scope (its section + a fingerprint of its settings and egress).
      const std::string scope = handle->services->cache_settings().scope_of(section);
      value = handle->services->cache_service().get(scope, view(key));
    } catch (const std::exception& e) {
      // A cache that cannot be read must not fail the plugin's call: it just fetches again.
      log_as(*handle, LogLevel::warn, std::string("cache_get answered a miss: the cache store failed: ") + e.what());
    }
    const std::shared_ptr<CacheCounters> counters = counters_of_current_call(*handle);
    if (!value) {
      if (counters) counters->miss(section);
      return 0;
    }
    if (counters) counters->hit(section);
    sink.write(sink.user, to_ah(*value));
    return 1;
  });
}

void cache_put_callback(ah_instance* handle, ah_str key, ah_str value, int64_t ttl_seconds) {
  if (!handle) return;
  shielded(handle, 0, [&] {
    const std::string section = handle->instance->section();
    const config::CacheConfig settings = handle->services->cache_settings().of(section);
    if (!settings.enabled) return 0; // `cache = off`: nothing is stored
    // The operator's cache_ttl is both the default and the ceiling of what a plugin asks for.
    const int64_t seconds = ttl_seconds > 0 ? std::min<int64_t>(ttl_seconds, settings.ttl_seconds) : settings.ttl_seconds;
    std::size_t evicted = 0;
    try {
      const std::string scope = handle->services->cache_settings().scope_of(section);
      evicted = handle->services->cache_service().put(scope, view(key), view(value), std::chrono::seconds(seconds), settings);
    } catch (const std::exception& e) {
      log_as(*handle, LogLevel::warn, std::string("cache_put stored nothing: the cache store failed: ") + e.what());
    }
    if (const std::shared_ptr<CacheCounters> counters = counters_of_current_call(*handle))
      counters->evicted(section, evicted);
    return 0;
  });
}

// The plugin's request, copied out of its (zero-extended) ABI struct.
OutboundRequest outbound_request_of(const ah_http_request& r) {
  OutboundRequest out;
  out.method = std::string(view(r.method));
  if (out.method.empty()) out.method = "GET";
  out.url = std::string(view(r.url));
  for (size_t i = 0; r.headers && i < r.header_count; ++i)
    out.headers.emplace_back(std::string(view(r.headers[i].name)), std::string(view(r.headers[i].value)));
  out.body = std::string(view(r.body));
  out.connect_timeout_ms = r.connect_timeout_ms;
  out.read_timeout_ms = r.read_timeout_ms;
  out.total_timeout_ms = r.total_timeout_ms;
  out.max_response_bytes = r.max_response_bytes;
  out.max_redirects = r.max_redirects;
  return out;
}

// Runs the exchange for a plugin: its handler gets the head and body; the call's sink gets the
// UpstreamOutcome (for the fault layer) and decides cancellation. The instance's egress policy
// judges every address a hop leads to (OutboundCallbacks::choose_address); a handle without an
// instance (only tests make one) uses the policy registered for section "", else `public`.
ah_status perform_for_plugin(const ah_instance* handle, ah_call* call, const ah_http_request& request,
                             const ah_http_response_handler& handler,
                             const ErrorReporter<ah_http_response_handler>& reporter) {
  CallSink* sink = call ? call->sink : nullptr;
  const bool known = handle && handle->services;
  const Instance* instance = handle ? handle->instance : nullptr;
  const EgressPolicy policy =
      known ? handle->services->egress().of(instance ? kind_name(instance->kind()) : "",
                                            instance ? instance->section() : "")
            : EgressPolicy(config::default_egress(""), "");
  OutboundCallbacks callbacks;
  if (policy.checks_addresses())
    callbacks.choose_address = [&policy](const std::string& host, const std::vector<Poco::Net::IPAddress>& answers) {
      return policy.choose(host, answers);
    };
  callbacks.on_head = [&](int status, const HttpHeaders& headers) {
    if (!handler.on_head) return true;
    std::vector<ah_http_header> abi_headers;
    abi_headers.reserve(headers.size());
    for (const auto& [name, value] : headers) abi_headers.push_back({to_ah(name), to_ah(value)});
    return handler.on_head(handler.user, status, abi_headers.data(), abi_headers.size()) == 0;
  };
  callbacks.on_body = [&](std::string_view chunk) { return handler.on_body(handler.user, to_ah(chunk)) == 0; };
  callbacks.cancelled = [sink] { return sink && sink->cancelled(); };
  if (sink) callbacks.record = [sink](const UpstreamOutcome& outcome) { sink->record_upstream(outcome); };
  const OutboundResult result = perform_outbound_http(outbound_request_of(request), callbacks, OutboundDefaults{},
                                                      known ? &handle->services->proxy() : &ProxySettings::of_process());
  if (result.status == AH_OK || result.stopped_by_caller) return result.status;
  return reporter.fail(result.status, result.error);
}

ah_status http_request_callback(ah_instance* handle, ah_call* call, const ah_http_request* request,
                                const ah_http_response_handler* handler) {
  if (!handler) return AH_ERR_INVALID_ARGUMENT;
  if (declared_size(handler) < http_handler_min_size) {
    log_too_small(handle, "http_request", "ah_http_response_handler", handler, http_handler_min_size);
    return AH_ERR_INVALID_ARGUMENT;
  }
  const ah_http_response_handler table = read_abi_struct(handler);
  const ErrorReporter<ah_http_response_handler> reporter(table);
  try {
    if (!request || declared_size(request) < http_request_min_size)
      return reporter.fail(AH_ERR_INVALID_ARGUMENT,
                           "http_request needs an ah_http_request with struct_size set to sizeof (a plugin bug)");
    if (!table.on_body) return reporter.fail(AH_ERR_INVALID_ARGUMENT, "http_request needs a handler with on_body");
    return perform_for_plugin(handle, call, read_abi_struct(request), table, reporter);
  } catch (const std::exception& e) {
    return reporter.fail_with_exception("perform the HTTP request", &e);
  } catch (...) {
    return reporter.fail_with_exception("perform the HTTP request", nullptr);
  }
}

// A backend gets its own ratio for the model; any other instance (a strategy estimating a
// summary it wrote) gets the ratio a backend configures for that model, else the default.
int64_t estimate_tokens_callback(ah_instance* handle, ah_str model, ah_str text) {
  return shielded(handle, static_cast<int64_t>(estimate_tokens(view(text))), [&]() -> int64_t {
    const std::shared_ptr<const TokenEstimator> estimator = installed_token_estimator();
    const bool is_backend = handle && handle->instance && handle->instance->kind() == ComponentKind::backend;
    const double ratio = is_backend ? estimator->ratio_for(handle->instance->name(), view(model))
                                    : estimator->ratio_for_model(view(model));
    return estimate_tokens(view(text), ratio);
  });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "backend 'a' -> 'b' -> 'a'" when `target` is already being called on this thread (through
// the chain of nested completions that led here), else empty.
std::string completion_loop(const Instance& target) {
  const std::vector<const Instance*>& active = Instance::active_on_this_thread();
  const auto first = std::find(active.begin(), active.end(), &target);
  if (first == active.end()) return "";
  std::string chain = "backend";
  for (auto it = first; it != active.end(); ++it) chain += (it == first ? " '" : " -> '") + (*it)->name() + "'";
  return chain + " -> '" + target.name() + "'";
}

// Finds the named backend among the caller's sibling instances and runs the chat there,
// forwarding its events to the plugin's handler and its failure to on_error.
ah_status complete_with_backend(const ah_instance& handle, ah_call* call, const std::string& name,
                                std::string_view request_json, const EventHandler& handler) {
  Instance* target = handle.directory ? handle.directory->find(ComponentKind::backend, name) : nullptr;
  if (!target) {
    const std::vector<std::string> names =
        handle.directory ? handle.directory->names(ComponentKind::backend) : std::vector<std::string>();
    return handler.fail(AH_ERR_NOT_FOUND,
                        "no backend instance named '" + name + "' is configured (" +
                            (names.empty() ? "no backends are configured" : "configured backends: " + join(names)) +
                            ")");
  }
  if (target == handle.instance)
    return handler.fail(AH_ERR_INVALID_ARGUMENT, "backend '" + name + "' cannot complete with itself");
  // A backend that is not thread-safe holds its lock for its whole call, nested completions
  // included: entering it again on this thread would relock it and hang. (Two threads running
  // a -> b and b -> a at once can still deadlock on each other's locks; breaking that needs lock
  // ordering across requests, which the host does not attempt: configure such backends as
  // thread-safe or do not let them complete with each other.)
  if (const std::string loop = completion_loop(*target); !loop.empty())
    return handler.fail(AH_ERR_INVALID_ARGUMENT, "completion loop: " + loop);
  ForwardingSink sink(handler.table);
  if (call && call->sink) sink.follow(*call->sink); // cancelling the caller ends the completion
  const ah_status status = target->chat(sink, request_json);
  if (status == AH_OK) return AH_OK;
  if (sink.stopped_by_handler()) return AH_ERR_CANCELLED; // the caller asked to stop: not a failure
  return handler.fail(status, "backend '" + name + "': " + sink.error_message());
}

ah_status complete_with_backend_callback(ah_instance* handle, ah_call* call, ah_str backend, ah_str request_json,
                                         const ah_event_handler* handler) {
  if (!handler) return AH_ERR_INVALID_ARGUMENT;
  if (declared_size(handler) < event_handler_min_size) {
    log_too_small(handle, "complete_with_backend", "ah_event_handler", handler, event_handler_min_size);
    return AH_ERR_INVALID_ARGUMENT;
  }
  const EventHandler h(read_abi_struct(handler));
  if (!handle) return h.fail(AH_ERR_INVALID_ARGUMENT, "complete_with_backend needs the calling instance's handle");
  try {
    return complete_with_backend(*handle, call, std::string(view(backend)), view(request_json), h);
  } catch (const std::exception& e) {
    return h.fail_with_exception("run the completion", &e);
  } catch (...) {
    return h.fail_with_exception("run the completion", nullptr);
  }
}

void metric_callback(ah_instance* handle, ah_metric_kind kind, ah_str name, double value) {
  if (!handle) return;
  shielded(handle, 0, [&] {
    MetricKind metric_kind;
    switch (kind) {
    case AH_METRIC_COUNTER: metric_kind = MetricKind::counter; break;
    case AH_METRIC_GAUGE: metric_kind = MetricKind::gauge; break;
    case AH_METRIC_HISTOGRAM: metric_kind = MetricKind::histogram; break;
    default:
      log_as(*handle, LogLevel::warn,
             "metric '" + std::string(view(name)) + "' dropped: unknown metric kind " + std::to_string(kind));
      return 0;
    }
    const MetricRejection rejection =
        handle->services->metrics().record(metric_kind, view(name), handle->instance->section(), value);
    if (rejection != MetricRejection::none)
      log_as(*handle, LogLevel::warn, "metric '" + std::string(view(name)) + "' dropped: " + describe(rejection));
    return 0;
  });
}

// Runs a cleaning pipeline for a plugin (web_fetch cleaning a page) with the same runner the
// documents use: the RESULT (cleaned text) and each step's METADATA go to the plugin's handler.
// An empty pipeline name means the default pipeline for metadata's "content_type" (text/plain
// when absent).
ah_status run_pipeline(const ah_instance& handle, ah_call* call, std::string_view pipeline, std::string_view text,
                       std::string_view metadata_json, const EventHandler& handler) {
  const PipelineRunner* runner = handle.services->pipelines();
  if (!runner) {
    return handler.fail(AH_ERR_UNAVAILABLE, "run_pipeline: no cleaning pipelines are set up in this host process");
  }
  std::string content_type = "text/plain";
  if (!metadata_json.empty()) {
    json::Value metadata;
    try {
      metadata = json::parse(metadata_json);
    } catch (const std::exception& e) {
      return handler.fail(AH_ERR_INVALID_ARGUMENT, std::string("run_pipeline: metadata_json is not JSON: ") + e.what());
    }
    if (!metadata.is_object()) return handler.fail(AH_ERR_INVALID_ARGUMENT, "run_pipeline: metadata_json must be an object");
    if (const json::Value* type = metadata.find("content_type"); type && type->is_string()) content_type = type->as_string();
  }
  std::vector<std::string> steps;
  try {
    steps = runner->steps_for(pipeline.empty() ? std::nullopt : std::optional<std::string>(pipeline), content_type);
  } catch (const std::exception& e) {
    return handler.fail(AH_ERR_NOT_FOUND, std::string("run_pipeline: ") + e.what());
  }
  // A step that runs a pipeline containing itself would wait on its own lock forever.
  for (const Instance* active : Instance::active_on_this_thread()) {
    if (active->kind() == ComponentKind::cleaning &&
        std::find(steps.begin(), steps.end(), active->name()) != steps.end()) {
      return handler.fail(AH_ERR_INVALID_ARGUMENT, "run_pipeline: cleaning step '" + active->name() +
                                                       "' would run itself (a pipeline loop)");
    }
  }
  PipelineResult result;
  try {
    result = runner->run(steps, std::string(text), metadata_json.empty() ? "{}" : metadata_json, nullptr, {},
                         call ? call->sink : nullptr);
  } catch (const Error& e) {
    return handler.fail(e.kind() == ErrorKind::unavailable ? AH_ERR_CANCELLED : AH_ERR_INVALID_ARGUMENT, e.what());
  }
  if (!handler.table.on_event) return AH_OK;
  const auto deliver = [&](ah_event_type type, std::string_view name, std::string_view value) {
    ah_event event{};
    event.struct_size = sizeof(ah_event);
    event.type = type;
    event.name = to_ah(name);
    event.text = to_ah(value);
    return handler.table.on_event(handler.table.user, &event) == AH_OK;
  };
  for (const PipelineFinding& finding : result.findings)
    if (!deliver(AH_EVENT_METADATA, finding.name, finding.value)) return AH_ERR_CANCELLED;
  return deliver(AH_EVENT_RESULT, "", result.text) ? AH_OK : AH_ERR_CANCELLED;
}

ah_status run_pipeline_callback(ah_instance* handle, ah_call* call, ah_str pipeline, ah_str text, ah_str metadata_json,
                                const ah_event_handler* handler) {
  if (!handler) return AH_ERR_INVALID_ARGUMENT;
  if (declared_size(handler) < event_handler_min_size) {
    log_too_small(handle, "run_pipeline", "ah_event_handler", handler, event_handler_min_size);
    return AH_ERR_INVALID_ARGUMENT;
  }
  const EventHandler h(read_abi_struct(handler));
  if (!handle || !handle->services) return h.fail(AH_ERR_INVALID_ARGUMENT, "run_pipeline needs the calling instance's handle");
  try {
    return run_pipeline(*handle, call, view(pipeline), view(text), view(metadata_json), h);
  } catch (const std::exception& e) {
    return h.fail_with_exception("run the pipeline", &e);
  } catch (...) {
    return h.fail_with_exception("run the pipeline", nullptr);
  }
}

const ah_host_api host_api_table = {sizeof(ah_host_api),    AGENTHOST_ABI_MAJOR,       AGENTHOST_ABI_MINOR,
                                    &log_callback,          &set_error_callback,       &emit_callback,
                                    &is_cancelled_callback, &cache_get_callback,       &cache_put_callback,
                                    &http_request_callback, &estimate_tokens_callback, &complete_with_backend_callback,
                                    &metric_callback,       &run_pipeline_callback,    &search_documents_callback};

} // namespace

const ah_host_api* HostServices::table() const noexcept { return &host_api_table; }

} // namespace agenthost::plugins
