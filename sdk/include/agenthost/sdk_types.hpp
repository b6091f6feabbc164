// agenthost SDK: the C++ views of one call (Call), of the host's services (HostServices) and of
// the failures a component reports (CallError). Included by sdk.hpp; usable on its own.
#pragma once

#include "agenthost/chat.hpp"
#include "agenthost/json.hpp"
#include "agenthost/plugin.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost {

inline ah_str to_ah(std::string_view s) { return ah_str{s.data(), s.size()}; }
inline std::string_view to_sv(ah_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

// Reads member `m` of a host table only when the host's table is large enough to have it.
#define AGENTHOST_HOST_HAS(api, member)                                                            \
  ((api) != nullptr && (api)->struct_size >= offsetof(ah_host_api, member) + sizeof((api)->member) && \
   (api)->member != nullptr)

// What a message may say about a URL: scheme://host[:port] only. Userinfo, path, query and
// fragment can carry credentials (tokens in query strings, user:password@), so they never appear.
inline std::string url_origin(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return "(a malformed URL)";
  const std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(url.substr(0, scheme_end)) + "://" + std::string(authority);
}

// Callbacks the host calls must not let an exception unwind through the host's (C) frames:
// each runs its body here, which keeps the first exception to rethrow once the host returns.
template <class Body> bool capture_exception(std::exception_ptr& failure, Body&& body) noexcept {
  try {
    body();
    return true;
  } catch (...) {
    if (!failure) failure = std::current_exception();
    return false;
  }
}

// Quotes model- or user-chosen text for an error message without letting a huge value flood it:
// at most `max_bytes`, cut on a UTF-8 character boundary (the message stays valid UTF-8), "..."
// marking the cut. E.g. "unknown argument " + quote_for_message(name).
inline std::string quote_for_message(std::string_view text, std::size_t max_bytes = 40) {
  if (text.size() <= max_bytes) return "'" + std::string(text) + "'";
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(text.substr(0, cut)) + "...'";
}

// A failure with a status the host understands. Throw it from any component method.
class CallError : public std::runtime_error {
public:
  CallError(ah_status status, std::string message) : std::runtime_error(std::move(message)), status_(status) {}
  ah_status status() const noexcept { return status_; }

  static CallError invalid_argument(std::string m) { return {AH_ERR_INVALID_ARGUMENT, std::move(m)}; }
  static CallError not_found(std::string m) { return {AH_ERR_NOT_FOUND, std::move(m)}; }
  static CallError unsupported(std::string what) {
    return {AH_ERR_UNSUPPORTED, "this component does not support " + std::move(what)};
  }
  static CallError cancelled() { return {AH_ERR_CANCELLED, "cancelled"}; }
  static CallError timeout(std::string m) { return {AH_ERR_TIMEOUT, std::move(m)}; }
  static CallError unavailable(std::string m) { return {AH_ERR_UNAVAILABLE, std::move(m)}; }
  static CallError upstream(std::string m) { return {AH_ERR_UPSTREAM, std::move(m)}; }

private:
  ah_status status_;
};

// What a tool returns: text for the model, or JSON (dumped, marked application/json).
struct ToolOutput {
  std::string text;
  std::string media_type; // empty: plain text
  ToolOutput(std::string t) : text(std::move(t)) {}          // NOLINT(google-explicit-constructor)
  ToolOutput(const char* t) : text(t ? t : "") {}            // NOLINT(google-explicit-constructor)
  ToolOutput(const json::Value& v) : text(json::dump(v)), media_type("application/json") {} // NOLINT
};

// One invocation: where its output goes and whether it has been cancelled.
class Call {
public:
  Call(const ah_host_api* host, ah_call* call) : host_(host), call_(call) {}

  bool cancelled() const { return AGENTHOST_HOST_HAS(host_, is_cancelled) && host_->is_cancelled(call_) != 0; }
  // Throws CallError::cancelled() once the call is cancelled; call it between units of work.
  void check_cancelled() const {
    if (cancelled()) throw CallError::cancelled();
  }

  // Sends an event. Throws CallError::cancelled() when the consumer has gone away, so a
  // streaming loop stops at the next emit without extra checks.
  void emit(const ah_event& event) {
    if (!AGENTHOST_HOST_HAS(host_, emit)) return;
    if (host_->emit(call_, &event) == AH_ERR_CANCELLED) throw CallError::cancelled();
  }

  void text(std::string_view delta) { emit(make(AH_EVENT_TEXT_DELTA, delta)); }
  void reasoning(std::string_view delta) { emit(make(AH_EVENT_REASONING_DELTA, delta)); }
  void tool_call_delta(int index, std::string_view id, std::string_view name, std::string_view arguments_fragment) {
    ah_event e = make(AH_EVENT_TOOL_CALL_DELTA, {});
    e.index = index;
    e.id = to_ah(id);
    e.name = to_ah(name);
    e.arguments = to_ah(arguments_fragment);
    emit(e);
  }
  void tool_call(int index, std::string_view id, std::string_view name, std::string_view arguments_json) {
    ah_event e = make(AH_EVENT_TOOL_CALL, {});
    e.index = index;
    e.id = to_ah(id);
    e.name = to_ah(name);
    e.arguments = to_ah(arguments_json);
    emit(e);
  }
  void usage(int64_t input_tokens, int64_t output_tokens) {
    ah_event e = make(AH_EVENT_USAGE, {});
    e.input_tokens = input_tokens;
    e.output_tokens = output_tokens;
    emit(e);
  }
  void finish(std::string_view reason) { emit(make(AH_EVENT_FINISH, reason)); }
  void keepalive() { emit(make(AH_EVENT_KEEPALIVE, {})); }
  void progress(std::string_view status, int64_t completed = 0, int64_t total = 0) {
    ah_event e = make(AH_EVENT_PROGRESS, status);
    e.completed = completed;
    e.total = total;
    emit(e);
  }
  void result(std::string_view payload, std::string_view media_type = {}) {
    ah_event e = make(AH_EVENT_RESULT, payload);
    e.name = to_ah(media_type);
    emit(e);
  }
  void metadata(std::string_view key, std::string_view value) {
    ah_event e = make(AH_EVENT_METADATA, value);
    e.name = to_ah(key);
    emit(e);
  }
  void warning(std::string_view message) { emit(make(AH_EVENT_WARNING, message)); }

  ah_call* handle() const { return call_; }
  const ah_host_api* host() const { return host_; }

private:
  static ah_event make(ah_event_type type, std::string_view text) {
    ah_event e{};
    e.struct_size = sizeof(ah_event);
    e.type = type;
    e.text = to_ah(text);
    return e;
  }
  const ah_host_api* host_;
  ah_call* call_;
};

// An outbound HTTP request made through the host (and its egress policy).
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int64_t connect_timeout_ms = 0, read_timeout_ms = 0, total_timeout_ms = 0, max_response_bytes = 0;
  int max_redirects = 0;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body; // empty when the caller consumed the body through on_body
  // Case-insensitive header lookup; empty when absent.
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k.size() != name.size()) continue;
      bool same = true;
      for (size_t i = 0; i < k.size() && same; ++i) same = (k[i] | 0x20) == (name[i] | 0x20);
      if (same) return v;
    }
    return {};
  }
};

