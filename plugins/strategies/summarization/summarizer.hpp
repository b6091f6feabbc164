// The summarization strategy's summarizer: renders messages as text and folds them into a
// summary through another backend (the host's complete_with_backend), in pieces small enough
// that every request fits the summarizer's own input budget.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace summarization {

struct SummarizerSettings {
  std::string backend;                // the backend instance that summarizes
  std::string model;                  // the model it uses
  std::int64_t max_input_tokens = 0;  // estimated tokens of a whole summarizer request, at most
  std::int64_t summary_max_tokens = 0; // the summary's length, at most (asked for and enforced)
  std::int64_t message_overhead = 4;  // the host's per-message estimate overhead
  double char_ratio = 4.0;            // characters per token, for a first guess where to cut
};

// "User: ...", "Assistant: ... / Assistant called NAME(ARGS)", "Tool NAME returned: ...".
std::string render_message(const agenthost::json::Value& message);

// The byte length of the longest prefix of `text` (cut on a UTF-8 boundary) whose estimate is
// at most `max_tokens`: the whole text when it fits.
std::size_t fitting_prefix(const agenthost::HostServices& host, std::string_view text, std::int64_t max_tokens,
                           const std::string& model, double char_ratio);

class RollingSummarizer {
public:
  RollingSummarizer(agenthost::Call& call, const agenthost::HostServices& host, SummarizerSettings settings)
      : call_(call), host_(host), settings_(std::move(settings)) {}

  // Folds `texts` (oldest first) into `previous` (empty for none): each request carries the
  // summary so far and as many texts as fit max_input_tokens; a text too long for one request
  // is split across several. Returns the new summary, cut to summary_max_tokens. Throws
  // CallError when the summarizer fails or when max_input_tokens leaves no room for text.
  std::string summarize(std::string previous, const std::vector<std::string>& texts);

  // How many summarizer requests the last summarize() made.
  int requests() const { return requests_; }

  static const char* instruction();

private:
  std::int64_t estimate(std::string_view text) const;
  std::string complete(const std::string& user_text);
  std::string cap_summary(std::string summary) const;

  agenthost::Call& call_;
  agenthost::HostServices host_;
  SummarizerSettings settings_;
  int requests_ = 0;
};

} // namespace summarization
