// agenthost SDK: the header-only C++ wrapper over the C ABI in plugin.h.
//
// A plugin author writes ordinary C++ classes and lists them in one macro:
//
//   struct Echo : agenthost::Tool {
//     static constexpr const char* type_name = "echo";
//     static constexpr const char* description = "Repeats its input";
//     static constexpr const char* settings_schema =
//         R"({"type":"object","properties":{"prefix":{"type":"string","default":""}}})";
//     explicit Echo(const agenthost::Context& ctx) : prefix_(ctx.settings["prefix"].as_string()) {}
//     std::string parameters_schema() const override { return R"({"type":"object", ...})"; }
//     agenthost::ToolOutput invoke(agenthost::Call&, const agenthost::json::Value& args) override {...}
//   };
//   AGENTHOST_PLUGIN("echo", "1.0.0", "Repeats things", Echo)
//
// Everything the C ABI demands is done here: exceptions are caught in the trampolines and turned
// into a status plus message, strings cross as views, results go through host-owned sinks, and
// members the host may not have (older hosts) are checked before use.
#pragma once

#include "agenthost/plugin.h"
#include "agenthost/sdk_types.hpp"

#include <cstddef>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace agenthost {

// ------------------------------------------------------------------------------------------
// Component base classes. Derive from exactly one.
// ------------------------------------------------------------------------------------------

// An AI model provider. Set `static constexpr uint32_t capabilities` to AH_BACKEND_* flags.
struct Backend {
  static constexpr ah_component_kind kind = AH_KIND_BACKEND;
  virtual ~Backend() = default;
  // Streams one response: call.text(...), call.tool_call(...), call.usage(...), call.finish(...).
  virtual void chat(Call& call, const ChatRequest& request) = 0;
  // Returns a JSON array of {"name": ...} objects.
  virtual json::Value list_models(Call& /*call*/) { throw CallError::unsupported("listing models"); }
  // Pulls a model, reporting call.progress(...).
  virtual void pull_model(Call& /*call*/, std::string_view /*model*/) {
    throw CallError::unsupported("pulling models");
  }
  // Describes the instance: capabilities, context windows. The default reports the flags.
  virtual json::Value describe() const { return json::Value::object(); }
};

// A function the model can call.
struct Tool {
  static constexpr ah_component_kind kind = AH_KIND_TOOL;
  virtual ~Tool() = default;
  // What the model reads to decide when to call the tool, when it depends on the instance's
  // settings. Empty (the default) uses the component's static `description`.
  virtual std::string model_description() const { return {}; }
  // JSON Schema (object) of the arguments.
  virtual std::string parameters_schema() const = 0;
  // Runs the tool; the returned output is what the model reads: text, or a json::Value (sent as
  // application/json). Throw CallError for failures the model should see (they become tool
  // errors, not host errors).
  virtual ToolOutput invoke(Call& call, const json::Value& arguments) = 0;
};

// A context filter: receives the turn's messages and budget, returns what the model sees.
struct Strategy {
  static constexpr ah_component_kind kind = AH_KIND_STRATEGY;
  virtual ~Strategy() = default;
  // Returns {"messages": [...], "report": {...}, "state": ...} (see ah_strategy_api).
  virtual json::Value apply(Call& call, const json::Value& request) = 0;
};

// A document-cleaning step: text in, cleaned text out, findings via call.metadata(...).
struct CleaningStep {
  static constexpr ah_component_kind kind = AH_KIND_CLEANING;
  virtual ~CleaningStep() = default;
  virtual std::string clean(Call& call, std::string_view text, const json::Value& metadata) = 0;
};

