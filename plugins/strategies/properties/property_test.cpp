// Property tests: thousands of generated conversations through each strategy plugin and through
// chains (summarization -> token_budget, sliding_window -> token_budget), with random settings,
// checking every invariant of the strategy contract (invariants.hpp) plus each strategy's own
// rule. The three built plugins are loaded through the SDK's FakeHost as the host loads them.
//
// A failure prints the seed; rerun just that case with
//   STRATEGY_PROPERTY_SEED=<seed> STRATEGY_PROPERTY_CASES=1 build/tests/plugin_strategy_properties_test
#include "conversation_generator.hpp"
#include "invariants.hpp"

#include "agenthost/testing/strategy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#if !defined(SLIDING_WINDOW_PLUGIN) || !defined(TOKEN_BUDGET_PLUGIN) || !defined(SUMMARIZATION_PLUGIN)
#error "the three strategy plugin paths must be defined"
#endif

namespace {

using namespace agenthost::testing::strategy;
using namespace strategy_test; // the generator and the invariants

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

const std::uint64_t kBaseSeed = env_number("STRATEGY_PROPERTY_SEED", 20261129);
const std::uint64_t kCases = env_number("STRATEGY_PROPERTY_CASES", 2000);
// Coverage checks (each path exercised) only make sense over a full run.
const bool kFullRun = kCases >= 1000;

std::string reproduce(std::uint64_t seed) {
  return "seed " + std::to_string(seed) + " (rerun: STRATEGY_PROPERTY_SEED=" + std::to_string(seed) +
         " STRATEGY_PROPERTY_CASES=1 build/tests/plugin_strategy_properties_test)";
}

Value messages_of(const std::vector<Value>& list) {
  Value out = Value::array();
  for (const Value& m : list) out.push_back(m);
  return out;
}

// The request around the messages: a random window (or none), agent max_tokens and margin.
struct Envelope {
  std::optional<std::int64_t> context_window, max_output_tokens;
  double host_margin = 0.1;

  Value request(const Value& messages, const Value& state = Value()) const {
    return Value::object(
        {{"messages", messages},
         {"budget", Value::object({{"context_window", context_window ? Value(*context_window) : Value()},
                                   {"max_output_tokens", max_output_tokens ? Value(*max_output_tokens) : Value()}})},
         {"model", "m"},
         {"backend", "b"},
         {"state", state},
         {"estimator", Value::object({{"char_ratio", 4.0}, {"message_overhead", 4}, {"safety_margin", host_margin}})}});
  }
};

Envelope random_envelope(Random& r) {
  Envelope e;
  if (r.chance(80)) e.context_window = r.between(100, 60000);
  if (r.chance(50)) e.max_output_tokens = r.between(1, 8000);
  e.host_margin = r.chance(50) ? 0.1 : std::round(r.unit() * 50) / 100;
  return e;
}

// Random budget settings for token_budget (and summarization's fit); reserve < max when both set.
Settings random_budget_settings(Random& r) {
  Settings s;
  std::optional<std::int64_t> max_tokens;
  if (r.chance(60)) {
    max_tokens = r.between(50, 60000);
    s.emplace_back("max_tokens", std::to_string(*max_tokens));
  }
  if (r.chance(50)) s.emplace_back("reserve_output", std::to_string(r.between(0, max_tokens ? *max_tokens - 1 : 4000)));
  if (r.chance(50)) s.emplace_back("safety_margin", std::to_string(std::round(r.unit() * 50) / 100));
  return s;
}

std::optional<std::int64_t> setting(const Settings& s, const std::string& key) {
  for (const auto& [k, v] : s)
    if (k == key) return std::stoll(v);
  return std::nullopt;
}

// The budget the contract promises, computed here from the settings and the envelope; nullopt
// when the contract says the call must fail (no window known, or no room after the reserve).
std::optional<std::int64_t> expected_budget(const Settings& s, const Envelope& e) {
  const std::optional<std::int64_t> max_tokens = setting(s, "max_tokens") ? setting(s, "max_tokens") : e.context_window;
  if (!max_tokens) return std::nullopt;
  std::int64_t reserve = 0;
  if (auto set = setting(s, "reserve_output")) reserve = *set;
  else reserve = std::min(e.max_output_tokens.value_or(1024), *max_tokens / 4);
  if (reserve >= *max_tokens) return std::nullopt;
  double margin = e.host_margin;
  for (const auto& [k, v] : s)
    if (k == "safety_margin") margin = std::stod(v);
  return static_cast<std::int64_t>(std::floor(static_cast<double>(*max_tokens - reserve) / (1 + margin)));
}

std::int64_t mandatory_tokens(const Value& messages) {
  std::int64_t tokens = 0;
  const Value* newest_user = nullptr;
  for (const Value& m : messages.as_array()) {
    if (m["role"] == Value("system")) tokens += m["tokens"].as_int();
    if (m["role"] == Value("user")) newest_user = &m;
  }
  return tokens + (newest_user ? (*newest_user)["tokens"].as_int() : 0);
}

class StrategyProperties : public ::testing::Test {
protected:
  void SetUp() override {
    window_host.load(SLIDING_WINDOW_PLUGIN);
    budget_host.load(TOKEN_BUDGET_PLUGIN);
    summary_host.load(SUMMARIZATION_PLUGIN);
  }

