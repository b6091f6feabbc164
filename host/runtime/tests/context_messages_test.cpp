// The context as strategies see it: estimates (stored ones reused, overhead added), the
// attachments note, the JSON shape of apply()'s messages, and the chain's names.
#include "runtime/context_filter.hpp"
#include "runtime/context_messages.hpp"
#include "runtime/context_window.hpp"

#include "plugins/token_estimate.hpp"

#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using plugins::kMessageOverheadTokens;

store::MessageRecord stored(std::string id, std::string role, std::string content,
                            std::optional<std::int64_t> estimate = std::nullopt) {
  store::MessageRecord m;
  m.id = std::move(id);
  m.role = std::move(role);
  m.content = std::move(content);
  m.token_estimate = estimate;
  return m;
}

TurnContext sample() {
  TurnContext context;
  context.agent.fields.system_prompts = {"Be brief."}; // 9 characters
  auto& messages = context.transcript.messages;
  messages.push_back(stored("msg_1", "user", "What is in it?", 1000)); // stored: used as is
  messages.back().attachments = {"doc_1", "doc_2"};
  messages.back().attachment_names = {"report.pdf", "notes.txt"};
  store::MessageRecord assistant = stored("msg_2", "assistant", ""); // no estimate: made now
  store::ToolCallRecord call;
  call.id = "tc_1";
  call.name = "calc";                 // 4 characters
  call.arguments_json = R"({"x":1})"; // 7 characters
  assistant.tool_calls.push_back(call);
  messages.push_back(assistant);
  messages.push_back(stored("msg_3", "tool", "42", 1));
  messages.back().tool_call_id = "tc_1";
  return context;
}

TEST(ContextMessages, StoredEstimatesAreReusedOthersEstimatedAndEachGetsTheOverhead) {
  const std::vector<ContextMessage> messages = context_messages(sample(), MessageTokens(2.0));
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_FALSE(messages[0].id);
  EXPECT_EQ(messages[0].tokens, 5 + kMessageOverheadTokens) << "ceil(9 / 2)";
  const std::string note =
      "Attached documents (search them with the document_search tool): \"report.pdf\" (doc_1), \"notes.txt\" (doc_2)";
  EXPECT_EQ(messages[1].message.content, "What is in it?\n\n" + note);
  EXPECT_EQ(messages[1].tokens, 1000 + plugins::estimate_tokens(note, 2.0) + kMessageOverheadTokens)
      << "the stored estimate plus the note, never the content again";
  EXPECT_EQ(messages[2].tokens, 0 + 2 + 4 + plugins::kToolCallFramingTokens + kMessageOverheadTokens);
  EXPECT_EQ(messages[3].message.name, "calc");
  EXPECT_EQ(total_tokens(messages), messages[0].tokens + messages[1].tokens + messages[2].tokens + messages[3].tokens);
}

TEST(ContextMessages, TheRatioComesFromTheBackendsModelThenTheBackend) {
  BackendPolicy policy;
  policy.char_ratio = 3.0;
  policy.model_char_ratios = {{"llama3.1", 2.0}};
  EXPECT_EQ(MessageTokens(policy, "llama3.1").char_ratio(), 2.0);
  EXPECT_EQ(MessageTokens(policy, "mistral").char_ratio(), 3.0);
  store::NewMessage message;
  message.content = "abcdef";
  EXPECT_EQ(MessageTokens(policy, "mistral").stored_estimate(message), 2);
}

TEST(ContextMessages, RoundTripThroughTheStrategyJson) {
  const std::vector<ContextMessage> messages = context_messages(sample(), MessageTokens());
  for (const ContextMessage& message : messages) {
    const json::Value as_json = to_json(message);
    EXPECT_TRUE(as_json.contains("id")) << "null for messages that are not stored";
    const ContextMessage back = context_message_from_json(as_json);
    EXPECT_EQ(back.id, message.id);
    EXPECT_EQ(back.tokens, message.tokens);
    EXPECT_EQ(back.message.content, message.message.content);
    EXPECT_EQ(back.message.tool_calls.size(), message.message.tool_calls.size());
    EXPECT_EQ(back.message.tool_call_id, message.message.tool_call_id);
    EXPECT_FALSE(back.summary);
  }
  const ContextMessage summary = context_message_from_json(
      json::parse(R"({"id":null,"role":"system","content":"Earlier: ...","tokens":12,"summary":true})"));
  EXPECT_TRUE(summary.summary);
  EXPECT_EQ(to_json(summary)["summary"], json::Value(true));
  EXPECT_THROW(context_message_from_json(json::parse(R"({"role":"user","content":"x","id":7})")), json::TypeError);
}

TEST(StrategyChain, SplitsOnCommasAndTrims) {
  EXPECT_EQ(strategy_chain_of("summarize, budget"), (std::vector<std::string>{"summarize", "budget"}));
  EXPECT_EQ(strategy_chain_of(" one "), (std::vector<std::string>{"one"}));
  EXPECT_TRUE(strategy_chain_of("").empty());
}

TEST(ContextWindowDescription, ModelThenLongestPrefixThenInstanceDefault) {
  const json::Value description = json::parse(R"({"context_window": 8192,
      "models": {"llama3.1": {"context_window": 131072}, "tiny": {}},
      "model_prefixes": {"gpt-4": 8192, "gpt-4o": 128000}})");
  bool listed = false;
  EXPECT_EQ(window_from_description(description, "llama3.1", &listed), 131072);
  EXPECT_TRUE(listed);
  EXPECT_EQ(window_from_description(description, "gpt-4o-mini", &listed), 128000);
  EXPECT_FALSE(listed);
  EXPECT_EQ(window_from_description(description, "gpt-4-turbo"), 8192);
  EXPECT_EQ(window_from_description(description, "tiny", &listed), 8192) << "listed without a window";
  EXPECT_TRUE(listed);
  EXPECT_EQ(window_from_description(description, "other"), 8192);
  EXPECT_FALSE(window_from_description(json::parse("{}"), "other"));
  EXPECT_FALSE(window_from_description(json::Value(), "other"));
}

} // namespace
} // namespace agenthost::runtime
