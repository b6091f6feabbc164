#include "runtime/context_window.hpp"

namespace agenthost::runtime {
namespace {

std::optional<std::int64_t> positive_integer(const json::Value* value) {
  if (value == nullptr || !value->is_number()) return std::nullopt;
  const double window = value->as_double();
  if (!(window >= 1)) return std::nullopt;
  return static_cast<std::int64_t>(window);
}

} // namespace

std::optional<std::int64_t> window_from_description(const json::Value& description, const std::string& model,
                                                    bool* listed) {
  if (listed != nullptr) *listed = false;
  if (!description.is_object()) return std::nullopt;
  if (const json::Value* models = description.find("models"); models && models->is_object()) {
    if (const json::Value* entry = models->find(model); entry && entry->is_object()) {
      if (listed != nullptr) *listed = true;
      if (auto window = positive_integer(entry->find("context_window"))) return window;
    }
  }
  if (const json::Value* prefixes = description.find("model_prefixes"); prefixes && prefixes->is_object()) {
    std::size_t longest = 0;
    std::optional<std::int64_t> best;
    for (const auto& [prefix, value] : prefixes->as_object()) {
      if (prefix.size() < longest || model.compare(0, prefix.size(), prefix) != 0) continue;
      if (auto window = positive_integer(&value)) {
        longest = prefix.size();
        best = window;
      }
    }
    if (best) return best;
  }
  return positive_integer(description.find("context_window"));
}

json::Value ContextWindows::describe(const std::string& backend) const {
  plugins::Instance* instance = instances_.find(plugins::ComponentKind::backend, backend);
  if (instance == nullptr) return json::Value();
  plugins::CollectingSink sink;
  if (instance->describe(sink) != AH_OK) return json::Value();
  try {
    return json::parse(sink.result());
  } catch (const std::exception&) {
    return json::Value(); // not JSON: it says nothing about windows
  }
}

std::optional<std::int64_t> ContextWindows::resolve(const std::string& backend, const std::string& model,
                                                    const BackendPolicy& policy) {
  if (auto found = policy.model_context_windows.find(model); found != policy.model_context_windows.end()) {
    return found->second;
  }
  if (policy.context_window) return policy.context_window;
  json::Value description;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto found = described_.find(backend); found != described_.end()) description = found->second.description;
  }
  bool listed = false;
  std::optional<std::int64_t> window = window_from_description(description, model, &listed);
  if (listed) return window;
  const auto now = now_();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = described_.find(backend);
    if (found != described_.end() && now - found->second.asked_at < kRedescribeAfter) return window;
    // Claimed before asking (outside the lock: a plugin may be slow), so concurrent turns ask once.
    described_[backend] = Described{description, now};
  }
  description = describe(backend);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    described_[backend] = Described{description, now};
  }
  return window_from_description(description, model);
}

} // namespace agenthost::runtime
