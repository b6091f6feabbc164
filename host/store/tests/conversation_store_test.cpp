#include "common/error.hpp"
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"
#include "store/ids.hpp"
#include "store/query_counter.hpp"
#include "store/tests/test_database.hpp"
#include "store/timestamps.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

class ConversationStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  AgentFields agent_fields() {
    AgentFields f;
    f.name = "helper";
    f.backend = "demo";
    f.model = "m";
    return f;
  }
  // A tool call row on a message, written directly (the turn engine writes them later).
  void add_tool_call(const MessageRecord& message, const std::string& name) {
    Connection connection = scratch.database().connect();
    connection.execute("INSERT INTO tool_calls (id, message_id, conversation_id, name, arguments, status, result, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       {new_id("tc_"), message.id, message.conversation_id, name, std::string(R"({"x":1})"),
                        std::string("succeeded"), std::string("42"), now_ms()});
  }
  std::string add_document(const UserRecord& owner) {
    const std::string id = new_id("doc_");
    Connection connection = scratch.database().connect();
    connection.execute("INSERT INTO documents (id, owner_id, filename, content_type, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       {id, owner.id, std::string("a.txt"), std::string("text/plain"), now_ms(), now_ms()});
    return id;
  }

  TestDatabase scratch{GetParam()};
  UserStore users{scratch.database()};
  AgentStore agents{scratch.database()};
  ConversationStore conversations{scratch.database()};
  UserRecord alice = users.create_user("alice", false);
  UserRecord bob = users.create_user("bob", false);
  AgentRecord agent = agents.create(alice.id, agent_fields());
};

TEST_P(ConversationStoreTest, CreatesWithDefaultsAndFindsIt) {
  const ConversationRecord created = conversations.create(alice.id, agent.id, std::string("Hello"));
  EXPECT_EQ(created.status, "idle");
  EXPECT_EQ(created.turn_count, 0);
  const std::optional<ConversationRecord> found = conversations.find(alice.id, created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, std::optional<std::string>("Hello"));
  EXPECT_EQ(found->agent_id, agent.id);
  EXPECT_EQ(found->last_activity_at, created.created_at);
}

TEST_P(ConversationStoreTest, AnotherUsersAgentOrConversationDoesNotExistForYou) {
  try {
    conversations.create(bob.id, agent.id, std::nullopt);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unprocessable);
    EXPECT_EQ(error.field(), "agent_id");
  }
  const ConversationRecord mine = conversations.create(alice.id, agent.id, std::nullopt);
  EXPECT_FALSE(conversations.find(bob.id, mine.id));
  EXPECT_FALSE(conversations.find_detail(bob.id, mine.id));
  EXPECT_THROW(conversations.remove(bob.id, mine.id), Error);
  EXPECT_THROW(conversations.append_message(bob.id, mine.id, NewMessage{"user", "hi", {}, std::nullopt}), Error);
  EXPECT_THROW(conversations.list_messages(bob.id, mine.id, PageRequest{}), Error);
  EXPECT_TRUE(conversations.find(alice.id, mine.id));
}

TEST_P(ConversationStoreTest, AppendedMessagesShowInTheDetailWithToolCallsAndAttachments) {
  const ConversationRecord conversation = conversations.create(alice.id, agent.id, std::nullopt);
  const std::string document = add_document(alice);
  const MessageRecord first =
      conversations.append_message(alice.id, conversation.id, NewMessage{"user", "question", {document}, 7});
  const MessageRecord second = conversations.append_message(alice.id, conversation.id, NewMessage{"assistant", "answer", {}, std::nullopt});
  add_tool_call(second, "calculator");
  const std::optional<ConversationDetail> detail = conversations.find_detail(alice.id, conversation.id);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->messages.size(), 2U);
  EXPECT_EQ(detail->messages[0].id, first.id); // oldest first
  EXPECT_EQ(detail->messages[0].content, "question");
  EXPECT_EQ(detail->messages[0].attachments, std::vector<std::string>{document});
  EXPECT_EQ(detail->messages[0].token_estimate, std::optional<std::int64_t>(7));
  ASSERT_EQ(detail->messages[1].tool_calls.size(), 1U);
  EXPECT_EQ(detail->messages[1].tool_calls[0].name, "calculator");
  EXPECT_EQ(detail->messages[1].tool_calls[0].result_json, std::optional<std::string>("42"));
  EXPECT_GE(detail->conversation.last_activity_at, second.created_at);
}