namespace detail {

// ---- reading optional static members of a component class --------------------------------

template <class T, class = void> struct has_description : std::false_type {};
template <class T> struct has_description<T, std::void_t<decltype(T::description)>> : std::true_type {};
template <class T, class = void> struct has_schema : std::false_type {};
template <class T> struct has_schema<T, std::void_t<decltype(T::settings_schema)>> : std::true_type {};
template <class T, class = void> struct has_thread_safe : std::false_type {};
template <class T> struct has_thread_safe<T, std::void_t<decltype(T::thread_safe)>> : std::true_type {};
template <class T, class = void> struct has_capabilities : std::false_type {};
template <class T> struct has_capabilities<T, std::void_t<decltype(T::capabilities)>> : std::true_type {};

template <class T> constexpr const char* description_of() {
  if constexpr (has_description<T>::value) return T::description;
  else return "";
}
template <class T> constexpr const char* schema_of() {
  if constexpr (has_schema<T>::value) return T::settings_schema;
  else return R"({"type":"object","properties":{}})";
}
template <class T> constexpr uint32_t flags_of() {
  if constexpr (has_thread_safe<T>::value) return T::thread_safe ? static_cast<uint32_t>(AH_COMPONENT_THREAD_SAFE) : 0u;
  else return 0u;
}
template <class T> constexpr uint32_t capabilities_of() {
  if constexpr (has_capabilities<T>::value) return T::capabilities;
  else return 0u;
}

// ---- exception barrier -------------------------------------------------------------------

// Runs `body`, turning every exception into a status plus message on `call`. Nothing thrown by
// plugin code ever reaches the host.
template <class Body> ah_status guarded(const ah_host_api* host, ah_call* call, Body&& body) noexcept {
  auto fail = [&](ah_status status, std::string_view message) {
    if (host && host->set_error && call) host->set_error(call, status, to_ah(message));
    return status;
  };
  try {
    body();
    return AH_OK;
  } catch (const CallError& e) {
    // A CallError with status OK would report success with an error message: that is a bug.
    return fail(e.status() == AH_OK ? AH_ERR_INTERNAL : e.status(), e.what());
  } catch (const json::ParseError& e) {
    return fail(AH_ERR_INVALID_ARGUMENT, std::string("invalid JSON: ") + e.what());
  } catch (const json::TypeError& e) {
    return fail(AH_ERR_INVALID_ARGUMENT, e.what());
  } catch (const std::bad_alloc&) {
    return fail(AH_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(AH_ERR_INTERNAL, e.what());
  } catch (...) {
    return fail(AH_ERR_INTERNAL, "unknown exception in plugin");
  }
}

// Each component instance remembers the host table it was created with, so that trampolines
// for calls can reach set_error/emit.
template <class T> struct Instance {
  const ah_host_api* host;
  T object;
  template <class... A> explicit Instance(const ah_host_api* h, A&&... args)
      : host(h), object(std::forward<A>(args)...) {}
};

template <class T> Instance<T>* self_of(void* self) { return static_cast<Instance<T>*>(self); }

template <class T>
ah_status create(const ah_host_api* host, ah_instance* instance, ah_str settings_json, ah_call* call,
                 void** out_self) {
  if (!out_self) return AH_ERR_INVALID_ARGUMENT;
  *out_self = nullptr;
  return guarded(host, call, [&] {
    Context context{HostServices(host, instance), json::Value::object(), std::string(to_sv(settings_json))};
    if (!context.settings_json.empty()) context.settings = json::parse(context.settings_json);
    if constexpr (std::is_constructible_v<T, const Context&>) {
      *out_self = new Instance<T>(host, context);
    } else {
      static_assert(std::is_default_constructible_v<T>,
                    "a component needs a constructor taking (const agenthost::Context&) or none");
      *out_self = new Instance<T>(host);
    }
  });
}

// Destructors are implicitly noexcept: one that throws calls std::terminate, as in any C++
// program; nothing can be caught here, so no try block pretends otherwise.
template <class T> void destroy(void* self) noexcept { delete self_of<T>(self); }

// ---- per-kind trampolines -----------------------------------------------------------------

template <class T> struct BackendTrampolines {
  static ah_status chat(void* self, ah_call* call, ah_str request_json) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      const ChatRequest request = ChatRequest::parse(to_sv(request_json));
      inst->object.chat(c, request);
    });
  }
  static ah_status list_models(void* self, ah_call* call) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      c.result(json::dump(inst->object.list_models(c)), "application/json");
    });
  }
  static ah_status pull_model(void* self, ah_call* call, ah_str model) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      inst->object.pull_model(c, to_sv(model));
    });
  }
  static ah_status describe(void* self, ah_call* call) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      json::Value description = inst->object.describe();
      if (!description.is_object()) description = json::Value::object();
      if (!description.find("capabilities")) {
        constexpr uint32_t caps = capabilities_of<T>();
        description.set("capabilities",
                        json::Value::object({{"tools", (caps & AH_BACKEND_TOOLS) != 0},
                                             {"parallel_tool_calls", (caps & AH_BACKEND_PARALLEL_TOOL_CALLS) != 0},
                                             {"streaming_tool_calls", (caps & AH_BACKEND_STREAMING_TOOL_CALLS) != 0},
                                             {"list_models", (caps & AH_BACKEND_LIST_MODELS) != 0},
                                             {"pull_models", (caps & AH_BACKEND_PULL_MODELS) != 0}}));
      }
      c.result(json::dump(description), "application/json");
    });
  }
  static const ah_backend_api* table() {
    static const ah_backend_api api = {sizeof(ah_backend_api), capabilities_of<T>(), &chat, &list_models,
                                       &pull_model, &describe};
    return &api;
  }
};