  // `input` is what the strategy received, `original` what the chain started from.
  void expect_contract(const Value& input, const CallResult& r, bool summary_allowed, const std::string& what,
                       const Value* original = nullptr) {
    ASSERT_TRUE(r.ok()) << what << ": " << r.error;
    const Value result = r.result_json();
    for (const std::string& p : contract_violations(original ? *original : input, result["messages"], summary_allowed))
      ADD_FAILURE() << what << ": " << p;
    for (const std::string& p : report_violations(input, result)) ADD_FAILURE() << what << ": " << p;
  }

  // token_budget's own rule: within the promised budget, or failing exactly when it must.
  void expect_budget_rule(const Value& input, const CallResult& r, std::optional<std::int64_t> budget, const std::string& what) {
    if (!budget) {
      EXPECT_TRUE(r.status == AH_ERR_INVALID_ARGUMENT || r.status == AH_ERR_NOT_FOUND)
          << what << ": must fail without a usable budget";
      EXPECT_TRUE(r.error.find("set max_tokens") != std::string::npos || r.error.find("leaves no room") != std::string::npos)
          << what << ": " << r.error;
      return;
    }
    const std::int64_t mandatory = mandatory_tokens(input);
    if (mandatory > *budget) {
      EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << what << ": system + newest user " << mandatory << " > budget " << *budget;
      EXPECT_NE(r.error.find("needs " + std::to_string(mandatory) + " tokens"), std::string::npos) << what << ": " << r.error;
      EXPECT_NE(r.error.find("the budget is " + std::to_string(*budget)), std::string::npos) << what << ": " << r.error;
      return;
    }
    ASSERT_TRUE(r.ok()) << what << ": " << r.error;
    EXPECT_LE(tokens_of(r.result_json()["messages"]), *budget) << what;
  }

