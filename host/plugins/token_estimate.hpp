// Token estimation: the host's estimate_tokens service and the estimate stored with every
// message. A character ratio, not a tokenizer: tokens = ceil(code points / char_ratio), where
// char_ratio (characters per token, default 4) is configurable per backend instance and per
// model ([backend.NAME] char_ratio, char_ratio.<model>). bench/context measures its error
// against exact BPE counts; strategies add a safety margin for it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::plugins {

inline constexpr double kDefaultCharRatio = 4.0;
// Tokens a chat message costs beyond its text (role, separators), as OpenAI documents it.
inline constexpr std::int64_t kMessageOverheadTokens = 4;
// Tokens one tool call's framing costs beyond its name and arguments text.
inline constexpr std::int64_t kToolCallFramingTokens = 3;

// UTF-8 code points in `text` (continuation bytes belong to the character before them).
std::int64_t count_code_points(std::string_view text) noexcept;

// ceil(code points / char_ratio); a ratio <= 0 counts as the default.
std::int64_t estimate_tokens(std::string_view text, double char_ratio = kDefaultCharRatio) noexcept;

// A message's text tokens: its content plus, per tool call, name + arguments + framing. The
// per-message overhead is NOT included (it is added when a context is built, so that stored
// estimates do not depend on it).
std::int64_t estimate_message_tokens(std::string_view content,
                                     const std::vector<std::pair<std::string_view, std::string_view>>& tool_calls,
                                     double char_ratio) noexcept;

// The character ratios of the configured backends.
struct BackendCharRatios {
  double char_ratio = kDefaultCharRatio;
  std::map<std::string, double, std::less<>> per_model; // exact model name -> ratio
};

class TokenEstimator {
public:
  TokenEstimator() = default;
  explicit TokenEstimator(std::map<std::string, BackendCharRatios, std::less<>> backends)
      : backends_(std::move(backends)) {}

  // The backend's per-model ratio, else the backend's ratio, else the default.
  double ratio_for(std::string_view backend, std::string_view model) const;
  // For callers that are not backends (strategies, tools): a per-model ratio some backend
  // configures for `model`, else the default.
  double ratio_for_model(std::string_view model) const;

private:
  std::map<std::string, BackendCharRatios, std::less<>> backends_;
};

// The estimator the estimate_tokens host service uses. The host services table is one constant
// shared by every instance (see host_services.hpp), so the configured ratios live here,
// installed once at startup (serve) before instances take calls; until then the defaults apply.
void install_token_estimator(std::shared_ptr<const TokenEstimator> estimator);
std::shared_ptr<const TokenEstimator> installed_token_estimator();

} // namespace agenthost::plugins
