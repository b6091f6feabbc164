#include "summarizer.hpp"

#include "agenthost/json.hpp"

#include <algorithm>
#include <utility>

namespace summarization {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

const std::string& string_or_empty(const json::Value& v) {
  static const std::string empty;
  return v.is_string() ? v.as_string() : empty;
}

// Byte offset after `count` code points of `text` (or its size).
std::size_t offset_after_code_points(std::string_view text, std::size_t count) {
  std::size_t i = 0;
  while (i < text.size() && count > 0) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    --count;
  }
  return i;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

const char* kFirstHeader = "Conversation to summarize:\n\n";
const char* kNextHeader = "\n\nNew messages to fold into the summary:\n\n";
const char* kSummaryHeader = "Summary so far:\n";
const char* kSeparator = "\n\n";

} // namespace

std::string render_message(const json::Value& message) {
  const std::string& role = string_or_empty(message["role"]);
  const std::string& content = string_or_empty(message["content"]);
  const std::string body = content.empty() ? "(empty)" : content;
  if (role == "tool") return "Tool " + string_or_empty(message["name"]) + " returned: " + body;
  if (role == "assistant") {
    std::string text = "Assistant: " + (content.empty() && message["tool_calls"].is_array() ? std::string() : body);
    if (message["tool_calls"].is_array()) {
      for (const json::Value& call : message["tool_calls"].as_array())
        text += "\nAssistant called " + string_or_empty(call["name"]) + "(" + string_or_empty(call["arguments"]) + ")";
    }
    return text;
  }
  if (role == "user") return "User: " + body;
  return "System: " + body;
}

std::size_t fitting_prefix(const agenthost::HostServices& host, std::string_view text, std::int64_t max_tokens,
                           const std::string& model, double char_ratio) {
  if (max_tokens <= 0) return 0;
  if (host.estimate_tokens(text, model) <= max_tokens) return text.size();
  // First guess from the ratio, then shrink by a tenth until the estimate fits; the estimate of
  // a prefix never exceeds the whole text's, so this ends (at worst at 0).
  std::size_t points = std::min(code_points(text), static_cast<std::size_t>(static_cast<double>(max_tokens) * char_ratio));
  for (;;) {
    const std::size_t cut = offset_after_code_points(text, points);
    if (points == 0 || host.estimate_tokens(text.substr(0, cut), model) <= max_tokens) return cut;
    points -= std::max<std::size_t>(1, points / 10);
  }
}

const char* RollingSummarizer::instruction() {
  return "You condense conversations. Summarize the conversation you are given so that an assistant can continue it "
         "without the original: keep every fact, decision, name, number, file, tool result that matters and every "
         "open question or task. Fold any summary so far into one new summary. Write in the conversation's language. "
         "Reply with the summary only.";
}

std::int64_t RollingSummarizer::estimate(std::string_view text) const {
  return host_.estimate_tokens(text, settings_.model) + settings_.message_overhead;
}

std::string RollingSummarizer::cap_summary(std::string summary) const {
  summary.resize(fitting_prefix(host_, summary, settings_.summary_max_tokens, settings_.model, settings_.char_ratio));
  return summary;
}

std::string RollingSummarizer::complete(const std::string& user_text) {
  call_.check_cancelled();
  json::Value messages = json::Value::array({json::Value::object({{"role", "system"}, {"content", instruction()}}),
                                             json::Value::object({{"role", "user"}, {"content", user_text}})});
  json::Value request = json::Value::object({{"model", settings_.model},
                                             {"messages", std::move(messages)},
                                             {"params", json::Value::object({{"max_tokens", settings_.summary_max_tokens}})}});
  ++requests_;
  std::string summary = host_.complete_with_backend(call_, settings_.backend, request);
  if (summary.find_first_not_of(" \t\r\n") == std::string::npos)
    throw CallError::upstream("backend '" + settings_.backend + "' returned an empty summary");
  return summary;
}

std::string RollingSummarizer::summarize(std::string previous, const std::vector<std::string>& texts) {
  requests_ = 0;
  const std::int64_t instruction_tokens = estimate(instruction());
  std::size_t next = 0;        // the next text to fold in
  std::size_t consumed = 0;    // bytes of texts[next] already folded in (a long text is split)
  while (next < texts.size()) {
    const std::string prefix = previous.empty() ? std::string(kFirstHeader) : kSummaryHeader + previous + kNextHeader;
    // Pieces are sized by adding their estimates (an upper bound for character-ratio estimates);
    // the assembled request is checked once more below.
    const std::int64_t room = settings_.max_input_tokens - instruction_tokens - estimate(prefix) - 1;
    if (room < 16)
      throw CallError::invalid_argument("max_input_tokens " + std::to_string(settings_.max_input_tokens) +
                                        " leaves no room for text after the instruction and the summary so far");
    std::string piece;
    std::int64_t used = 0;
    while (next < texts.size()) {
      const std::string_view rest = std::string_view(texts[next]).substr(consumed);
      const std::int64_t cost = host_.estimate_tokens(rest, settings_.model) + 1; // + the separator
      if (used + cost <= room) {
        if (!piece.empty()) piece += kSeparator;
        piece.append(rest);
        used += cost;
        ++next;
        consumed = 0;
        continue;
      }
      if (piece.empty()) { // one text larger than a whole request: fold in what fits, then the rest
        const std::size_t cut = fitting_prefix(host_, rest, room - 1, settings_.model, settings_.char_ratio);
        piece.append(rest.substr(0, std::max<std::size_t>(cut, 1)));
        consumed += std::max<std::size_t>(cut, 1);
        while (consumed < texts[next].size() && (static_cast<unsigned char>(texts[next][consumed]) & 0xC0) == 0x80)
          piece.push_back(texts[next][consumed++]);
        if (consumed >= texts[next].size()) ++next, consumed = 0;
      }
      break;
    }
    std::string user_text = prefix + piece;
    // The additive sizing is exact for character-ratio estimators; a host whose estimator is not
    // additive still never gets an oversized request.
    if (instruction_tokens + estimate(user_text) > settings_.max_input_tokens)
      user_text.resize(fitting_prefix(host_, user_text, settings_.max_input_tokens - instruction_tokens -
                                                          settings_.message_overhead,
                                      settings_.model, settings_.char_ratio));
    previous = cap_summary(complete(user_text));
  }
  return previous;
}

} // namespace summarization