  FakeHost window_host, budget_host, summary_host;
};

TEST_F(StrategyProperties, SlidingWindow) {
  for (std::uint64_t k = 0; k < kCases; ++k) {
    const std::uint64_t seed = kBaseSeed + k;
    SCOPED_TRACE(reproduce(seed));
    Random r(seed);
    const Value input = messages_of(generate_conversation(r).messages);
    const std::int64_t max_messages = r.between(1, 30);
    auto window = window_host.create("sliding_window", {{"max_messages", std::to_string(max_messages)}});
    const CallResult result = window.apply(agenthost::json::dump(Envelope{}.request(input)));
    expect_contract(input, result, false, "sliding_window");
    if (!result.ok()) continue;
    // At most max_messages non-system messages; more only when the newest user message and the
    // turn in progress after it alone are more, and then nothing older.
    const Value out = result.result_json()["messages"];
    std::size_t total = 0, from_newest_user = 0;
    bool reached = false;
    std::string newest_user;
    for (const Value& m : input.as_array())
      if (m["role"] == Value("user")) newest_user = m["id"].as_string();
    for (const Value& m : out.as_array()) {
      if (m["role"] == Value("system")) continue;
      ++total;
      if (m["id"].as_string() == newest_user) reached = true;
      if (reached) ++from_newest_user;
    }
    if (from_newest_user > static_cast<std::size_t>(max_messages)) {
      EXPECT_EQ(total, from_newest_user) << "with an oversized turn in progress nothing older is kept";
    } else {
      EXPECT_LE(total, static_cast<std::size_t>(max_messages));
    }
    if (HasFailure()) return;
  }
}

TEST_F(StrategyProperties, TokenBudget) {
  std::uint64_t failed = 0, dropped = 0;
  for (std::uint64_t k = 0; k < kCases; ++k) {
    const std::uint64_t seed = kBaseSeed + k;
    SCOPED_TRACE(reproduce(seed));
    Random r(seed);
    const Value input = messages_of(generate_conversation(r).messages);
    const Envelope envelope = random_envelope(r);
    const Settings settings = random_budget_settings(r);
    auto budget = budget_host.create("token_budget", settings);
    const CallResult result = budget.apply(agenthost::json::dump(envelope.request(input)));
    expect_budget_rule(input, result, expected_budget(settings, envelope), "token_budget");
    if (result.ok()) expect_contract(input, result, false, "token_budget");
    if (HasFailure()) return;
    if (!result.ok()) ++failed;
    else if (result.result_json()["report"]["dropped"].as_int() > 0) ++dropped;
  }
  std::cout << "token_budget: " << kCases << " cases, " << failed << " failed as required, " << dropped
            << " dropped messages\n";
  if (kFullRun) {
    EXPECT_GT(failed, kCases / 50) << "the generator should produce oversized newest messages";
    EXPECT_GT(dropped, kCases / 10) << "the generator should produce conversations over budget";
  }
}

// A summarizer that answers with random text, an empty reply or an error, and checks that no
// request exceeds the instance's max_input_tokens (as the plugin estimates: the fake host's
// (bytes + 3) / 4 plus the request's 4-token overhead per message).
struct RandomSummarizer {
  Random random;
  std::int64_t max_input_tokens = 0;
  int calls = 0, failures = 0;
  std::string operator()(const Value& request) {
    ++calls;
    std::int64_t tokens = 0;
    for (const Value& m : request["messages"].as_array())
      tokens += static_cast<std::int64_t>((m["content"].as_string().size() + 3) / 4) + 4;
    EXPECT_LE(tokens, max_input_tokens) << "a summarizer request over max_input_tokens";
    const int outcome = static_cast<int>(random.between(0, 19));
    if (outcome == 0) {
      ++failures;
      throw std::runtime_error("summarizer unavailable");
    }
    if (outcome == 1) return random.chance(50) ? std::string() : std::string(20000, 's'); // empty, or far too long
    return "summary " + random_text(random) + "!";
  }
};

Settings random_summarization_settings(Random& r, std::int64_t& max_input) {
  Settings s = random_budget_settings(r);
  s.emplace_back("backend", "summarizer");
  max_input = r.between(512, 8000);
  s.emplace_back("max_input_tokens", std::to_string(max_input));
  s.emplace_back("summary_max_tokens", std::to_string(r.between(32, max_input / 2)));
  if (r.chance(50)) s.emplace_back("threshold_tokens", std::to_string(r.between(1, 20000)));
  if (r.chance(70)) s.emplace_back("keep_recent_messages", std::to_string(r.between(0, 10)));
  return s;
}

TEST_F(StrategyProperties, SummarizationAndItsStateOverTwoTurns) {
  std::uint64_t summarized = 0, reused = 0, fell_back = 0, requests = 0;
  for (std::uint64_t k = 0; k < kCases; ++k) {
    const std::uint64_t seed = kBaseSeed + k;
    SCOPED_TRACE(reproduce(seed));
    Random r(seed);
    const std::vector<Value> all = generate_conversation(r).messages;
    const Envelope envelope = random_envelope(r);
    std::int64_t max_input = 0;
    const Settings settings = random_summarization_settings(r, max_input);
    RandomSummarizer summarizer{Random(seed * 31 + 7), max_input};
    summary_host.complete = [&](std::string_view, const Value& request) { return summarizer(request); };
    auto strategy = summary_host.create("summarization", settings);

    // Turn one sees the first part; turn two the whole conversation with turn one's state.
    const std::size_t split = static_cast<std::size_t>(r.between(0, static_cast<std::int64_t>(all.size())));
    const Value first_input = messages_of(std::vector<Value>(all.begin(), all.begin() + static_cast<long>(split)));
    Value state;
    const CallResult first = strategy.apply(agenthost::json::dump(envelope.request(first_input)));
    expect_budget_rule(first_input, first, expected_budget(settings, envelope), "summarization turn 1");
    if (first.ok()) {
      expect_contract(first_input, first, true, "summarization turn 1");
      state = first.result_json()["state"];
    }
    const int failures_in_turn_one = summarizer.failures;
    const Value input = messages_of(all);
    const CallResult second = strategy.apply(agenthost::json::dump(envelope.request(input, state)));
    expect_budget_rule(input, second, expected_budget(settings, envelope), "summarization turn 2");
    if (second.ok()) {
      expect_contract(input, second, true, "summarization turn 2");
      // A failed summarizer call shows up as the documented warning.
      if (summarizer.failures > failures_in_turn_one) {
        EXPECT_NE(agenthost::json::dump(second.result_json()["report"]).find("summarization failed"), std::string::npos);
        ++fell_back;
      }
      if (second.result_json().contains("state")) ++summarized;
      if (state.is_object() && second.result_json()["report"]["summarized"].as_int() > 0) ++reused;
    }
    requests += static_cast<std::uint64_t>(summarizer.calls);
    if (HasFailure()) return;
  }
  std::cout << "summarization: " << kCases << " cases, " << summarized << " summarized in turn 2, " << reused
            << " with turn 1's state, " << fell_back << " fell back to the budget, " << requests << " summarizer requests\n";
  if (kFullRun) {
    EXPECT_GT(summarized, kCases / 20);
    EXPECT_GT(reused, kCases / 20);
    EXPECT_GT(fell_back, 0u);
  }
}

TEST_F(StrategyProperties, Chains) {
  for (std::uint64_t k = 0; k < kCases; ++k) {
    const std::uint64_t seed = kBaseSeed + k;
    SCOPED_TRACE(reproduce(seed));
    Random r(seed);
    const Value input = messages_of(generate_conversation(r).messages);
    const Envelope envelope = random_envelope(r);
    const Settings budget_settings = random_budget_settings(r);
    const std::optional<std::int64_t> budget_tokens = expected_budget(budget_settings, envelope);
    auto budget = budget_host.create("token_budget", budget_settings);

    // The first strategy's output is the second's input, as the host chains them.
    auto chain = [&](const CallResult& first, bool summary_allowed, const std::string& what) {
      if (!first.ok()) return;
      const Value middle = first.result_json()["messages"];
      const CallResult second = budget.apply(agenthost::json::dump(envelope.request(middle)));
      expect_budget_rule(middle, second, budget_tokens, what);
      if (second.ok()) {
        expect_contract(middle, second, summary_allowed, what, &input);
        for (const std::string& p : contract_violations(middle, second.result_json()["messages"], summary_allowed))
          ADD_FAILURE() << what << " (step 2 against its own input): " << p;
      }
    };

    auto window = window_host.create("sliding_window", {{"max_messages", std::to_string(r.between(1, 30))}});
    chain(window.apply(agenthost::json::dump(envelope.request(input))), false, "sliding_window -> token_budget");

    std::int64_t max_input = 0;
    const Settings summary_settings = random_summarization_settings(r, max_input);
    RandomSummarizer summarizer{Random(seed * 17 + 3), max_input};
    summary_host.complete = [&](std::string_view, const Value& request) { return summarizer(request); };
    auto summarize = summary_host.create("summarization", summary_settings);
    chain(summarize.apply(agenthost::json::dump(envelope.request(input))), true, "summarization -> token_budget");
    if (HasFailure()) return;
  }
}

} // namespace
