#include "common/logger.hpp"
#include "events/event_log.hpp"
#include "http/api/event_routes.hpp"
#include "http/health_route.hpp"
#include "http/http_server.hpp"
#include "http/sse/tests/sse_client.hpp"
#include "http/tests/api/api_test_support.hpp"
#include "store/tests/test_database.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace agenthost::http {
namespace {

using store::Engine;
using testing::SseClient;

// A server with the health route and the events route over a fresh store; alice owns a
// conversation, bob owns nothing.
class EventServer {
public:
  EventServer(Engine engine, int http_threads, SseWriterOptions writer_options)
      : database_(engine), instances_(testing::ApiTestOptions{}) {
    logger = std::make_shared<Logger>(LogLevel::info, [this](std::string_view line) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      log_lines_.emplace_back(line);
    });
    context_ = std::make_shared<ApiContext>(database_.database(), instances_);
    events = std::make_shared<events::EventLog>(database_.database());
    writer = std::make_shared<SseWriter>(writer_options, logger);
    Router router;
    register_health_route(router);
    register_event_routes(router, context_, events, writer);
    HttpServerOptions options;
    options.port = 0;
    options.threads = http_threads;
    server_ = std::make_unique<HttpServer>(options, std::move(router), logger);
    server_->start();

    auto [alice, alice_issued] = context_->users.create_user_with_token("alice", false, "test");
    alice_token = alice_issued.token;
    auto [bob, bob_issued] = context_->users.create_user_with_token("bob", false, "test");
    bob_token = bob_issued.token;
    store::AgentFields agent;
    agent.name = "helper";
    agent.backend = "local";
    agent.model = "m";
    const auto agent_record = context_->agents.create(alice.id, agent);
    conversation = context_->conversations.create(alice.id, agent_record.id, std::nullopt).id;
  }
  ~EventServer() {
    server_->stop(std::chrono::milliseconds(0));
    writer->stop();
  }

  std::uint16_t port() const { return server_->port(); }
  std::string path(const std::string& query = {}) const {
    return "/api/v1/conversations/" + conversation + "/events" + query;
  }
  // Waits (bounded) until `count` watchers are subscribed: the route subscribes after it sent
  // the head the client already read, so appending earlier could race a live-only watcher.
  bool wait_for_watchers(std::size_t count) const {
    const auto deadline = std::chrono::steady_clock::now() + SseClient::kWait;
    while (events->subscriber_count(conversation) < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  events::Event append(const std::string& type, const std::string& data = "{}") {
    return events->append(conversation, "job_1", type, data);
  }
  int health_status() const {
    Poco::Net::HTTPClientSession session("127.0.0.1", port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET", "/health", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    return static_cast<int>(response.getStatus());
  }
  bool logged(const std::string& text) {
    std::lock_guard<std::mutex> lock(log_mutex_);
    for (const auto& line : log_lines_)
      if (line.find(text) != std::string::npos) return true;
    return false;
  }

  std::shared_ptr<Logger> logger;
  std::shared_ptr<events::EventLog> events;
  std::shared_ptr<SseWriter> writer;
  std::string alice_token;
  std::string bob_token;
  std::string conversation;

private:
  store::testing::TestDatabase database_;
  testing::FakeInstances instances_;
  std::shared_ptr<ApiContext> context_;
  std::unique_ptr<HttpServer> server_;
  std::mutex log_mutex_;
  std::vector<std::string> log_lines_;
};

class EventRoutesTest : public ::testing::TestWithParam<Engine> {
protected:
  EventServer server{GetParam(), 8, SseWriterOptions{}};
};

TEST_P(EventRoutesTest, AfterZeroReplaysTheWholeLogThenFollowsLive) {
  server.append("turn.started");
  server.append("message.delta", R"({"text":"Hel"})");
  server.append("message.delta", R"({"text":"lo"})");
  SseClient client(server.port(), server.path("?after=0"), server.alice_token);
  ASSERT_EQ(client.read_head(), 200);
  EXPECT_EQ(client.headers["content-type"], "text/event-stream");
  EXPECT_EQ(client.headers["cache-control"], "no-cache");
  EXPECT_EQ(client.headers["x-accel-buffering"], "no");
  for (int seq = 1; seq <= 3; ++seq) {
    const auto frame = client.next_frame();
    ASSERT_TRUE(frame) << "missing replayed event " << seq;
    EXPECT_EQ(frame->id, std::to_string(seq));
  }
  ASSERT_TRUE(server.wait_for_watchers(1));
  server.append("turn.completed", R"({"usage":{"total_tokens":3}})");
  const auto live = client.next_frame();
  ASSERT_TRUE(live);
  EXPECT_EQ(live->id, "4");
  EXPECT_EQ(live->event, "turn.completed");
  EXPECT_EQ(live->data, R"({"job_id":"job_1","usage":{"total_tokens":3}})");
}

TEST_P(EventRoutesTest, EveryEventCarriesTheJobIdInOneLineOfData) {
  server.append("turn.started");
  server.append("message.delta", R"({"text":"a"})");
  SseClient client(server.port(), server.path("?after=0"), server.alice_token);
  ASSERT_EQ(client.read_head(), 200);
  const auto first = client.next_frame();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->raw, "id: 1\nevent: turn.started\ndata: {\"job_id\":\"job_1\"}");
  const auto second = client.next_frame();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->data, R"({"job_id":"job_1","text":"a"})");
}

TEST_P(EventRoutesTest, LastEventIdResumesAfterItAndWinsOverAfter) {
  for (int i = 0; i < 5; ++i) server.append("message.delta", R"({"text":"x"})");
  SseClient client(server.port(), server.path("?after=1"), server.alice_token, "Last-Event-ID: 3\r\n");
  ASSERT_EQ(client.read_head(), 200);
  EXPECT_EQ(client.next_frame()->id, "4");
  EXPECT_EQ(client.next_frame()->id, "5");
  ASSERT_TRUE(server.wait_for_watchers(1));
  server.append("turn.completed");
  EXPECT_EQ(client.next_frame()->id, "6");
}

TEST_P(EventRoutesTest, WithoutAResumePointOnlyLiveEventsArrive) {
  server.append("turn.started");
  server.append("message.delta", R"({"text":"old"})");
  SseClient client(server.port(), server.path(), server.alice_token);
  ASSERT_EQ(client.read_head(), 200);
  ASSERT_TRUE(server.wait_for_watchers(1));
  server.append("message.delta", R"({"text":"new"})");
  const auto frame = client.next_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->id, "3");
}

