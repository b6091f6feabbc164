// agenthost SDK: what a backend knows of its models' context windows, and how it reports them in
// describe() (the shape the host reads):
//
//   {"context_window": n,                          instance default, for any other model (optional)
//    "models": {"<exact model>": {"context_window": n}, ...},
//    "model_prefixes": {"<name prefix>": n, ...}}   families: the longest matching prefix wins
//
// The host resolves (backend, model) as: its config override > models[model] > the longest
// matching model_prefixes entry > context_window > unknown. lookup() here resolves the same way,
// for a plugin's own list_models.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/sdk_types.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost {

class ModelWindows {
public:
  ModelWindows() = default;
  // A table of model-name prefixes (a provider's documented families) and a default (0: none).
  ModelWindows(std::map<std::string, int64_t> prefixes, int64_t default_window)
      : prefixes_(std::move(prefixes)), default_window_(default_window) {}

  // An operator's `context_windows` setting ({"<model or prefix>": tokens}): each key counts as
  // an exact model name and as a prefix, replacing a table entry with the same key. Throws
  // CallError::invalid_argument naming the entry that is not a positive integer.
  void apply_setting(const json::Value& setting, std::string_view setting_name = "context_windows") {
    if (setting.is_null()) return;
    if (!setting.is_object())
      throw CallError::invalid_argument(std::string(setting_name) + ": must be a JSON object {\"<model>\": tokens}");
    for (const auto& [model, tokens] : setting.as_object()) {
      if (!tokens.is_int() || tokens.as_int() <= 0) {
        throw CallError::invalid_argument(std::string(setting_name) + ": the window of " + quote_for_message(model) +
                                          " must be a positive integer (tokens), e.g. {\"" + model + "\": 128000}");
      }
      models_[model] = tokens.as_int();
      prefixes_[model] = tokens.as_int();
    }
  }

  void set_model(const std::string& model, int64_t tokens) { models_[model] = tokens; }
  bool has_model(const std::string& model) const { return models_.count(model) != 0; }

  // The window for `model` (exact > longest prefix > default), or nothing when unknown.
  std::optional<int64_t> lookup(std::string_view model) const {
    if (const auto exact = models_.find(std::string(model)); exact != models_.end()) return exact->second;
    std::optional<int64_t> found;
    std::size_t longest = 0;
    for (const auto& [prefix, tokens] : prefixes_) {
      if (prefix.size() >= longest && model.substr(0, prefix.size()) == prefix) {
        longest = prefix.size();
        found = tokens;
      }
    }
    if (found) return found;
    if (default_window_ > 0) return default_window_;
    return std::nullopt;
  }

  // Adds "context_window", "models" and "model_prefixes" (each only when it has something) to a
  // describe() object.
  void describe_into(json::Value& description) const {
    if (default_window_ > 0) description.set("context_window", default_window_);
    if (!models_.empty()) {
      json::Value models = json::Value::object();
      for (const auto& [model, tokens] : models_) models.set(model, json::Value::object({{"context_window", tokens}}));
      description.set("models", std::move(models));
    }
    if (!prefixes_.empty()) {
      json::Value prefixes = json::Value::object();
      for (const auto& [prefix, tokens] : prefixes_) prefixes.set(prefix, tokens);
      description.set("model_prefixes", std::move(prefixes));
    }
  }

private:
  std::map<std::string, int64_t> models_;
  std::map<std::string, int64_t> prefixes_;
  int64_t default_window_ = 0;
};

} // namespace agenthost
