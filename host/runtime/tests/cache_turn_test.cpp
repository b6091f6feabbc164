// A turn's host cache use in its job record, on SQLite and PostgreSQL: the scripted backend calls
// the test tool cache_probe, which looks a key up and stores it on a miss; the succeeded job's
// result carries "cache" with the turn's hits, misses and evictions, per instance section.
#include "runtime/tests/cache_probe_setup.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using testing::EventWatcher;
using testing::TurnHarness;

constexpr const char* kScript = R"({"replies":[
  {"steps": [{"tool_call": {"name": "probe", "arguments": {"op": "fetch", "key": "https://example.com/"}}}],
   "then": [{"text": "done"}]}
]})";

testing::TurnSetup cache_setup() { return testing::cache_probe_setup(kScript); }

class CacheTurnTest : public ::testing::TestWithParam<store::Engine> {
protected:
  // Runs one turn to its end and returns its job's result.
  json::Value run_turn(const std::string& conversation_id) {
    EventWatcher watcher(turn.events, conversation_id);
    const TurnService::Posted posted = turn.post(conversation_id, "look it up");
    const std::optional<events::Event> end = watcher.wait_for_end();
    EXPECT_TRUE(end && end->type == "turn.completed") << (end ? end->data_json : "no end");
    const queue::JobRecord job = turn.finished_job(posted.job.id);
    EXPECT_EQ(job.state, "succeeded");
    return json::parse(job.result_json.value_or("{}"));
  }

  TurnHarness turn{GetParam(), cache_setup()};
};

TEST_P(CacheTurnTest, TheJobResultCountsTheTurnsHitsAndMisses) {
  const std::string conversation_id = turn.new_conversation();
  const json::Value first = run_turn(conversation_id);
  EXPECT_EQ(json::dump(first["cache"]),
            R"({"hits":0,"misses":1,"evictions":0,"by_instance":{"tool.probe":{"hits":0,"misses":1,"evictions":0}}})");
  const json::Value second = run_turn(conversation_id);
  EXPECT_EQ(json::dump(second["cache"]),
            R"({"hits":1,"misses":0,"evictions":0,"by_instance":{"tool.probe":{"hits":1,"misses":0,"evictions":0}}})")
      << "each turn counts only its own lookups";
}

INSTANTIATE_TEST_SUITE_P(Engines, CacheTurnTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