// Appends race the replay: whatever interleaving happens, each watcher gets 1..N exactly once.
TEST_P(EventRoutesTest, ReplayRacingAppendsHasNoGapAndNoDuplicate) {
  for (int i = 0; i < 20; ++i) server.append("message.delta", R"({"text":"x"})");
  constexpr int kTotal = 60;
  std::thread appender([&] {
    for (int i = 20; i < kTotal; ++i) server.append("message.delta", R"({"text":"y"})");
  });
  SseClient client(server.port(), server.path("?after=0"), server.alice_token);
  const int status = client.read_head();
  appender.join();
  ASSERT_EQ(status, 200);
  for (int seq = 1; seq <= kTotal; ++seq) {
    const auto frame = client.next_frame();
    ASSERT_TRUE(frame) << "event " << seq << " never arrived";
    ASSERT_EQ(frame->id, std::to_string(seq));
  }
}

TEST_P(EventRoutesTest, SeveralWatchersEachGetEveryEvent) {
  std::vector<std::unique_ptr<SseClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<SseClient>(server.port(), server.path("?after=0"), server.alice_token));
    ASSERT_EQ(clients.back()->read_head(), 200);
  }
  ASSERT_TRUE(server.wait_for_watchers(3));
  server.append("turn.started");
  server.append("turn.completed");
  for (auto& client : clients) {
    EXPECT_EQ(client->next_frame()->id, "1");
    EXPECT_EQ(client->next_frame()->id, "2");
  }
}

TEST_P(EventRoutesTest, GarbageOrForeignResumePointsAre400) {
  server.append("turn.started");
  for (const char* header : {"Last-Event-ID: abc\r\n", "Last-Event-ID: -1\r\n", "Last-Event-ID: 99\r\n",
                                    "Last-Event-ID: 99999999999999999999999\r\n"}) {
    SseClient client(server.port(), server.path(), server.alice_token, header);
    EXPECT_EQ(client.read_head(), 400) << header;
  }
  for (const char* query : {"?after=x", "?after=", "?after=2", "?after=+1"}) {
    SseClient client(server.port(), server.path(query), server.alice_token);
    EXPECT_EQ(client.read_head(), 400) << query;
  }
  SseClient fine(server.port(), server.path("?after=1"), server.alice_token);
  EXPECT_EQ(fine.read_head(), 200) << "the last seq itself is a valid resume point";
}

