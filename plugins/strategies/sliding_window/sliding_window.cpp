// sliding_window: the model sees the last `max_messages` messages (system prompts not counted).
//
// Counting is by message, but a tool-call group (the assistant's call and all its results) is
// kept or dropped whole, so the window never starts on an orphaned tool result. Two things are
// kept whatever the count: the newest user message, and the turn in progress (every message
// after it — without its own tool results the model would call the same tools again). So the
// output holds more than max_messages non-system messages only when the turn in progress alone
// has more; then nothing older is kept. See README.md.
//
//   [strategy.recent]
//   plugin = sliding_window
//   max_messages = 20
#include "agenthost/context_window.hpp"
#include "agenthost/sdk.hpp"

#include <cstddef>
#include <string>

namespace {

namespace cw = agenthost::context_window;

struct SlidingWindow : agenthost::Strategy {
  static constexpr const char* type_name = "sliding_window";
  static constexpr const char* description =
      "Keeps the newest max_messages messages (system prompts not counted; tool calls and their results kept together)";
  static constexpr const char* settings_schema = R"schema({
    "type": "object",
    "properties": {
      "max_messages": {"type": "integer", "minimum": 1, "default": 20,
                       "description": "How many non-system messages the model sees at most (the turn in progress may add more)"}
    },
    "additionalProperties": false
  })schema";
  static constexpr bool thread_safe = true; // no mutable state

  explicit SlidingWindow(const agenthost::Context& ctx)
      : host_(ctx.host), max_messages_(static_cast<std::size_t>(ctx.settings.get_or<std::int64_t>("max_messages", 20))) {}

  agenthost::json::Value apply(agenthost::Call&, const agenthost::json::Value& request) override {
    const cw::Conversation c = cw::read_conversation(request, host_);
    cw::Selection keep(c.messages.size(), 0);
    cw::keep_systems(c, keep);
    cw::Limits limits;
    limits.max_messages = max_messages_;
    limits.keep_turn_in_progress = true;
    cw::keep_newest(c, 0, limits, keep);
    cw::Report report;
    report.strategy = type_name;
    if (std::string w = cw::unsendable_warning(c); !w.empty()) report.warnings.push_back(std::move(w));
    return cw::make_result(c, keep, agenthost::json::Value(), std::move(report));
  }

private:
  agenthost::HostServices host_;
  std::size_t max_messages_;
};

} // namespace

AGENTHOST_PLUGIN("sliding_window", "1.0.0", "Context filter: the newest N messages", SlidingWindow)