// What HostServices::run_pipeline returns: the cleaned text and the findings the steps reported
// (html_to_text reports the page's <title> as "title"), in the order they were reported.
struct PipelineOutput {
  std::string text;
  std::vector<std::pair<std::string, std::string>> metadata;
  // The last value reported under `name`; "" when none was.
  std::string metadata_value(std::string_view name) const {
    for (auto it = metadata.rbegin(); it != metadata.rend(); ++it)
      if (it->first == name) return it->second;
    return {};
  }
};

// The host's services, scoped to one component instance. Cheap to copy; thread-safe.
class HostServices {
public:
  HostServices() = default;
  HostServices(const ah_host_api* api, ah_instance* instance) : api_(api), instance_(instance) {}

  void log(ah_log_level level, std::string_view message) const {
    if (AGENTHOST_HOST_HAS(api_, log)) api_->log(instance_, level, to_ah(message));
  }
  void debug(std::string_view m) const { log(AH_LOG_DEBUG, m); }
  void info(std::string_view m) const { log(AH_LOG_INFO, m); }
  void warn(std::string_view m) const { log(AH_LOG_WARN, m); }
  void error(std::string_view m) const { log(AH_LOG_ERROR, m); }

  std::optional<std::string> cache_get(std::string_view key) const {
    if (!AGENTHOST_HOST_HAS(api_, cache_get)) return std::nullopt;
    struct State {
      std::string value;
      std::exception_ptr failure;
    } state;
    ah_byte_sink sink{sizeof(ah_byte_sink), &state, [](void* user, ah_str bytes) {
                        auto* s = static_cast<State*>(user);
                        capture_exception(s->failure, [&] { s->value.append(to_sv(bytes)); });
                      }};
    const int32_t hit = api_->cache_get(instance_, to_ah(key), &sink);
    if (state.failure) std::rethrow_exception(state.failure);
    if (hit != 1) return std::nullopt;
    return std::move(state.value);
  }
  void cache_put(std::string_view key, std::string_view value, int64_t ttl_seconds = 0) const {
    if (AGENTHOST_HOST_HAS(api_, cache_put)) api_->cache_put(instance_, to_ah(key), to_ah(value), ttl_seconds);
  }