TEST_P(EventRoutesTest, AnotherUsersConversationIs404AndNoTokenIs401) {
  SseClient other(server.port(), server.path("?after=0"), server.bob_token);
  EXPECT_EQ(other.read_head(), 404);
  SseClient anonymous(server.port(), server.path(), "");
  EXPECT_EQ(anonymous.read_head(), 401);
  EXPECT_FALSE(anonymous.headers["www-authenticate"].empty());
}

TEST_P(EventRoutesTest, AClosedClientIsUnsubscribed) {
  {
    SseClient client(server.port(), server.path(), server.alice_token);
    ASSERT_EQ(client.read_head(), 200);
    ASSERT_TRUE(server.wait_for_watchers(1));
  }
  const auto deadline = std::chrono::steady_clock::now() + SseClient::kWait;
  while (server.events->subscriber_count(server.conversation) > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(server.events->subscriber_count(server.conversation), 0u);
  EXPECT_EQ(server.writer->stream_count(), 0u);
}

TEST_P(EventRoutesTest, HeartbeatCommentAfterSilence) {
  EventServer quick(GetParam(), 4, SseWriterOptions{1, 1024 * 1024, std::chrono::milliseconds(50)});
  SseClient client(quick.port(), quick.path(), quick.alice_token);
  ASSERT_EQ(client.read_head(), 200);
  const auto frame = client.next_frame();
  ASSERT_TRUE(frame);
  EXPECT_TRUE(frame->comment());
  EXPECT_EQ(frame->raw, ": keep-alive");
}

// A client that stops reading is dropped once its buffer is full; a reading watcher of the same
// conversation gets every event meanwhile.
TEST_P(EventRoutesTest, SlowClientIsDroppedWithoutStallingOthers) {
  EventServer small(GetParam(), 4, SseWriterOptions{2, 64 * 1024, std::chrono::milliseconds(15000)});
  SseClient slow(small.port(), small.path(), small.alice_token, "", /*receive_buffer=*/4096);
  ASSERT_EQ(slow.read_head(), 200);
  SseClient fast(small.port(), small.path(), small.alice_token);
  ASSERT_EQ(fast.read_head(), 200);
  ASSERT_TRUE(small.wait_for_watchers(2));

  const std::string data = "{\"text\":\"" + std::string(8000, 'x') + "\"}";
  int appended = 0;
  // Socket buffers (both kernels') absorb some megabytes before the 64 KB stream buffer fills.
  while (small.writer->dropped_count() == 0 && appended < 5000) {
    small.append("message.delta", data);
    ++appended;
    const auto frame = fast.next_frame();
    ASSERT_TRUE(frame) << "the reading watcher stalled at event " << appended;
    ASSERT_EQ(frame->id, std::to_string(appended));
  }
  EXPECT_EQ(small.writer->dropped_count(), 1u);
  EXPECT_TRUE(small.logged("sse client dropped"));
  small.append("turn.completed");
  const auto last = fast.next_frame();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->event, "turn.completed");
}

// Poco holds a thread per connection; detached streams must not. 2,000 watchers on a server with
// 32 HTTP threads: /health still answers and one append reaches every watcher.
TEST_P(EventRoutesTest, TwoThousandStreamsOnThirtyTwoHttpThreads) {
  rlimit files{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &files), 0);
  const rlim_t wanted = std::min<rlim_t>(files.rlim_max, 20000);
  files.rlim_cur = std::max(files.rlim_cur, wanted);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &files), 0);
  ASSERT_GE(files.rlim_cur, 4200u) << "2,000 streams need two sockets each in this process";

  EventServer many(GetParam(), 32, SseWriterOptions{});
  constexpr int kStreams = 2000;
  std::vector<std::unique_ptr<SseClient>> clients;
  clients.reserve(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    clients.push_back(std::make_unique<SseClient>(many.port(), many.path(), many.alice_token));
    ASSERT_EQ(clients.back()->read_head(), 200) << "stream " << i;
  }
  ASSERT_TRUE(many.wait_for_watchers(kStreams));
  EXPECT_EQ(many.writer->stream_count(), static_cast<std::size_t>(kStreams));
  EXPECT_EQ(many.health_status(), 200);

  many.append("turn.completed", R"({"usage":{}})");
  int delivered = 0;
  for (auto& client : clients) {
    const auto frame = client->next_frame();
    if (frame && frame->id == "1") ++delivered;
  }
  EXPECT_EQ(delivered, kStreams);
  EXPECT_EQ(many.health_status(), 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, EventRoutesTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::http