template <class T> struct ToolTrampolines {
  static ah_status describe(void* self, ah_call* call) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      std::string text = static_cast<const Tool&>(inst->object).model_description();
      if (text.empty()) text = description_of<T>();
      json::Value out = json::Value::object();
      out.set("description", text);
      out.set("parameters", json::parse(inst->object.parameters_schema()));
      c.result(json::dump(out), "application/json");
    });
  }
  static ah_status invoke(void* self, ah_call* call, ah_str arguments_json) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      const std::string_view text = to_sv(arguments_json);
      json::Value arguments = json::Value::object();
      try {
        if (!text.empty()) arguments = json::parse(text);
      } catch (const json::ParseError& e) {
        throw CallError::invalid_argument(std::string("arguments are not valid JSON: ") + e.what());
      }
      if (!arguments.is_object()) throw CallError::invalid_argument("arguments must be a JSON object");
      const ToolOutput output = inst->object.invoke(c, arguments);
      c.result(output.text, output.media_type);
    });
  }
  static const ah_tool_api* table() {
    static const ah_tool_api api = {sizeof(ah_tool_api), 0, &describe, &invoke};
    return &api;
  }
};

template <class T> struct StrategyTrampolines {
  static ah_status apply(void* self, ah_call* call, ah_str request_json) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      const json::Value request = json::parse(to_sv(request_json));
      c.result(json::dump(inst->object.apply(c, request)), "application/json");
    });
  }
  static const ah_strategy_api* table() {
    static const ah_strategy_api api = {sizeof(ah_strategy_api), 0, &apply};
    return &api;
  }
};

template <class T> struct CleaningTrampolines {
  static ah_status clean(void* self, ah_call* call, ah_str text, ah_str metadata_json) {
    auto* inst = self_of<T>(self);
    return guarded(inst->host, call, [&] {
      Call c(inst->host, call);
      const std::string_view meta = to_sv(metadata_json);
      const json::Value metadata = meta.empty() ? json::Value::object() : json::parse(meta);
      c.result(inst->object.clean(c, to_sv(text), metadata));
    });
  }
  static const ah_cleaning_api* table() {
    static const ah_cleaning_api api = {sizeof(ah_cleaning_api), 0, &clean};
    return &api;
  }
};

template <class T> const void* api_table_of() {
  if constexpr (std::is_base_of_v<Backend, T>) return BackendTrampolines<T>::table();
  else if constexpr (std::is_base_of_v<Tool, T>) return ToolTrampolines<T>::table();
  else if constexpr (std::is_base_of_v<Strategy, T>) return StrategyTrampolines<T>::table();
  else return CleaningTrampolines<T>::table();
}

template <class T> const ah_component* component() {
  constexpr int bases = int(std::is_base_of_v<Backend, T>) + int(std::is_base_of_v<Tool, T>) +
                        int(std::is_base_of_v<Strategy, T>) + int(std::is_base_of_v<CleaningStep, T>);
  static_assert(bases == 1, "a component derives from exactly one of Backend, Tool, Strategy, CleaningStep");
  static const ah_component c = {sizeof(ah_component), T::kind,     T::type_name, description_of<T>(),
                                 schema_of<T>(),       flags_of<T>(), 0,          &create<T>,
                                 &destroy<T>,          api_table_of<T>()};
  return &c;
}

template <class... Ts>
const ah_plugin_descriptor* descriptor(const char* name, const char* version, const char* description) {
  static const ah_component* const components[] = {component<Ts>()...};
  static const ah_plugin_descriptor d = {sizeof(ah_plugin_descriptor),
                                         AGENTHOST_ABI_MAJOR,
                                         AGENTHOST_ABI_MINOR,
                                         name,
                                         version,
                                         description,
                                         sizeof...(Ts),
                                         components};
  return &d;
}

} // namespace detail
} // namespace agenthost

// Declares the plugin: its name, version, one-line description and its component classes.
// Use it exactly once per shared library, at namespace scope.
#define AGENTHOST_PLUGIN(name, version, description, ...)                                          \
  extern "C" AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) {              \
    return ::agenthost::detail::descriptor<__VA_ARGS__>(name, version, description);               \
  }
