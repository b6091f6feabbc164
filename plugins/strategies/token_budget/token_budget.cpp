// token_budget: the model sees as much of the newest history as fits a token budget.
//
// budget = (max_tokens - reserve_output) / (1 + safety_margin), from the instance's settings
// and, where unset, the backend's context window and the agent's max_tokens (rules in
// context_window.hpp's resolve_budget and README.md). System prompts and the newest user message
// must fit, or the call fails naming the sizes (the host fails the turn as context_overflow);
// then units are kept newest first until the first that does not fit, so drops are always the
// oldest messages. A tool-call group is kept or dropped whole.
//
//   [strategy.budget]
//   plugin = token_budget
//   max_tokens = 8192        # optional: default is the backend's context window for the model
#include "agenthost/context_window.hpp"
#include "agenthost/sdk.hpp"

#include <string>

namespace {

namespace cw = agenthost::context_window;

struct TokenBudget : agenthost::Strategy {
  static constexpr const char* type_name = "token_budget";
  static constexpr const char* description =
      "Keeps the newest messages that fit max_tokens - reserve_output (system prompts and the newest user message always)";
  static constexpr const char* settings_schema = R"schema({
    "type": "object",
    "properties": {
      "max_tokens": {"type": "integer", "minimum": 1,
                     "description": "The model's context window in tokens; default: the backend's declared window for the model"},
      "reserve_output": {"type": "integer", "minimum": 0,
                         "description": "Tokens left free for the reply; default: the smaller of the agent's max_tokens (or 1024) and a quarter of max_tokens"},
      "safety_margin": {"type": "number", "minimum": 0, "maximum": 0.5,
                        "description": "Fraction the estimate may undercount by; default: the host's safety_margin"}
    },
    "additionalProperties": false
  })schema";
  static constexpr bool thread_safe = true;

  explicit TokenBudget(const agenthost::Context& ctx) : host_(ctx.host), settings_(ctx.settings) {
    // Checked at create where possible, so a bad section fails at startup rather than mid-turn.
    if (settings_["max_tokens"].is_number() && settings_["reserve_output"].is_number() &&
        settings_["reserve_output"].as_int() >= settings_["max_tokens"].as_int())
      throw agenthost::CallError::invalid_argument(
          "reserve_output " + std::to_string(settings_["reserve_output"].as_int()) + " leaves no room for input in max_tokens " +
          std::to_string(settings_["max_tokens"].as_int()) + "; lower reserve_output or raise max_tokens");
  }

  agenthost::json::Value apply(agenthost::Call&, const agenthost::json::Value& request) override {
    const cw::Conversation c = cw::read_conversation(request, host_);
    const cw::Budget budget = cw::resolve_budget(settings_, request, type_name);
    cw::Selection keep(c.messages.size(), 0);
    const cw::Kept kept = cw::fit_budget(c, budget, 0, 0, keep);
    cw::Report report;
    report.strategy = type_name;
    if (std::string w = cw::unsendable_warning(c); !w.empty()) report.warnings.push_back(std::move(w));
    if (std::string w = cw::turn_in_progress_warning(kept); !w.empty()) report.warnings.push_back(std::move(w));
    return cw::make_result(c, keep, agenthost::json::Value(), std::move(report));
  }

private:
  agenthost::HostServices host_;
  agenthost::json::Value settings_;
};

} // namespace

AGENTHOST_PLUGIN("token_budget", "1.0.0", "Context filter: the newest messages that fit a token budget", TokenBudget)