  // Estimated tokens; falls back to ~4 characters per token on hosts without the service.
  int64_t estimate_tokens(std::string_view text, std::string_view model = {}) const {
    if (AGENTHOST_HOST_HAS(api_, estimate_tokens)) return api_->estimate_tokens(instance_, to_ah(model), to_ah(text));
    return static_cast<int64_t>((text.size() + 3) / 4);
  }

  void metric(ah_metric_kind kind, std::string_view name, double value) const {
    if (AGENTHOST_HOST_HAS(api_, metric)) api_->metric(instance_, kind, to_ah(name), value);
  }

  // Performs an HTTP exchange. With `on_body`, body chunks stream to it as they arrive (return
  // false to stop early) and HttpResponse::body stays empty; without it the body is collected.
  // Exceptions thrown by `on_body` are carried across the host and rethrown here.
  HttpResponse http(Call& call, const HttpRequest& request,
                    const std::function<bool(std::string_view chunk)>& on_body = {}) const {
    return http(call, request, {}, on_body);
  }

  // The same, with `on_head` called once with the status and headers (body still empty) before
  // the first body byte; returning false stops the exchange there. The returned response also
  // carries the status and headers.
  HttpResponse http(Call& call, const HttpRequest& request, const std::function<bool(const HttpResponse& head)>& on_head,
                    const std::function<bool(std::string_view chunk)>& on_body) const {
    if (!AGENTHOST_HOST_HAS(api_, http_request)) throw CallError::unsupported("outbound HTTP (host too old)");
    std::vector<ah_http_header> headers;
    headers.reserve(request.headers.size());
    for (const auto& [k, v] : request.headers) headers.push_back({to_ah(k), to_ah(v)});
    ah_http_request r{};
    r.struct_size = sizeof(r);
    r.method = to_ah(request.method);
    r.url = to_ah(request.url);
    r.headers = headers.data();
    r.header_count = headers.size();
    r.body = to_ah(request.body);
    r.connect_timeout_ms = request.connect_timeout_ms;
    r.read_timeout_ms = request.read_timeout_ms;
    r.total_timeout_ms = request.total_timeout_ms;
    r.max_response_bytes = request.max_response_bytes;
    r.max_redirects = request.max_redirects;

    struct State {
      HttpResponse response;
      const std::function<bool(const HttpResponse&)>* on_head;
      const std::function<bool(std::string_view)>* on_body;
      std::exception_ptr failure;
      ah_status error_status = AH_OK;
      std::string error_message;
    } state{{}, on_head ? &on_head : nullptr, on_body ? &on_body : nullptr, nullptr, AH_OK, {}};
    ah_http_response_handler handler{};
    handler.struct_size = sizeof(handler);
    handler.user = &state;
    handler.on_head = [](void* user, int32_t status, const ah_http_header* hs, size_t n) -> int32_t {
      auto* s = static_cast<State*>(user);
      s->response.status = status;
      bool keep_going = true;
      const bool ok = capture_exception(s->failure, [&] {
        for (size_t i = 0; i < n; ++i) s->response.headers.emplace_back(to_sv(hs[i].name), to_sv(hs[i].value));
        if (s->on_head) keep_going = (*s->on_head)(s->response);
      });
      return ok && keep_going ? 0 : 1;
    };
    handler.on_body = [](void* user, ah_str chunk) -> int32_t {
      auto* s = static_cast<State*>(user);
      bool keep_going = true;
      const bool ok = capture_exception(s->failure, [&] {
        if (s->on_body) keep_going = (*s->on_body)(to_sv(chunk));
        else s->response.body.append(to_sv(chunk));
      });
      return ok && keep_going ? 0 : 1;
    };
    handler.on_error = [](void* user, ah_status status, ah_str message) {
      auto* s = static_cast<State*>(user);
      s->error_status = status;
      capture_exception(s->failure, [&] { s->error_message.assign(to_sv(message)); });
    };
    const ah_status status = api_->http_request(instance_, call.handle(), &r, &handler);
    if (state.failure) std::rethrow_exception(state.failure);
    if (status != AH_OK && state.error_status != AH_OK) throw CallError(state.error_status, state.error_message);
    if (status != AH_OK && status != AH_ERR_CANCELLED) {
      throw CallError(status, "HTTP request to " + url_origin(request.url) + " failed");
    }
    if (status == AH_ERR_CANCELLED && call.cancelled()) throw CallError::cancelled();
    return std::move(state.response);
  }

