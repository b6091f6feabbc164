// summarization: when the history grows past a threshold, the oldest part is summarized by
// another backend and replaced by one summary message right after the system prompts.
//
// The summary lives in the strategy state ({"summary", "summary_tokens", "covers_through"}) and
// is reused: the next turn sends the stored summary plus the messages after covers_through, and
// summarizes again only when that passes the threshold, folding just the new overflow into the
// old summary. The summarizer has its own budget (max_input_tokens): overflow larger than that
// is folded in successive requests. If summarizing fails, the turn goes on with token_budget's
// behaviour and a warning. The result is always fitted to the token budget. See README.md.
//
//   [strategy.summarize]
//   plugin = summarization
//   backend = small          # a [backend.small] section
#include "summarizer.hpp"

#include "agenthost/context_window.hpp"
#include "agenthost/sdk.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace {

namespace cw = agenthost::context_window;
namespace json = agenthost::json;
using agenthost::CallError;

constexpr const char* kSummaryIntro = "Summary of the earlier part of this conversation:\n";

struct Summarization : agenthost::Strategy {
  static constexpr const char* type_name = "summarization";
  static constexpr const char* description =
      "Replaces the oldest messages with a summary written by another backend once the history passes a threshold";
  static constexpr const char* settings_schema = R"schema({
    "type": "object",
    "properties": {
      "backend": {"type": "string", "minLength": 1, "description": "The backend instance that writes summaries"},
      "model": {"type": "string", "minLength": 1, "description": "The model it uses; default: the agent's model"},
      "threshold_tokens": {"type": "integer", "minimum": 1,
                           "description": "Summarize once the context passes this many tokens; default: 75% of the budget"},
      "keep_recent_messages": {"type": "integer", "minimum": 0, "default": 6,
                               "description": "Newest messages never summarized (the turn in progress is never summarized either)"},
      "max_input_tokens": {"type": "integer", "minimum": 512, "default": 6000,
                           "description": "The summarizer's own budget: estimated tokens of one summarizer request, at most"},
      "summary_max_tokens": {"type": "integer", "minimum": 32, "default": 512,
                             "description": "The summary's length at most (at most half of max_input_tokens)"},
      "max_tokens": {"type": "integer", "minimum": 1, "description": "As token_budget: the context window"},
      "reserve_output": {"type": "integer", "minimum": 0, "description": "As token_budget: tokens left for the reply"},
      "safety_margin": {"type": "number", "minimum": 0, "maximum": 0.5, "description": "As token_budget"}
    },
    "required": ["backend"],
    "additionalProperties": false
  })schema";
  // Calls are independent: the state travels in the request and the result.
  static constexpr bool thread_safe = true;

  explicit Summarization(const agenthost::Context& ctx) : host_(ctx.host), settings_(ctx.settings) {
    const std::int64_t max_input = settings_.get_or<std::int64_t>("max_input_tokens", 6000);
    const std::int64_t summary_max = settings_.get_or<std::int64_t>("summary_max_tokens", 512);
    // The summary so far rides along in every summarizer request, so it may take at most half.
    if (summary_max * 2 > max_input)
      throw CallError::invalid_argument("summary_max_tokens " + std::to_string(summary_max) +
                                        " is more than half of max_input_tokens " + std::to_string(max_input) +
                                        "; lower summary_max_tokens or raise max_input_tokens");
    if (settings_["max_tokens"].is_number() && settings_["reserve_output"].is_number() &&
        settings_["reserve_output"].as_int() >= settings_["max_tokens"].as_int())
      throw CallError::invalid_argument("reserve_output " + std::to_string(settings_["reserve_output"].as_int()) +
                                        " leaves no room for input in max_tokens " +
                                        std::to_string(settings_["max_tokens"].as_int()) +
                                        "; lower reserve_output or raise max_tokens");
  }

  json::Value apply(agenthost::Call& call, const json::Value& request) override;

