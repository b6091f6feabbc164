#include "common/error.hpp"
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"
#include "store/query_counter.hpp"
#include "store/tests/test_database.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

AgentFields fields(const std::string& name) {
  AgentFields f;
  f.name = name;
  f.backend = "demo";
  f.model = "scripted";
  f.system_prompts = {"You are helpful.", "Be brief."};
  f.tools = {"calculator", "clock"};
  f.strategy = "window";
  f.params_json = R"({"temperature":0.2})";
  return f;
}

class AgentStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  TestDatabase scratch{GetParam()};
  UserStore users{scratch.database()};
  AgentStore agents{scratch.database()};
  UserRecord alice = users.create_user("alice", false);
  UserRecord bob = users.create_user("bob", false);
};

TEST_P(AgentStoreTest, CreateThenFindReturnsEveryFieldInOrder) {
  const AgentRecord created = agents.create(alice.id, fields("helper"));
  const std::optional<AgentRecord> found = agents.find(alice.id, created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->fields.name, "helper");
  EXPECT_EQ(found->fields.system_prompts, (std::vector<std::string>{"You are helpful.", "Be brief."}));
  EXPECT_EQ(found->fields.tools, (std::vector<std::string>{"calculator", "clock"}));
  EXPECT_EQ(found->fields.strategy, std::optional<std::string>("window"));
  EXPECT_EQ(found->fields.params_json, R"({"temperature":0.2})");
  EXPECT_EQ(found->created_at, created.created_at);
}

TEST_P(AgentStoreTest, AnotherOwnersAgentIsInvisible) {
  const AgentRecord mine = agents.create(alice.id, fields("helper"));
  EXPECT_FALSE(agents.find(bob.id, mine.id));
  EXPECT_TRUE(agents.list(bob.id, PageRequest{}).items.empty());
  EXPECT_THROW(agents.update(bob.id, mine.id, AgentChanges{}), Error);
  EXPECT_THROW(agents.remove(bob.id, mine.id), Error);
  EXPECT_TRUE(agents.find(alice.id, mine.id)); // untouched
}

TEST_P(AgentStoreTest, NamesAreUniquePerOwner) {
  agents.create(alice.id, fields("helper"));
  EXPECT_NO_THROW(agents.create(bob.id, fields("helper")));
  try {
    agents.create(alice.id, fields("helper"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
    EXPECT_EQ(error.field(), "name");
  }
}

TEST_P(AgentStoreTest, UpdateChangesOnlyWhatIsGiven) {
  const AgentRecord created = agents.create(alice.id, fields("helper"));
  AgentChanges changes;
  changes.model = "other-model";
  changes.tools = std::vector<std::string>{"clock"};
  changes.strategy = std::optional<std::string>(); // clear it
  const AgentRecord updated = agents.update(alice.id, created.id, changes);
  EXPECT_EQ(updated.fields.model, "other-model");
  EXPECT_EQ(updated.fields.tools, std::vector<std::string>{"clock"});
  EXPECT_FALSE(updated.fields.strategy);
  const AgentRecord stored = *agents.find(alice.id, created.id);
  EXPECT_EQ(stored.fields.tools, std::vector<std::string>{"clock"});
  EXPECT_EQ(stored.fields.system_prompts.size(), 2U); // untouched
  EXPECT_EQ(stored.fields.backend, "demo");
  EXPECT_FALSE(stored.fields.strategy);
  EXPECT_GE(stored.updated_at, created.updated_at);
}

TEST_P(AgentStoreTest, RemoveRefusesWhileConversationsUseTheAgent) {
  const AgentRecord agent = agents.create(alice.id, fields("helper"));
  ConversationStore conversations(scratch.database());
  const ConversationRecord conversation = conversations.create(alice.id, agent.id, std::nullopt);
  try {
    agents.remove(alice.id, agent.id);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
  }
  conversations.remove(alice.id, conversation.id);
  agents.remove(alice.id, agent.id);
  EXPECT_FALSE(agents.find(alice.id, agent.id));
  Connection connection = scratch.database().connect();
  EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM agent_tools")->integer(0), 0);
  EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM system_prompts")->integer(0), 0);
}

TEST_P(AgentStoreTest, UpsertByNameCreatesOnceThenUpdates) {
  auto [first, created] = agents.upsert_by_name(alice.id, fields("configured"));
  EXPECT_TRUE(created);
  AgentFields changed = fields("configured");
  changed.model = "new-model";
  changed.system_prompts = {"Only this."};
  auto [second, created_again] = agents.upsert_by_name(alice.id, changed);
  EXPECT_FALSE(created_again);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(agents.find(alice.id, first.id)->fields.system_prompts, std::vector<std::string>{"Only this."});
  EXPECT_EQ(agents.list(alice.id, PageRequest{}).items.size(), 1U);
}

TEST_P(AgentStoreTest, ListPagesNewestFirstWithoutGapsOrRepeats) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(agents.create(alice.id, fields("a" + std::to_string(i))).id);
  PageRequest request;
  request.limit = 3;
  std::vector<std::string> seen;
  for (;;) {
    Page<AgentRecord> page = agents.list(alice.id, request);
    for (const AgentRecord& agent : page.items) {
      seen.push_back(agent.id);
      EXPECT_EQ(agent.fields.tools.size(), 2U); // lists carry their tools too
    }
    if (!page.next_cursor) break;
    request.after_id = decode_cursor(*page.next_cursor);
  }
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(seen, ids);
}

TEST_P(AgentStoreTest, ReadsCostTheSameStatementsForOneOrAHundredAgents) {
  agents.create(alice.id, fields("only"));
  StatementCount one;
  agents.list(alice.id, PageRequest{100, std::nullopt});
  const auto for_one = one.so_far();
  for (int i = 0; i < 99; ++i) agents.create(bob.id, fields("b" + std::to_string(i)));
  StatementCount hundred;
  const Page<AgentRecord> page = agents.list(bob.id, PageRequest{100, std::nullopt});
  EXPECT_EQ(page.items.size(), 99U);
  EXPECT_EQ(hundred.so_far(), for_one);
  EXPECT_EQ(for_one, 3U); // agents, their tools, their prompts
}

INSTANTIATE_TEST_SUITE_P(Engines, AgentStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
