// The context window of (backend, model), for the strategies' budgets. Resolution, first
// found wins: [backend.NAME] context_window.<model> > context_window > describe()'s
// models[model] > its longest matching model_prefixes entry > its context_window > unknown.
#pragma once

#include "plugins/instance.hpp"
#include "runtime/backend_caller.hpp"

#include <agenthost/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace agenthost::runtime {

// What describe() (a backend's RESULT JSON) says of `model`; nullopt when it says nothing.
// `listed`: set to whether the model is named exactly in "models".
std::optional<std::int64_t> window_from_description(const json::Value& description, const std::string& model,
                                                    bool* listed = nullptr);

class ContextWindows {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // How long a description is trusted for a model it does not list (Ollama learns models as
  // they are pulled) before describe() is asked again.
  static constexpr std::chrono::seconds kRedescribeAfter{60};

  explicit ContextWindows(const plugins::InstanceDirectory& instances,
                          Clock now = [] { return std::chrono::steady_clock::now(); })
      : instances_(instances), now_(std::move(now)) {}

  // Thread-safe. describe() is asked once per instance, and again at most once a minute while a
  // model is not listed in it; a failing describe() counts as saying nothing.
  std::optional<std::int64_t> resolve(const std::string& backend, const std::string& model,
                                      const BackendPolicy& policy);

private:
  struct Described {
    json::Value description;
    std::chrono::steady_clock::time_point asked_at;
  };
  json::Value describe(const std::string& backend) const;

  const plugins::InstanceDirectory& instances_;
  Clock now_;
  std::mutex mutex_;
  std::map<std::string, Described> described_;
};

} // namespace agenthost::runtime