  // How much of an error body http_stream keeps: error bodies are short JSON objects or a
  // proxy's page, and only their start is ever quoted.
  static constexpr std::size_t kMaxErrorBodyBytes = 16 * 1024;

  // Streams a 2xx body to `on_success_body` as it arrives, nothing of it buffered; for any other
  // status collects the body into the returned response's body instead, at most
  // `max_error_body_bytes` of it (reading stops there). Check the status, then report the error.
  HttpResponse http_stream(Call& call, const HttpRequest& request,
                           const std::function<bool(std::string_view chunk)>& on_success_body,
                           std::size_t max_error_body_bytes = kMaxErrorBodyBytes) const {
    bool success = false;
    std::string error_body;
    HttpResponse response = http(
        call, request,
        [&](const HttpResponse& head) {
          success = head.status >= 200 && head.status <= 299;
          return true;
        },
        [&](std::string_view chunk) {
          if (success) return on_success_body(chunk);
          error_body.append(chunk.substr(0, max_error_body_bytes - error_body.size()));
          return error_body.size() < max_error_body_bytes;
        });
    response.body = std::move(error_body);
    return response;
  }

  // Runs a chat request on another configured backend instance; returns the concatenated text.
  std::string complete_with_backend(Call& call, std::string_view backend, const json::Value& request,
                                    const std::function<void(const ah_event&)>& on_event = {}) const {
    if (!AGENTHOST_HOST_HAS(api_, complete_with_backend)) throw CallError::unsupported("complete_with_backend (host too old)");
    struct State {
      std::string text;
      const std::function<void(const ah_event&)>* on_event;
      std::exception_ptr failure;
      ah_status error_status = AH_OK;
      std::string error_message;
    } state{{}, on_event ? &on_event : nullptr, nullptr, AH_OK, {}};
    ah_event_handler handler{};
    handler.struct_size = sizeof(handler);
    handler.user = &state;
    handler.on_event = [](void* user, const ah_event* e) -> ah_status {
      auto* s = static_cast<State*>(user);
      return capture_exception(s->failure, [&] {
               if (e->type == AH_EVENT_TEXT_DELTA) s->text.append(to_sv(e->text));
               if (s->on_event) (*s->on_event)(*e);
             }) ? AH_OK : AH_ERR_CANCELLED;
    };
    handler.on_error = [](void* user, ah_status status, ah_str message) {
      auto* s = static_cast<State*>(user);
      s->error_status = status;
      capture_exception(s->failure, [&] { s->error_message.assign(to_sv(message)); });
    };
    const std::string body = json::dump(request);
    const ah_status status = api_->complete_with_backend(instance_, call.handle(), to_ah(backend), to_ah(body), &handler);
    if (state.failure) std::rethrow_exception(state.failure);
    if (status != AH_OK) {
      throw CallError(status, state.error_message.empty()
                                  ? "completion on backend '" + std::string(backend) + "' failed"
                                  : state.error_message);
    }
    return std::move(state.text);
  }

