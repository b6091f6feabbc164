// What the context filter needs of the store, on both engines: migration 4 (strategy_states)
// and its repository, token estimates stored once with each message, and attachments loaded
// with their documents' filenames in the same statement.
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"
#include "store/ids.hpp"
#include "store/migrations.hpp"
#include "store/query_counter.hpp"
#include "store/strategy_state_store.hpp"
#include "store/tests/test_database.hpp"
#include "store/timestamps.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

class ContextStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  AgentRecord make_agent() {
    AgentFields fields;
    fields.name = "helper";
    fields.backend = "demo";
    fields.model = "m";
    return AgentStore(scratch.database()).create(alice.id, fields);
  }
  std::string add_document(const std::string& filename) {
    const std::string id = new_id("doc_");
    Connection connection = scratch.database().connect();
    connection.execute("INSERT INTO documents (id, owner_id, filename, content_type, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       {id, alice.id, filename, std::string("text/plain"), now_ms(), now_ms()});
    return id;
  }

  TestDatabase scratch{GetParam()};
  UserRecord alice = UserStore(scratch.database()).create_user("alice", false);
  AgentRecord agent = make_agent();
  ConversationStore plain{scratch.database()};
  ConversationRecord conversation = plain.create(alice.id, agent.id, std::nullopt);
};

TEST_P(ContextStoreTest, MigrationFourCreatesStrategyStates) {
  ASSERT_GE(schema_version(scratch.database()), 4);
  Connection connection = scratch.database().connect();
  const std::optional<Row> row = connection.query_one("SELECT name FROM schema_migrations WHERE version = 4");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "context filter state");
  EXPECT_EQ(connection.query("SELECT instance FROM strategy_states").size(), 0u);
}

TEST_P(ContextStoreTest, StrategyStateIsSavedReplacedAndKeptPerInstance) {
  StrategyStateStore states(scratch.database());
  EXPECT_TRUE(states.load(conversation.id).empty());
  states.save(conversation.id, "summarize", R"({"summary":"old"})");
  states.save(conversation.id, "budget", R"({"n":1})");
  states.save(conversation.id, "summarize", R"({"summary":"new"})");
  const auto loaded = states.load(conversation.id);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded.at("summarize"), R"({"summary":"new"})");
  EXPECT_EQ(loaded.at("budget"), R"({"n":1})");

  const ConversationRecord other = plain.create(alice.id, agent.id, std::nullopt);
  EXPECT_TRUE(states.load(other.id).empty()) << "state is per conversation";
}

TEST_P(ContextStoreTest, StrategyStateGoesWithItsConversation) {
  StrategyStateStore states(scratch.database());
  states.save(conversation.id, "summarize", "{}");
  plain.remove(alice.id, conversation.id);
  Connection connection = scratch.database().connect();
  EXPECT_EQ(connection.query("SELECT instance FROM strategy_states").size(), 0u);
}

TEST_P(ContextStoreTest, TheEstimateIsComputedOnceAtInsertAndKept) {
  int estimates = 0;
  ConversationStore estimating(scratch.database(), [&estimates](const NewMessage& message) {
    ++estimates;
    return static_cast<std::int64_t>(message.content.size() + 100 * message.tool_calls.size());
  });
  NewMessage user;
  user.content = "twelve chars";
  const MessageRecord stored = estimating.append_message(alice.id, conversation.id, user);
  EXPECT_EQ(stored.token_estimate, 12);
  NewMessage assistant;
  assistant.role = "assistant";
  assistant.content = "ok";
  assistant.tool_calls.push_back(ToolCallRecord{});
  assistant.tool_calls.back().name = "calculator";
  EXPECT_EQ(estimating.append_message(alice.id, conversation.id, assistant).token_estimate, 102);
  NewMessage counted;
  counted.content = "the backend counted this one";
  counted.token_estimate = 7;
  EXPECT_EQ(estimating.append_message(alice.id, conversation.id, counted).token_estimate, 7);
  EXPECT_EQ(estimates, 2) << "a message that brings its count is not estimated";

  const ConversationDetail detail = *estimating.find_detail(alice.id, conversation.id);
  ASSERT_EQ(detail.messages.size(), 3u);
  EXPECT_EQ(detail.messages[0].token_estimate, 12);
  EXPECT_EQ(detail.messages[1].token_estimate, 102);
  EXPECT_EQ(detail.messages[2].token_estimate, 7);
  EXPECT_EQ(estimates, 2) << "loading never estimates again";

  NewMessage without;
  without.content = "no estimator";
  EXPECT_FALSE(plain.append_message(alice.id, conversation.id, without).token_estimate);
}

TEST_P(ContextStoreTest, AttachmentsComeWithTheirFilenamesInTheSameStatements) {
  NewMessage user;
  user.content = "read these";
  user.attachments = {add_document("report.pdf"), add_document("notes.txt")};
  plain.append_message(alice.id, conversation.id, user);
  StatementCount count;
  const ConversationDetail detail = *plain.find_detail(alice.id, conversation.id);
  EXPECT_EQ(count.so_far(), 4u) << "conversation, messages, tool calls, attachments with filenames";
  ASSERT_EQ(detail.messages.size(), 1u);
  EXPECT_EQ(detail.messages[0].attachments, user.attachments);
  EXPECT_EQ(detail.messages[0].attachment_names, (std::vector<std::string>{"report.pdf", "notes.txt"}));

  const Page<MessageRecord> page = plain.list_messages(alice.id, conversation.id, PageRequest{10, std::nullopt});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].attachment_names, (std::vector<std::string>{"report.pdf", "notes.txt"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, ContextStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
