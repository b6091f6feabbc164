#include "runtime/turn_context.hpp"

#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

store::MessageRecord message(std::string id, std::string role, std::string content) {
  store::MessageRecord m;
  m.id = std::move(id);
  m.role = std::move(role);
  m.content = std::move(content);
  return m;
}

TurnContext sample_context() {
  TurnContext context;
  context.agent.fields.model = "demo-model";
  context.agent.fields.system_prompts = {"You help.", "Be brief."};
  context.agent.fields.params_json = R"({"temperature":0.5})";
  auto& messages = context.transcript.messages;
  messages.push_back(message("msg_1", "user", "What is 6 * 7?"));
  store::MessageRecord assistant = message("msg_2", "assistant", "Let me work that out.");
  store::ToolCallRecord call;
  call.id = "tc_1";
  call.name = "calculator";
  call.arguments_json = R"({"expression":"6 * 7"})";
  call.status = "succeeded";
  assistant.tool_calls.push_back(call);
  messages.push_back(assistant);
  store::MessageRecord result = message("msg_3", "tool", "42");
  result.tool_call_id = "tc_1";
  messages.push_back(result);
  store::MessageRecord failed_silently = message("msg_4", "assistant", "");
  failed_silently.status = "incomplete";
  messages.push_back(failed_silently);
  messages.push_back(message("msg_5", "assistant", "6 * 7 is 42."));
  return context;
}

TEST(ChatRequest, CarriesPromptsTranscriptToolCallsResultsToolsAndParams) {
  ToolSpec spec;
  spec.name = "calculator";
  spec.description = "Evaluates arithmetic";
  const ChatRequest request = build_chat_request(sample_context(), {spec});

  EXPECT_EQ(request.model, "demo-model");
  EXPECT_EQ(request.params["temperature"], json::Value(0.5));
  ASSERT_EQ(request.tools.size(), 1u);
  EXPECT_EQ(request.tools[0].name, "calculator");

  ASSERT_EQ(request.messages.size(), 6u) << "the empty assistant message is left out";
  EXPECT_EQ(request.messages[0].role, "system");
  EXPECT_EQ(request.messages[0].content, "You help.");
  EXPECT_EQ(request.messages[1].content, "Be brief.");
  EXPECT_EQ(request.messages[2].role, "user");
  const Message& assistant = request.messages[3];
  EXPECT_EQ(assistant.role, "assistant");
  ASSERT_EQ(assistant.tool_calls.size(), 1u);
  EXPECT_EQ(assistant.tool_calls[0].id, "tc_1");
  EXPECT_EQ(assistant.tool_calls[0].name, "calculator");
  EXPECT_EQ(assistant.tool_calls[0].arguments, R"({"expression":"6 * 7"})");
  const Message& tool = request.messages[4];
  EXPECT_EQ(tool.role, "tool");
  EXPECT_EQ(tool.tool_call_id, "tc_1");
  EXPECT_EQ(tool.name, "calculator") << "the tool message is named after the call it answers";
  EXPECT_EQ(tool.content, "42");
  EXPECT_EQ(request.messages[5].content, "6 * 7 is 42.");
}

TEST(ChatRequest, RoundTripsThroughTheJsonTheBackendReads) {
  const ChatRequest request = build_chat_request(sample_context(), {});
  const ChatRequest parsed = ChatRequest::parse(json::dump(request.to_json()));
  ASSERT_EQ(parsed.messages.size(), request.messages.size());
  EXPECT_EQ(parsed.messages[4].tool_call_id, "tc_1");
}

TEST(ChatRequest, BrokenStoredParamsBecomeEmptyInsteadOfFailingTheTurn) {
  TurnContext context = sample_context();
  context.agent.fields.params_json = "{not json";
  const ChatRequest request = build_chat_request(context, {});
  EXPECT_TRUE(request.params.is_object());
  EXPECT_EQ(request.params.size(), 0u);
}

} // namespace
} // namespace agenthost::runtime
