// Thousands of watchers of one turn against the real binary. Poco serves HTTP with a thread per
// connection; the host detaches event streams from those threads, so a host with 32 HTTP threads
// must still hold every stream, answer /health and run a turn whose events reach every watcher.
#include "http_exchange.hpp"
#include "json_log.hpp"
#include "sse_swarm.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>

namespace agenthost::integration {
namespace {

using namespace std::chrono_literals;

// This process's soft open-file limit, set for a while; the original is restored at the end.
// Children started meanwhile inherit the limit in force when they start.
class SoftFileLimit {
public:
  SoftFileLimit() { ::getrlimit(RLIMIT_NOFILE, &original_); }
  ~SoftFileLimit() { ::setrlimit(RLIMIT_NOFILE, &original_); }
  SoftFileLimit(const SoftFileLimit&) = delete;
  SoftFileLimit& operator=(const SoftFileLimit&) = delete;

  rlim_t hard() const { return original_.rlim_max; }
  bool set(rlim_t soft) const {
    rlimit files = original_;
    files.rlim_cur = std::min(soft, original_.rlim_max);
    return ::setrlimit(RLIMIT_NOFILE, &files) == 0;
  }

private:
  rlimit original_{};
};

// Why the first few streams that are not fine failed, for assertion messages.
std::string failures_of(const SseSwarm& swarm) {
  std::string text;
  int shown = 0;
  for (std::size_t i = 0; i < swarm.size() && shown < 5; ++i) {
    if (swarm.failure(i).empty() && swarm.status(i) == 200) continue;
    text += "stream " + std::to_string(i) + ": HTTP " + std::to_string(swarm.status(i)) + ", " +
            (swarm.failure(i).empty() ? std::string("still open") : swarm.failure(i)) + "; ";
    ++shown;
  }
  return text;
}

std::string types_of(const std::vector<SseEvent>& events) {
  std::string types;
  for (const SseEvent& event : events) types += std::to_string(event.id) + ":" + event.type + " ";
  return types;
}

bool same_events(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SseEvent& x, const SseEvent& y) {
    return x.id == y.id && x.type == y.type && x.data == y.data;
  });
}

// The "What is 6 * 7?" turn as one watcher saw it: ordered, one job, the calculator's answer.
void expect_the_calculator_turn(const std::vector<SseEvent>& events, const std::string& job_id) {
  ASSERT_FALSE(events.empty()) << "no events";
  const std::string types = types_of(events);
  EXPECT_EQ(events.front().type, "turn.started") << types;
  EXPECT_EQ(events.back().type, "turn.completed") << types;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(text_of(events[i].data["job_id"]), job_id) << events[i].type;
    if (i > 0) {
      EXPECT_GT(events[i].id, events[i - 1].id) << types;
    }
  }
  EXPECT_EQ(delta_text(events), "Let me work that out with the calculator.The calculator says 6 * 7 = 42.");
  const auto started = of_type(events, "tool_call.started");
  const auto completed = of_type(events, "tool_call.completed");
  ASSERT_EQ(started.size(), 1u) << types;
  ASSERT_EQ(completed.size(), 1u) << types;
  EXPECT_EQ(text_of(started[0].data["name"]), "calculator");
  EXPECT_EQ(completed[0].data["result"], json::Value(42)) << json::dump(completed[0].data);
  EXPECT_EQ(of_type(events, "message.completed").size(), 2u) << types;
}

} // namespace

void expect_many_watchers_see_a_turn(const std::string& store_url, std::size_t watchers) {
  SoftFileLimit files;
  const rlim_t needed = static_cast<rlim_t>(watchers) + 512; // a socket per watcher, plus this process's own
  ASSERT_GE(files.hard(), needed) << "the hard open-file limit (ulimit -Hn) is " << files.hard() << "; " << watchers
                                  << " watchers need about " << needed << " in this process and in the host";
  // Started as from a login shell with the common default soft limit: holding the streams then
  // depends on serve raising its own limit.
  ASSERT_TRUE(files.set(1024));
  const ScratchDeployment deployment(turn_test_config(5, store_url, "[server]\nthreads = 32\n"));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(files.set(needed));
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  EXPECT_EQ(parse_json_log(host.process->stderr_text()).with_message("open file limit raised").size(), 1u)
      << host.process->stderr_text();
  const TurnClient client(host);
  const std::string conversation_id = client.new_conversation();

  // ?after=0 replays from the start, so a watcher connected after the turn began misses nothing.
  // At most 32 connections wait for their response at a time: the server queues only so many
  // before one of its 32 threads takes them, and a burst beyond that would be refused.
  SseSwarm swarm(*host.port, client.token());
  swarm.open("/api/v1/conversations/" + conversation_id + "/events?after=0", watchers, 32, 300s);
  ASSERT_EQ(swarm.count_with_status(200), watchers) << failures_of(swarm);
  EXPECT_EQ(exchange(*host.port, "GET", "/health").status, 200) << "with " << watchers << " streams open";

  const HttpReply posted = client.post_message(conversation_id, "What is 6 * 7?");
  ASSERT_EQ(posted.status, 202) << posted.body;
  const std::string job_id = text_of(json_of(posted)["job"]["id"]);
  EXPECT_EQ(swarm.read_until_terminal(300s), watchers) << failures_of(swarm);

  // One watcher checked in full; every other one must have received exactly the same events.
  const std::vector<SseEvent>& reference = swarm.events(0);
  expect_the_calculator_turn(reference, job_id);
  std::size_t identical = 0;
  std::string first_difference;
  for (std::size_t i = 0; i < swarm.size(); ++i) {
    if (same_events(swarm.events(i), reference)) {
      ++identical;
    } else if (first_difference.empty()) {
      first_difference = "stream " + std::to_string(i) + " got " + types_of(swarm.events(i)) + "; stream 0 got " +
                         types_of(reference) + (swarm.failure(i).empty() ? "" : "; it ended: " + swarm.failure(i));
    }
  }
  EXPECT_EQ(identical, watchers) << first_difference;

  EXPECT_EQ(exchange(*host.port, "GET", "/health").status, 200) << "after the turn, streams still open";
  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "idle");
  EXPECT_EQ(conversation["turn_count"], json::Value(1));
  // Stopped with every watcher still connected: the streams must not hold up the shutdown.
  EXPECT_EQ(stop(host), 0) << host.process->stderr_text().substr(0, 4000);
}

} // namespace agenthost::integration
