// Test plugin "context_test" for the context filter's tests (host/runtime/tests/context_*):
//   backend "context_echo"   answers with the JSON array of the messages it received
//                            ({role, content[, tool_call_id][, tool_calls]}): what the model saw.
//                            describe(): context_window 1000 + the number of describe() calls so
//                            far (a test sees when the host asks again), models {"big": 50000},
//                            model_prefixes {"fam-": 3000, "fam-x": 4000}.
//   strategy "drop_oldest"   keeps the system messages and drops the `drop` oldest other groups
//                            (an assistant with tool calls goes with its results), never the
//                            newest; `warning` adds that warning to its report; `fail`
//                            "overflow" fails as a context overflow, "broken" with another error.
//                            Its state counts its applies and keeps what the host sent besides
//                            the messages (budget, model, backend, estimator).
#include "agenthost/sdk.hpp"

#include <atomic>
#include <string>
#include <vector>

using agenthost::Call;
using agenthost::CallError;
using agenthost::ChatRequest;
using agenthost::Context;
namespace json = agenthost::json;

struct ContextEcho : agenthost::Backend {
  static constexpr const char* type_name = "context_echo";
  static constexpr const char* description = "Answers with the messages it received, as JSON";
  static constexpr bool thread_safe = true;

  explicit ContextEcho(const Context&) {}
  void chat(Call& call, const ChatRequest& request) override {
    json::Value seen = json::Value::array();
    for (const agenthost::Message& message : request.messages) seen.push_back(ChatRequest::message_to_json(message));
    call.text(json::dump(seen));
    call.finish("stop");
  }
  json::Value describe() const override {
    const int calls = ++describe_calls_;
    return json::Value::object({{"context_window", 1000 + calls},
                                {"models", json::Value::object({{"big", json::Value::object({{"context_window", 50000}})}})},
                                {"model_prefixes", json::Value::object({{"fam-", 3000}, {"fam-x", 4000}})}});
  }

private:
  mutable std::atomic<int> describe_calls_{0};
};

struct DropOldest : agenthost::Strategy {
  static constexpr const char* type_name = "drop_oldest";
  static constexpr const char* description = "Drops the oldest messages (test strategy)";
  static constexpr bool thread_safe = true;
  static constexpr const char* settings_schema = R"({
    "type": "object",
    "properties": {
      "drop": {"type": "integer", "minimum": 0, "default": 1},
      "warning": {"type": "string"},
      "fail": {"type": "string", "enum": ["overflow", "broken"]}
    },
    "additionalProperties": false
  })";

  explicit DropOldest(const Context& context)
      : drop_(context.settings.get_or<int>("drop", 1)), warning_(context.settings.get_or("warning", "")),
        fail_(context.settings.get_or("fail", "")) {}

  json::Value apply(Call&, const json::Value& request) override {
    if (fail_ == "overflow") {
      throw CallError::invalid_argument("the newest message needs 9120 tokens but the budget is 4096");
    }
    if (fail_ == "broken") throw CallError(AH_ERR_INTERNAL, "the strategy broke");
    const json::Value::Array& messages = request["messages"].as_array();
    std::size_t first_other = 0;
    while (first_other < messages.size() && messages[first_other]["role"] == json::Value("system")) ++first_other;
    std::size_t start = first_other;
    for (int dropped = 0; dropped < drop_ && start < messages.size(); ++dropped) {
      std::size_t next = start + 1;
      while (next < messages.size() && messages[next]["role"] == json::Value("tool")) ++next;
      if (next >= messages.size()) break; // the newest group stays
      start = next;
    }
    json::Value kept = json::Value::array();
    std::int64_t tokens_before = 0;
    std::int64_t tokens_after = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      tokens_before += messages[i]["tokens"].as_int();
      if (i >= first_other && i < start) continue;
      tokens_after += messages[i]["tokens"].as_int();
      kept.push_back(messages[i]);
    }
    json::Value report = json::Value::object({{"strategy", type_name},
                                              {"kept", static_cast<std::int64_t>(kept.size())},
                                              {"dropped", static_cast<std::int64_t>(start - first_other)},
                                              {"summarized", 0},
                                              {"tokens_before", tokens_before},
                                              {"tokens_after", tokens_after}});
    if (!warning_.empty()) report.set("warnings", json::Value::array({warning_}));
    const json::Value& previous = request["state"];
    json::Value state = json::Value::object({{"applies", previous.get_or<std::int64_t>("applies", 0) + 1},
                                             {"budget", request["budget"]},
                                             {"model", request["model"]},
                                             {"backend", request["backend"]},
                                             {"estimator", request["estimator"]}});
    return json::Value::object({{"messages", kept}, {"report", report}, {"state", state}});
  }

private:
  int drop_;
  std::string warning_;
  std::string fail_;
};

AGENTHOST_PLUGIN("context_test", "1.0.0", "Test backend and strategy for the context filter", ContextEcho, DropOldest)
