// agenthost SDK: a fake host for a plugin's unit tests.
//
// It loads the plugin's shared library the way the host does (dlopen with RTLD_NOW|RTLD_LOCAL,
// the entry symbol, the same descriptor checks), validates instance settings with the same
// settings-schema code the host uses, and calls components through the C ABI, recording every
// event. Services (HTTP, cache, token estimates, completions, pipelines) are programmable.
//
//   agenthost::testing::FakeHost host;
//   host.load(PLUGIN_PATH);                       // path of the built .so
//   auto calc = host.create("calculator");        // INI-style settings as key/value pairs
//   auto r = calc.invoke(R"({"expression":"1+2"})");
//   EXPECT_TRUE(r.ok()); EXPECT_EQ(r.result(), "3");
#pragma once

#include "agenthost/event_record.hpp"
#include "agenthost/sdk_types.hpp"
#include "agenthost/settings_schema.hpp"
#include "agenthost/testing/descriptor_check.hpp"

#include <dlfcn.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::testing {

// An event as recorded by the fake host (owning copies of every string).
using Event = EventRecord;

struct CallResult {
  ah_status status = AH_OK;
  ah_status error_status = AH_OK;
  std::string error; // the message set with set_error, if any
  std::vector<Event> events;

  bool ok() const { return status == AH_OK; }
  // The payload of the last RESULT event ("" when none).
  std::string result() const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->type == AH_EVENT_RESULT) return it->text;
    return {};
  }
  json::Value result_json() const { return json::parse(result()); }
  // All TEXT_DELTA pieces concatenated.
  std::string text() const {
    std::string out;
    for (const Event& e : events)
      if (e.type == AH_EVENT_TEXT_DELTA) out += e.text;
    return out;
  }
  std::vector<Event> of(ah_event_type type) const {
    std::vector<Event> out;
    for (const Event& e : events)
      if (e.type == type) out.push_back(e);
    return out;
  }
};

struct CallOptions {
  // Cancel the call once this many events were delivered (emit then reports cancellation).
  int cancel_after_events = -1;
  // Start the call already cancelled.
  bool cancelled = false;
  // Cancel from outside at any moment (e.g. from another thread while the plugin waits):
  // the call counts as cancelled whenever *cancel_flag is true. Must outlive the call.
  const std::atomic<bool>* cancel_flag = nullptr;
  // Observe each event as it arrives (e.g. to cancel from "outside", or to time it).
  std::function<void(const Event&)> on_event;
  // The user the call runs for (a turn's owner), as search_documents sees it; empty: none.
  std::string owner_id;
};

// What a fake HTTP endpoint answers: a response delivered in chunks, or a transport error.
struct FakeHttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> chunks;
  ah_status error = AH_OK; // non-OK: the exchange fails with `error_message` instead
  std::string error_message;
};

class FakeHost {
  struct CallState {
    // A thread-safe component may emit or set_error from several threads of one call.
    std::mutex mutex;
    CallResult result;
    CallOptions options;
    std::atomic<bool> cancelled{false};
    int delivered = 0;
  };
  struct InstanceState {
    FakeHost* host;
    std::string type_name;
    // Like the host, cache keys are scoped to the instance: "<type>#<n>/".
    std::string cache_scope;
  };

public:
  // Programmable services. Defaults: no HTTP (error), in-memory cache, 4 chars per token.
  std::function<FakeHttpResponse(const HttpRequest&)> http;
  std::function<std::string(std::string_view backend, const json::Value& request)> complete;
  std::function<std::string(std::string_view pipeline, std::string_view text)> pipeline;
  // Findings the fake pipeline reports (as METADATA events, before its result), e.g.
  // {{"title", "Home"}} as html_to_text would. Unset: none.
  std::function<std::vector<std::pair<std::string, std::string>>(std::string_view pipeline, std::string_view text)>
      pipeline_findings;
  struct PipelineRun {
    std::string pipeline, text, metadata_json;
  };
  std::vector<PipelineRun> pipeline_runs; // every run_pipeline call, in order
  // estimate_tokens: the count for `text` under `model` ("" when the plugin names none), so a
  // test can give exact counts or a model's own ratio. Unset: (bytes + 3) / 4.
  std::function<int64_t(std::string_view text, std::string_view model)> estimate;
  // search_documents for the call's owner (CallOptions::owner_id): the hits array to answer.
  // `limit` arrives clamped to 1..20, as the host does. A call without an owner is refused
  // (AH_ERR_PERMISSION) before this runs.
  std::function<json::Value(std::string_view owner_id, std::string_view query, int32_t limit)> search_documents;
  std::map<std::string, std::string> cache;
  std::vector<std::pair<ah_log_level, std::string>> logs;
  std::vector<std::pair<std::string, double>> metrics;
  std::vector<HttpRequest> http_requests; // every request the plugin made, in order
  // Body bytes the plugin accepted (on_body returned "go on") over all exchanges: shows that a
  // plugin stops reading, e.g. an endless error body.
  std::size_t http_body_bytes_accepted = 0;