private:
  json::Value summary_message(const std::string& summary, std::int64_t tokens) const {
    return json::Value::object({{"id", nullptr},
                                {"role", "system"},
                                {"content", kSummaryIntro + summary},
                                {"tokens", tokens},
                                {"summary", true}});
  }

  agenthost::HostServices host_;
  json::Value settings_;
};

// Where the stored summary ends: the index after covers_through, or 0 (no usable state).
std::size_t covered_end_of(const cw::Conversation& c, const json::Value& state, cw::Report& report) {
  if (!state.is_object() || !state["summary"].is_string() || !state["covers_through"].is_string()) return 0;
  const std::string& through = state["covers_through"].as_string();
  for (std::size_t i = c.messages.size(); i > 0; --i)
    if (c.messages[i - 1].id == through) return i;
  report.warnings.push_back("the stored summary covers message " + agenthost::quote_for_message(through) +
                            ", which is no longer in the conversation; it was not used");
  return 0;
}

// The budget rule with the summary as a must-keep; when the summary would be what breaks the
// budget, the request goes without it (the state keeps it for later turns) and says so.
// Returns whether the summary is sent.
bool fit_with_summary(const cw::Conversation& c, const cw::Budget& budget, std::size_t from, std::int64_t summary_tokens,
                      cw::Selection& keep, cw::Report& report) {
  try {
    const cw::Kept kept = cw::fit_budget(c, budget, from, summary_tokens, keep);
    if (std::string w = cw::turn_in_progress_warning(kept); !w.empty()) report.warnings.push_back(std::move(w));
    return true;
  } catch (const CallError& e) {
    if (summary_tokens == 0 || e.status() != AH_ERR_INVALID_ARGUMENT) throw;
  }
  std::fill(keep.begin(), keep.end(), 0);
  const cw::Kept kept = cw::fit_budget(c, budget, from, 0, keep); // fails when the newest message alone is too big
  report.warnings.push_back("the summary (" + std::to_string(summary_tokens) + " tokens) did not fit the budget of " +
                            std::to_string(budget.available) + " beside the newest message; it was left out");
  if (std::string w = cw::turn_in_progress_warning(kept); !w.empty()) report.warnings.push_back(std::move(w));
  return false;
}

// Non-system messages before `end` that are not kept: what a summary covering [0, end) stands for.
std::size_t count_covered(const cw::Conversation& c, const cw::Selection& keep, std::size_t end) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < end && i < c.messages.size(); ++i)
    if (!c.is_system(i) && !keep[i]) ++n;
  return n;
}

