#include "plugins/token_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace agenthost::plugins {

std::int64_t count_code_points(std::string_view text) noexcept {
  return static_cast<std::int64_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::int64_t estimate_tokens(std::string_view text, double char_ratio) noexcept {
  if (!(char_ratio > 0)) char_ratio = kDefaultCharRatio;
  const std::int64_t characters = count_code_points(text);
  if (characters == 0) return 0;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(characters) / char_ratio));
}

std::int64_t estimate_message_tokens(std::string_view content,
                                     const std::vector<std::pair<std::string_view, std::string_view>>& tool_calls,
                                     double char_ratio) noexcept {
  std::int64_t tokens = estimate_tokens(content, char_ratio);
  for (const auto& [name, arguments] : tool_calls) {
    tokens += estimate_tokens(name, char_ratio) + estimate_tokens(arguments, char_ratio) + kToolCallFramingTokens;
  }
  return tokens;
}

double TokenEstimator::ratio_for(std::string_view backend, std::string_view model) const {
  const auto found = backends_.find(backend);
  if (found == backends_.end()) return ratio_for_model(model);
  if (const auto per_model = found->second.per_model.find(model); per_model != found->second.per_model.end()) {
    return per_model->second;
  }
  return found->second.char_ratio;
}

double TokenEstimator::ratio_for_model(std::string_view model) const {
  if (model.empty()) return kDefaultCharRatio;
  for (const auto& [name, ratios] : backends_) {
    if (const auto per_model = ratios.per_model.find(model); per_model != ratios.per_model.end()) {
      return per_model->second;
    }
  }
  return kDefaultCharRatio;
}

namespace {
std::mutex installed_mutex;
std::shared_ptr<const TokenEstimator>& installed() {
  static std::shared_ptr<const TokenEstimator> estimator = std::make_shared<const TokenEstimator>();
  return estimator;
}
} // namespace

void install_token_estimator(std::shared_ptr<const TokenEstimator> estimator) {
  std::lock_guard<std::mutex> lock(installed_mutex);
  installed() = estimator ? std::move(estimator) : std::make_shared<const TokenEstimator>();
}

std::shared_ptr<const TokenEstimator> installed_token_estimator() {
  std::lock_guard<std::mutex> lock(installed_mutex);
  return installed();
}

} // namespace agenthost::plugins