  // Runs the host's cleaning pipeline `pipeline` over `text` ("" = the host's default pipeline for
  // metadata's "content_type", text/plain when absent). `metadata_json` is a JSON object handed
  // to every step, e.g. {"content_type":"text/html","source":"https://..."}. Throws CallError with
  // the host's reason when the pipeline is unknown or a step fails.
  PipelineOutput run_pipeline(Call& call, std::string_view pipeline, std::string_view text,
                              std::string_view metadata_json = {}) const {
    if (!AGENTHOST_HOST_HAS(api_, run_pipeline)) throw CallError::unsupported("run_pipeline (host too old)");
    struct State {
      PipelineOutput output;
      std::exception_ptr failure;
      ah_status error_status = AH_OK;
      std::string error_message;
    } state;
    ah_event_handler handler{};
    handler.struct_size = sizeof(handler);
    handler.user = &state;
    handler.on_event = [](void* user, const ah_event* e) -> ah_status {
      auto* s = static_cast<State*>(user);
      return capture_exception(s->failure, [&] {
               if (e->type == AH_EVENT_RESULT) s->output.text.append(to_sv(e->text));
               else if (e->type == AH_EVENT_METADATA) s->output.metadata.emplace_back(to_sv(e->name), to_sv(e->text));
             }) ? AH_OK : AH_ERR_CANCELLED;
    };
    handler.on_error = [](void* user, ah_status status, ah_str message) {
      auto* s = static_cast<State*>(user);
      s->error_status = status;
      capture_exception(s->failure, [&] { s->error_message.assign(to_sv(message)); });
    };
    const ah_status status =
        api_->run_pipeline(instance_, call.handle(), to_ah(pipeline), to_ah(text), to_ah(metadata_json), &handler);
    if (state.failure) std::rethrow_exception(state.failure);
    if (status != AH_OK) {
      const std::string name = pipeline.empty() ? std::string("the default cleaning pipeline")
                                                : "cleaning pipeline '" + std::string(pipeline) + "'";
      throw CallError(state.error_status != AH_OK ? state.error_status : status,
                      state.error_message.empty() ? name + " failed (the host gave no reason)" : state.error_message);
    }
    return std::move(state.output);
  }

  const ah_host_api* api() const { return api_; }
  ah_instance* instance() const { return instance_; }

  // Full-text search over the documents of the user the call runs for (the turn's owner):
  // [{"document_id","filename","page","score","snippet"}], best first, at most `limit` (1..20).
  // Throws CallError with the host's reason (AH_ERR_PERMISSION outside a user's turn).
  json::Value search_documents(Call& call, std::string_view query, int32_t limit) const {
    if (!AGENTHOST_HOST_HAS(api_, search_documents)) throw CallError::unsupported("search_documents (host too old)");
    struct State {
      std::string bytes;
      std::exception_ptr failure;
    } state;
    ah_byte_sink sink{sizeof(ah_byte_sink), &state, [](void* user, ah_str bytes) {
                        auto* s = static_cast<State*>(user);
                        capture_exception(s->failure, [&] { s->bytes.append(to_sv(bytes)); });
                      }};
    const ah_status status = api_->search_documents(instance_, call.handle(), to_ah(query), limit, &sink);
    if (state.failure) std::rethrow_exception(state.failure);
    if (status != AH_OK)
      throw CallError(status, state.bytes.empty() ? "document search failed (the host gave no reason)" : state.bytes);
    return json::parse(state.bytes);
  }

private:
  const ah_host_api* api_ = nullptr;
  ah_instance* instance_ = nullptr;
};

// What a component's constructor receives: the host services for this instance and its
// settings, already validated against the component's settings_schema (defaults filled in).
struct Context {
  HostServices host;
  json::Value settings;
  std::string settings_json;
};

} // namespace agenthost