json::Value Summarization::apply(agenthost::Call& call, const json::Value& request) {
  const cw::Conversation c = cw::read_conversation(request, host_);
  const cw::Budget budget = cw::resolve_budget(settings_, request, type_name);
  cw::Report report;
  report.strategy = type_name;
  if (std::string w = cw::unsendable_warning(c); !w.empty()) report.warnings.push_back(std::move(w));

  const json::Value& state = request["state"];
  const std::size_t covered_end = covered_end_of(c, state, report);
  std::string previous = covered_end > 0 ? state["summary"].as_string() : std::string();
  const std::int64_t previous_tokens =
      covered_end == 0 ? 0
      : state["summary_tokens"].is_number()
          ? state["summary_tokens"].as_int()
          : host_.estimate_tokens(kSummaryIntro + previous, c.model) + c.estimator.message_overhead;

  // The context as it stands: system prompts, the stored summary, the messages after it.
  std::int64_t view_tokens = c.system_tokens + previous_tokens;
  for (const cw::Unit& unit : c.units)
    if (unit.first >= covered_end) view_tokens += unit.tokens;
  const std::int64_t threshold = settings_.get_or<std::int64_t>(
      "threshold_tokens", static_cast<std::int64_t>(static_cast<double>(budget.available) * 0.75));

  // Without summarizing now: the stored summary (if any) and the budget rule over the rest.
  auto as_budget = [&](std::vector<std::string> extra_warnings) {
    cw::Selection keep(c.messages.size(), 0);
    for (std::string& w : extra_warnings) report.warnings.push_back(std::move(w));
    const bool sent = fit_with_summary(c, budget, covered_end, previous_tokens, keep, report);
    report.summarized = count_covered(c, keep, covered_end);
    const json::Value summary = covered_end > 0 && sent ? summary_message(previous, previous_tokens) : json::Value();
    return cw::make_result(c, keep, summary, std::move(report));
  };
  if (view_tokens <= threshold) return as_budget({});

  // The recent part stays verbatim: keep_recent_messages newest messages (whole groups), the
  // newest user message and the turn in progress, within the budget left after a new summary.
  const std::int64_t summary_max = settings_.get_or<std::int64_t>("summary_max_tokens", 512);
  cw::Selection recent(c.messages.size(), 0);
  cw::Limits limits;
  limits.max_messages = static_cast<std::size_t>(settings_.get_or<std::int64_t>("keep_recent_messages", 6));
  limits.max_tokens = budget.available - c.system_tokens - summary_max - c.estimator.message_overhead;
  limits.keep_turn_in_progress = true;
  const cw::Kept kept = cw::keep_newest(c, covered_end, limits, recent);
  std::size_t cut = std::min(c.newest_user, kept.oldest_first);
  if (cut == cw::npos) cut = c.messages.size();

  // The overflow: whole units after the stored summary and before the cut, rendered oldest first.
  std::vector<std::string> texts;
  std::vector<std::size_t> summarized_now;
  for (const cw::Unit& unit : c.units) {
    if (unit.first < covered_end || unit.last >= cut) continue;
    for (std::size_t k = 0; k < unit.count; ++k) {
      const std::size_t i = c.members[unit.begin + k];
      texts.push_back(summarization::render_message(*c.messages[i].json));
      summarized_now.push_back(i);
    }
  }
  if (texts.empty()) return as_budget({});
  // The newest message with an id at or before the cut anchors the summary for the next turn.
  std::string covers_through;
  for (std::size_t i = cut; i > covered_end && covers_through.empty(); --i) covers_through = std::string(c.messages[i - 1].id);
  if (covers_through.empty()) return as_budget({"summarization skipped: the messages to summarize have no ids"});

  summarization::SummarizerSettings s;
  s.backend = settings_["backend"].as_string();
  s.model = settings_.get_or<std::string>("model", c.model);
  s.max_input_tokens = settings_.get_or<std::int64_t>("max_input_tokens", 6000);
  s.summary_max_tokens = summary_max;
  s.message_overhead = c.estimator.message_overhead;
  s.char_ratio = c.estimator.char_ratio;
  summarization::RollingSummarizer summarizer(call, host_, s);
  std::string summary;
  try {
    summary = summarizer.summarize(previous, texts);
  } catch (const CallError& e) {
    if (e.status() == AH_ERR_CANCELLED) throw;
    return as_budget({"summarization failed (" + std::string(e.what()) + "); older messages were dropped instead"});
  }

  const std::int64_t summary_tokens = host_.estimate_tokens(kSummaryIntro + summary, c.model) + c.estimator.message_overhead;
  cw::Selection keep(c.messages.size(), 0);
  const bool sent = fit_with_summary(c, budget, cut, summary_tokens, keep, report);
  std::vector<char> in_summary(c.messages.size(), 0);
  for (std::size_t i : summarized_now) in_summary[i] = 1;
  for (std::size_t i = 0; i < c.messages.size(); ++i)
    if (!c.is_system(i) && !keep[i] && (i < covered_end || in_summary[i])) ++report.summarized;
  json::Value new_state = json::Value::object(
      {{"summary", summary}, {"summary_tokens", summary_tokens}, {"covers_through", covers_through}});
  return cw::make_result(c, keep, sent ? summary_message(summary, summary_tokens) : json::Value(), std::move(report),
                         new_state);
}

} // namespace

AGENTHOST_PLUGIN("summarization", "1.0.0", "Context filter: summarizes old messages through another backend", Summarization)