TEST_P(ConversationStoreTest, AttachingAnotherUsersOrUnknownDocumentStoresNothing) {
  const ConversationRecord conversation = conversations.create(alice.id, agent.id, std::nullopt);
  const std::string mine = add_document(alice);
  const std::string theirs = add_document(bob);
  try {
    conversations.append_message(alice.id, conversation.id, NewMessage{"user", "x", {mine, theirs}, std::nullopt});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unprocessable);
    EXPECT_EQ(error.field(), "attachments[1]");
  }
  EXPECT_TRUE(conversations.find_detail(alice.id, conversation.id)->messages.empty());
}

TEST_P(ConversationStoreTest, DeleteTakesMessagesToolCallsAndAttachmentsAlong) {
  const ConversationRecord conversation = conversations.create(alice.id, agent.id, std::nullopt);
  const MessageRecord message =
      conversations.append_message(alice.id, conversation.id, NewMessage{"user", "x", {add_document(alice)}, std::nullopt});
  add_tool_call(message, "clock");
  conversations.remove(alice.id, conversation.id);
  Connection connection = scratch.database().connect();
  for (const char* table : {"conversations", "messages", "tool_calls", "attachments"}) {
    EXPECT_EQ(connection.query_one(std::string("SELECT COUNT(*) FROM ") + table)->integer(0), 0) << table;
  }
}

TEST_P(ConversationStoreTest, FiltersByAgentAndStatus) {
  AgentFields other = agent_fields();
  other.name = "other";
  const AgentRecord second_agent = agents.create(alice.id, other);
  conversations.create(alice.id, agent.id, std::nullopt);
  const ConversationRecord on_second = conversations.create(alice.id, second_agent.id, std::nullopt);
  ConversationFilter by_agent;
  by_agent.agent_id = second_agent.id;
  const auto page = conversations.list(alice.id, by_agent, PageRequest{});
  ASSERT_EQ(page.items.size(), 1U);
  EXPECT_EQ(page.items[0].id, on_second.id);
  ConversationFilter running;
  running.status = "running";
  EXPECT_TRUE(conversations.list(alice.id, running, PageRequest{}).items.empty());
  running.status = "idle";
  EXPECT_EQ(conversations.list(alice.id, running, PageRequest{}).items.size(), 2U);
}

TEST_P(ConversationStoreTest, PagingIsStableWhileNewConversationsArrive) {
  std::set<std::string> existing;
  for (int i = 0; i < 40; ++i) existing.insert(conversations.create(alice.id, agent.id, std::nullopt).id);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) conversations.create(alice.id, agent.id, std::nullopt);
  });
  PageRequest request;
  request.limit = 7;
  std::vector<std::string> seen;
  Page<ConversationRecord> page = conversations.list(alice.id, {}, request);
  for (;;) {
    for (const auto& c : page.items) seen.push_back(c.id);
    if (!page.next_cursor) break;
    request.after_id = decode_cursor(*page.next_cursor);
    page = conversations.list(alice.id, {}, request);
  }
  stop = true;
  writer.join();
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a row appeared on two pages";
  for (const std::string& id : existing) EXPECT_EQ(unique.count(id), 1U) << id << " was skipped";
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
}

TEST_P(ConversationStoreTest, ShowCostsTheSameStatementsForOneOrTwoHundredMessages) {
  const ConversationRecord small = conversations.create(alice.id, agent.id, std::nullopt);
  const MessageRecord only = conversations.append_message(alice.id, small.id, NewMessage{"user", "x", {}, std::nullopt});
  add_tool_call(only, "t");
  const ConversationRecord large = conversations.create(alice.id, agent.id, std::nullopt);
  const std::string document = add_document(alice);
  for (int i = 0; i < 200; ++i) {
    const MessageRecord m = conversations.append_message(alice.id, large.id,
                                                         NewMessage{"user", "m" + std::to_string(i), {document}, std::nullopt});
    if (i % 2 == 0) add_tool_call(m, "t");
  }
  StatementCount for_small;
  const auto small_detail = conversations.find_detail(alice.id, small.id);
  const auto small_count = for_small.so_far();
  StatementCount for_large;
  const auto large_detail = conversations.find_detail(alice.id, large.id);
  EXPECT_EQ(large_detail->messages.size(), 200U);
  EXPECT_EQ(for_large.so_far(), small_count);
  EXPECT_EQ(small_count, 4U);

  StatementCount page_count;
  const auto page = conversations.list_messages(alice.id, large.id, PageRequest{100, std::nullopt});
  EXPECT_EQ(page.items.size(), 100U);
  EXPECT_EQ(page_count.so_far(), 4U);
  EXPECT_EQ(page.items.front().content, "m199"); // newest first
}

INSTANTIATE_TEST_SUITE_P(Engines, ConversationStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