  FakeHost() = default;
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  // Loads a plugin .so exactly as the host does. Throws std::runtime_error with the reason.
  void load(const std::string& path) {
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error(std::string("cannot load ") + path + ": " + ::dlerror());
    // Like the host, never dlclose: static data of the plugin may still be referenced.
    auto entry = reinterpret_cast<ah_plugin_entry_fn>(::dlsym(handle, AGENTHOST_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error(path + ": no symbol " AGENTHOST_ENTRY_SYMBOL);
    use(entry);
  }

  // Uses an entry function linked into the test binary. Runs the host's descriptor checks and
  // throws std::runtime_error with the reason the host would refuse the plugin for.
  void use(ah_plugin_entry_fn entry) {
    loaded_ = std::make_unique<detail::CheckedDescriptor>(detail::check_descriptor(entry()));
  }

  // The checked, zero-extended copy of the descriptor (as the host reads it).
  const ah_plugin_descriptor& descriptor() const {
    if (!loaded_) throw std::runtime_error("no plugin loaded");
    return loaded_->descriptor;
  }

  const ah_component& component(std::string_view type_name) const { return *component_ptr(type_name); }

  class Instance;

  // Creates an instance from INI-style settings, converted and validated by the same code the
  // host's config loader uses. Throws std::runtime_error listing every problem.
  Instance create(std::string_view type_name, const std::vector<std::pair<std::string, std::string>>& ini = {},
                  const std::string& base_dir = {});

  const ah_host_api* api() const { return &api_; }

  class Instance {
  public:
    Instance(Instance&& other) noexcept : host_(other.host_), component_(std::move(other.component_)),
                                          self_(other.self_), state_(std::move(other.state_)) {
      other.self_ = nullptr;
    }
    Instance& operator=(Instance&&) = delete;
    ~Instance() {
      if (self_) component_->destroy(self_);
    }

    // Every operation checks the component's kind and that its table has the function, and
    // fails with AH_ERR_UNSUPPORTED otherwise (the host never calls through another kind's table).
    // Backend.
    CallResult chat(const ChatRequest& request, CallOptions o = {}) { return chat_json(json::dump(request.to_json()), std::move(o)); }
    CallResult chat_json(std::string_view request_json, CallOptions o = {}) {
      return call(AH_KIND_BACKEND, "chat", &ah_backend_api::chat, std::move(o), to_ah(request_json));
    }
    CallResult list_models(CallOptions o = {}) {
      return call(AH_KIND_BACKEND, "list_models", &ah_backend_api::list_models, std::move(o));
    }
    CallResult pull_model(std::string_view model, CallOptions o = {}) {
      return call(AH_KIND_BACKEND, "pull_model", &ah_backend_api::pull_model, std::move(o), to_ah(model));
    }
    // Backend or tool.
    CallResult describe(CallOptions o = {}) {
      if (component_->kind == AH_KIND_BACKEND)
        return call(AH_KIND_BACKEND, "describe", &ah_backend_api::describe, std::move(o));
      return call(AH_KIND_TOOL, "describe", &ah_tool_api::describe, std::move(o));
    }
    // Tool.
    CallResult invoke(std::string_view arguments_json, CallOptions o = {}) {
      return call(AH_KIND_TOOL, "invoke", &ah_tool_api::invoke, std::move(o), to_ah(arguments_json));
    }
    // Strategy.
    CallResult apply(std::string_view request_json, CallOptions o = {}) {
      return call(AH_KIND_STRATEGY, "apply", &ah_strategy_api::apply, std::move(o), to_ah(request_json));
    }
    // Cleaning step.
    CallResult clean(std::string_view text, std::string_view metadata_json = "{}", CallOptions o = {}) {
      return call(AH_KIND_CLEANING, "clean", &ah_cleaning_api::clean, std::move(o), to_ah(text), to_ah(metadata_json));
    }

  private:
    friend class FakeHost;
    Instance(FakeHost* host, std::shared_ptr<const ah_component> component, std::unique_ptr<InstanceState> state)
        : host_(host), component_(std::move(component)), state_(std::move(state)) {}

    static CallResult unsupported(std::string message) {
      CallResult r;
      r.status = r.error_status = AH_ERR_UNSUPPORTED;
      r.error = std::move(message);
      return r;
    }

    template <class Table, class Fn, class... Args>
    CallResult call(ah_component_kind kind, const char* operation, Fn Table::*member, CallOptions o, Args... args) {
      const std::string name = "'" + std::string(component_->type_name) + "'";
      if (component_->kind != kind)
        return unsupported(name + " is a " + detail::kind_word(component_->kind) + ", not a " +
                           detail::kind_word(kind) + ": it has no " + operation + " operation");
      // Zero-extended: a function past the table's struct_size reads as NULL.
      const Fn fn = detail::read_abi_struct<Table>(component_->api).*member;
      if (!fn) return unsupported(name + "'s function table has no " + operation + " function");
      return run(std::move(o), [&](ah_call* c) { return fn(self_, c, args...); });
    }

    template <class Fn> CallResult run(CallOptions options, Fn&& fn) {
      CallState state;
      state.options = std::move(options);
      state.cancelled = state.options.cancelled;
      state.result.status = fn(reinterpret_cast<ah_call*>(&state));
      return std::move(state.result);
    }

    FakeHost* host_;
    std::shared_ptr<const ah_component> component_;
    void* self_ = nullptr;
    std::unique_ptr<InstanceState> state_;
  };

private:
  static FakeHost& host_of(ah_instance* i) { return *reinterpret_cast<InstanceState*>(i)->host; }
  static CallState& state_of(ah_call* c) { return *reinterpret_cast<CallState*>(c); }
  static std::string scoped_key(ah_instance* i, ah_str key) {
    return reinterpret_cast<InstanceState*>(i)->cache_scope + std::string(to_sv(key));
  }

  std::shared_ptr<const ah_component> component_ptr(std::string_view type_name) const {
    if (!loaded_) throw std::runtime_error("no plugin loaded");
    for (const auto& c : loaded_->components)
      if (type_name == c->type_name) return c;
    throw std::runtime_error("plugin has no component '" + std::string(type_name) + "'");
  }

  static void log_fn(ah_instance* i, ah_log_level level, ah_str message) {
    FakeHost& h = host_of(i);
    std::lock_guard<std::mutex> lock(h.mutex_);
    h.logs.emplace_back(level, std::string(to_sv(message)));
  }
  static void set_error_fn(ah_call* c, ah_status status, ah_str message) {
    CallState& s = state_of(c);
    std::lock_guard<std::mutex> lock(s.mutex);
    // As in the host: an "error" with status OK is a bug in the component.
    s.result.error_status = status == AH_OK ? AH_ERR_INTERNAL : status;
    s.result.error = std::string(to_sv(message));
  }
  static ah_status emit_fn(ah_call* c, const ah_event* event) {
    CallState& s = state_of(c);
    if (is_cancelled_fn(c)) return AH_ERR_CANCELLED;
    // Read min(size, known) into zeroed storage, as the host does.
    ah_event e{};
    std::memcpy(&e, event, std::min<size_t>(event->struct_size, sizeof(ah_event)));
    // Held while on_event runs too, so observers see events one at a time, in order.
    std::lock_guard<std::mutex> lock(s.mutex);
    s.result.events.push_back(EventRecord::of(e));
    if (s.options.on_event) s.options.on_event(s.result.events.back());
    if (s.options.cancel_after_events >= 0 && ++s.delivered >= s.options.cancel_after_events) s.cancelled = true;
    return AH_OK;
  }
  static int32_t is_cancelled_fn(ah_call* c) {
    const CallState& s = state_of(c);
    return s.cancelled || (s.options.cancel_flag && s.options.cancel_flag->load()) ? 1 : 0;
  }
  static int32_t cache_get_fn(ah_instance* i, ah_str key, const ah_byte_sink* out) {
    FakeHost& h = host_of(i);
    std::lock_guard<std::mutex> lock(h.mutex_);
    auto it = h.cache.find(scoped_key(i, key));
    if (it == h.cache.end()) return 0;
    out->write(out->user, to_ah(it->second));
    return 1;
  }
  static void cache_put_fn(ah_instance* i, ah_str key, ah_str value, int64_t) {
    FakeHost& h = host_of(i);
    std::lock_guard<std::mutex> lock(h.mutex_);
    h.cache[scoped_key(i, key)] = std::string(to_sv(value));
  }
  static ah_status http_fn(ah_instance* i, ah_call* c, const ah_http_request* r,
                           const ah_http_response_handler* handler) {
    FakeHost& h = host_of(i);
    HttpRequest request;
    request.method = std::string(to_sv(r->method));
    request.url = std::string(to_sv(r->url));
    for (size_t k = 0; k < r->header_count; ++k)
      request.headers.emplace_back(to_sv(r->headers[k].name), to_sv(r->headers[k].value));
    request.body = std::string(to_sv(r->body));
    request.max_redirects = r->max_redirects;
    request.connect_timeout_ms = r->connect_timeout_ms;
    request.read_timeout_ms = r->read_timeout_ms;
    request.total_timeout_ms = r->total_timeout_ms;
    request.max_response_bytes = r->max_response_bytes;
    {
      std::lock_guard<std::mutex> lock(h.mutex_);
      h.http_requests.push_back(request);
    }
    auto fail = [&](ah_status status, std::string_view message) {
      if (handler->on_error) handler->on_error(handler->user, status, to_ah(message));
      return status;
    };
    if (!h.http) return fail(AH_ERR_UNAVAILABLE, "the fake host has no HTTP endpoint configured");
    const FakeHttpResponse response = h.http(request);
    if (response.error != AH_OK) return fail(response.error, response.error_message);
    std::vector<ah_http_header> headers;
    for (const auto& [k, v] : response.headers) headers.push_back({to_ah(k), to_ah(v)});
    if (handler->on_head(handler->user, response.status, headers.data(), headers.size()) != 0) return AH_ERR_CANCELLED;
    for (const std::string& chunk : response.chunks) {
      if (is_cancelled_fn(c)) return fail(AH_ERR_CANCELLED, "cancelled");
      if (handler->on_body(handler->user, to_ah(chunk)) != 0) return AH_ERR_CANCELLED;
      std::lock_guard<std::mutex> lock(h.mutex_);
      h.http_body_bytes_accepted += chunk.size();
    }
    return AH_OK;
  }
  static int64_t estimate_fn(ah_instance* i, ah_str model, ah_str text) {
    const FakeHost& h = host_of(i);
    if (h.estimate) return h.estimate(to_sv(text), to_sv(model));
    return static_cast<int64_t>((text.len + 3) / 4);
  }
  static ah_status complete_fn(ah_instance* i, ah_call*, ah_str backend, ah_str request_json,
                               const ah_event_handler* handler) {
    FakeHost& h = host_of(i);
    if (!h.complete) {
      handler->on_error(handler->user, AH_ERR_UNAVAILABLE, to_ah("the fake host has no completion configured"));
      return AH_ERR_UNAVAILABLE;
    }
    std::string text;
    try {
      text = h.complete(to_sv(backend), json::parse(to_sv(request_json)));
    } catch (const std::exception& e) {
      handler->on_error(handler->user, AH_ERR_UPSTREAM, to_ah(e.what()));
      return AH_ERR_UPSTREAM;
    }
    ah_event e{};
    e.struct_size = sizeof(e);
    e.type = AH_EVENT_TEXT_DELTA;
    e.text = to_ah(text);
    return handler->on_event(handler->user, &e);
  }
  static void metric_fn(ah_instance* i, ah_metric_kind, ah_str name, double value) {
    FakeHost& h = host_of(i);
    std::lock_guard<std::mutex> lock(h.mutex_);
    h.metrics.emplace_back(std::string(to_sv(name)), value);
  }
  static ah_status pipeline_fn(ah_instance* i, ah_call*, ah_str pipeline, ah_str text, ah_str metadata_json,
                               const ah_event_handler* handler) {
    FakeHost& h = host_of(i);
    {
      std::lock_guard<std::mutex> lock(h.mutex_);
      h.pipeline_runs.push_back({std::string(to_sv(pipeline)), std::string(to_sv(text)), std::string(to_sv(metadata_json))});
    }
    if (!h.pipeline) {
      handler->on_error(handler->user, AH_ERR_UNSUPPORTED, to_ah("the fake host has no pipeline configured"));
      return AH_ERR_UNSUPPORTED;
    }
    const std::string cleaned = h.pipeline(to_sv(pipeline), to_sv(text));
    if (h.pipeline_findings) {
      for (const auto& [name, value] : h.pipeline_findings(to_sv(pipeline), to_sv(text))) {
        ah_event finding{};
        finding.struct_size = sizeof(finding);
        finding.type = AH_EVENT_METADATA;
        finding.name = to_ah(name);
        finding.text = to_ah(value);
        if (const ah_status status = handler->on_event(handler->user, &finding); status != AH_OK) return status;
      }
    }
    ah_event e{};
    e.struct_size = sizeof(e);
    e.type = AH_EVENT_RESULT;
    e.text = to_ah(cleaned);
    return handler->on_event(handler->user, &e);
  }

  static ah_status search_documents_fn(ah_instance* i, ah_call* c, ah_str query, int32_t limit,
                                      const ah_byte_sink* out) {
    FakeHost& h = host_of(i);
    const std::string& owner = state_of(c).options.owner_id;
    auto fail = [&](ah_status status, std::string_view message) {
      if (out && out->write) out->write(out->user, to_ah(message));
      return status;
    };
    if (owner.empty()) return fail(AH_ERR_PERMISSION, "document_search runs only inside a user's turn");
    if (!h.search_documents) return fail(AH_ERR_UNAVAILABLE, "the fake host has no search_documents configured");
    const int32_t clamped = limit < 1 ? 1 : (limit > 20 ? 20 : limit);
    std::string hits;
    try {
      hits = json::dump(h.search_documents(owner, to_sv(query), clamped));
    } catch (const std::exception& e) {
      return fail(AH_ERR_INTERNAL, e.what());
    }
    if (out && out->write) out->write(out->user, to_ah(hits));
    return AH_OK;
  }

  std::unique_ptr<detail::CheckedDescriptor> loaded_;
  std::mutex mutex_;
  int instances_created_ = 0;
  ah_host_api api_ = {sizeof(ah_host_api), AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR,
                      &log_fn,             &set_error_fn,       &emit_fn,
                      &is_cancelled_fn,    &cache_get_fn,       &cache_put_fn,
                      &http_fn,            &estimate_fn,        &complete_fn,
                      &metric_fn,          &pipeline_fn,        &search_documents_fn};
};

inline FakeHost::Instance FakeHost::create(std::string_view type_name,
                                           const std::vector<std::pair<std::string, std::string>>& ini,
                                           const std::string& base_dir) {
  std::shared_ptr<const ah_component> component = component_ptr(type_name);
  const ah_component& c = *component;
  std::vector<settings::RawSetting> raw;
  for (const auto& [k, v] : ini) raw.push_back({k, v, 0});
  const settings::Result converted = settings::convert(json::parse(c.settings_schema), raw, base_dir);
  if (!converted.problems.empty()) {
    std::string message = "invalid settings for " + std::string(type_name) + ":";
    for (const auto& p : converted.problems) message += "\n  " + p.message;
    throw std::runtime_error(message);
  }
  const std::string scope = std::string(type_name) + "#" + std::to_string(++instances_created_) + "/";
  auto state = std::make_unique<InstanceState>(InstanceState{this, std::string(type_name), scope});
  Instance instance(this, std::move(component), std::move(state));
  CallState call;
  const std::string settings_json = json::dump(converted.settings);
  void* self = nullptr;
  const ah_status status = c.create(&api_, reinterpret_cast<ah_instance*>(instance.state_.get()), to_ah(settings_json),
                                    reinterpret_cast<ah_call*>(&call), &self);
  // Like the host, a failed create owns nothing: destroy is not called even if it set self.
  if (status != AH_OK || !self) {
    throw std::runtime_error("creating " + std::string(type_name) + " failed: " + call.result.error);
  }
  instance.self_ = self;
  return instance;
}

} // namespace agenthost::testing
