// One configured component instance ([backend.NAME], [tool.NAME], ...) and the typed calls into
// it. Each call reports through a CallSink: events as they come, the failure reason at the end.
#pragma once

#include "plugins/abi_handles.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/plugin_info.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::plugins {

// How a plugin reaches the other configured instances (complete_with_backend).
class InstanceDirectory {
public:
  virtual ~InstanceDirectory() = default;
  virtual Instance* find(ComponentKind kind, std::string_view name) const = 0;
  virtual std::vector<std::string> names(ComponentKind kind) const = 0;
};

struct InstanceContext {
  HostServices* services = nullptr;             // required
  const InstanceDirectory* directory = nullptr; // optional
};

class Instance {
public:
  // Creates an instance of `component` from settings JSON (already converted and validated).
  // On failure returns nullptr, and `sink` holds the plugin's reason (or, when it gave none, a
  // generic one); callers name the instance around it.
  static std::unique_ptr<Instance> create(ComponentInfo component, std::string name, const std::string& settings_json,
                                          InstanceContext context, CallSink& sink);

  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  // Hands the instance back to the plugin (destroy) once every call in progress has returned;
  // calls that start meanwhile fail with AH_ERR_UNAVAILABLE.
  ~Instance();

  const std::string& name() const { return name_; }
  ComponentKind kind() const { return component_.kind; }
  const ComponentInfo& component() const { return component_; }
  // "tool.calc": the config section, used to label logs, metrics and cache keys.
  std::string section() const;
  // "tool 'calc' (calculator from /path/calculator.so)": for messages.
  std::string label() const;

  // The instances this thread is currently inside, outermost first (a nested call through
  // complete_with_backend adds one); used to refuse completion loops.
  static const std::vector<const Instance*>& active_on_this_thread();
  // The sink of the innermost call into `instance` this thread is inside, or null. Host services
  // whose C callback gets no ah_call (cache_get, cache_put) find their call through it; a plugin
  // calling them from a thread of its own gets null.
  static CallSink* current_call(const Instance& instance);

  // Every call returns the plugin's status; on failure sink.error_message() says why. A call the
  // component's kind does not have, or that its table leaves NULL, fails with AH_ERR_UNSUPPORTED.
  // Without AH_COMPONENT_THREAD_SAFE, calls into one instance are serialized.
  ah_status chat(CallSink& sink, std::string_view request_json);                          // backend
  ah_status list_models(CallSink& sink);                                                  // backend
  ah_status pull_model(CallSink& sink, std::string_view model);                           // backend
  ah_status describe(CallSink& sink);                                                     // backend, tool
  ah_status invoke(CallSink& sink, std::string_view arguments_json);                      // tool
  ah_status apply(CallSink& sink, std::string_view request_json);                         // strategy
  ah_status clean(CallSink& sink, std::string_view text, std::string_view metadata_json); // cleaning

private:
  Instance(ComponentInfo component, std::string name, InstanceContext context);

  template <class Table, class Function, class... Args>
  ah_status call(CallSink& sink, const char* operation, Function Table::*member, Args... args);
  // Counts a call in flight; false once the destructor has started.
  bool enter_call();
  void leave_call();
  ah_status unsupported(CallSink& sink, const std::string& message) const;
  void explain_silent_failure(CallSink& sink, const char* operation, ah_status status) const;

  ComponentInfo component_;
  std::string name_;
  ah_instance handle_;
  void* self_ = nullptr;
  // Held for every call when the component is not thread-safe.
  std::mutex call_mutex_;
  // Calls in flight, whatever the component's threading: the destructor waits for zero, because
  // a thread-safe component's calls never take call_mutex_.
  std::mutex flight_mutex_;
  std::condition_variable flight_done_;
  int calls_in_flight_ = 0;
  bool closing_ = false;
};

} // namespace agenthost::plugins
