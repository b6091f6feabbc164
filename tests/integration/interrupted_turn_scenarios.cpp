// The turns that do not end on their own, on either store engine: cancelled mid-reply, and the
// host killed (-9) mid-reply then started again.
#include "json_log.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace agenthost::integration {
namespace {

using namespace std::chrono_literals;

// A reply long enough to still be streaming when the test acts on it.
std::string long_message() {
  std::string text = "count";
  for (int i = 1; i <= 300; ++i) text += " w" + std::to_string(i);
  return text;
}

// Reads events until at least `count` message.delta events arrived (or the stream ends).
std::vector<SseEvent> until_deltas(SseClient& stream, std::size_t count) {
  std::vector<SseEvent> events;
  while (of_type(events, "message.delta").size() < count) {
    std::optional<SseEvent> event = stream.next();
    if (!event) break;
    events.push_back(std::move(*event));
  }
  return events;
}

} // namespace

void expect_one_turn_at_a_time_and_cancel(const std::string& store_url) {
  const ScratchDeployment deployment(turn_test_config(20, store_url));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(host);
  const std::string conversation_id = client.new_conversation();
  const HttpReply posted = client.post_message(conversation_id, long_message());
  ASSERT_EQ(posted.status, 202) << posted.body;

  const HttpReply second = client.post_message(conversation_id, "me too");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(text_of(json_of(second)["error"]["type"]), "conflict");

  SseClient stream = client.events(conversation_id);
  std::vector<SseEvent> events = until_deltas(stream, 2);
  ASSERT_GE(of_type(events, "message.delta").size(), 2u) << "the reply never started streaming";
  const HttpReply cancelled = client.cancel(conversation_id);
  EXPECT_EQ(cancelled.status, 202) << cancelled.body;
  for (SseEvent& event : stream.until_terminal()) events.push_back(std::move(event));
  ASSERT_EQ(events.back().type, "turn.cancelled");
  EXPECT_EQ(of_type(events, "turn.completed").size() + of_type(events, "turn.failed").size(), 0u);

  const auto stored = of_type(events, "message.completed");
  ASSERT_EQ(stored.size(), 1u);
  const json::Value& partial = stored[0].data["message"];
  EXPECT_EQ(text_of(partial["status"]), "incomplete");
  EXPECT_EQ(text_of(partial["content"]), delta_text(events)) << "no text lost or repeated";
  EXPECT_LT(text_of(partial["content"]).size(), long_message().size()) << "it stopped early";

  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "idle");
  EXPECT_EQ(conversation["messages"].size(), 2u);
  EXPECT_EQ(client.cancel(conversation_id).status, 409) << "nothing runs any more";

  ASSERT_EQ(client.post_message(conversation_id, "hello again").status, 202);
  const std::vector<SseEvent> next =
      client.events(conversation_id, "?after=" + std::to_string(events.back().id)).until_terminal();
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(next.back().type, "turn.completed");
  EXPECT_EQ(stop(host), 0);
}

void expect_kill_nine_mid_turn_recovery(const std::string& store_url) {
  // Short leases so the dead worker's turn is recovered within seconds of the restart.
  const ScratchDeployment deployment(turn_test_config(
      20, store_url, "[queue]\nlease_seconds = 5\nheartbeat_seconds = 1\nrecovery_interval_seconds = 1\n"));
  std::string token;
  std::string conversation_id;
  std::string job_id;
  {
    RunningHost host = deployment.serve();
    ASSERT_TRUE(host.port) << host.process->stderr_text();
    const TurnClient client(host);
    token = client.token();
    conversation_id = client.new_conversation();
    const HttpReply posted = client.post_message(conversation_id, long_message());
    ASSERT_EQ(posted.status, 202) << posted.body;
    job_id = text_of(json_of(posted)["job"]["id"]);
    SseClient stream = client.events(conversation_id);
    ASSERT_GE(of_type(until_deltas(stream, 3), "message.delta").size(), 3u);
    host.process->send_signal(SIGKILL);
    ASSERT_TRUE(host.process->wait_for_exit(10s));
  }

  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(*host.port, token);
  const std::vector<SseEvent> events = client.events(conversation_id).until_terminal(60s);
  ASSERT_FALSE(events.empty());
  ASSERT_EQ(events.back().type, "turn.failed") << host.process->stderr_text();
  EXPECT_EQ(text_of(events.back().data["job_id"]), job_id);
  EXPECT_EQ(text_of(events.back().data["error"]["type"]), "worker_lost");

  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "failed") << "not stuck running";
  const json::Value& messages = conversation["messages"];
  ASSERT_EQ(messages.size(), 2u) << json::dump(conversation);
  EXPECT_EQ(text_of(messages[0]["content"]), long_message()) << "the user's message survived";
  EXPECT_EQ(text_of(messages[1]["status"]), "incomplete");
  EXPECT_FALSE(text_of(messages[1]["content"]).empty());
  EXPECT_EQ(text_of(messages[1]["content"]), delta_text(events)) << "the partial text is what was streamed";

  ASSERT_EQ(client.post_message(conversation_id, "are you back?").status, 202);
  const std::vector<SseEvent> next =
      client.events(conversation_id, "?after=" + std::to_string(events.back().id)).until_terminal();
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(next.back().type, "turn.completed");
  EXPECT_EQ(stop(host), 0);
}

} // namespace agenthost::integration
