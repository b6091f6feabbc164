#include "common/error.hpp"
#include "common/logger.hpp"
#include "http/sse/sse_writer.hpp"
#include "http/sse/tests/sse_client.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

namespace agenthost::http {
namespace {

using testing::SseClient;

// A listening socket whose accepted connections are adopted by the writer, standing in for the
// HTTP server (the client's "request" is read by nobody, which SSE allows).
struct Loopback {
  Poco::Net::ServerSocket listener{Poco::Net::SocketAddress("127.0.0.1", 0)};
  std::uint16_t port() const { return listener.address().port(); }
  Poco::Net::StreamSocket accept() { return listener.acceptConnection(); }
};

std::shared_ptr<Logger> quiet_logger() {
  return std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
}

TEST(SseFrame, HasIdEventAndDataLinesAndABlankLine) {
  EXPECT_EQ(sse_frame(7, "message.delta", R"({"text":"hi"})"), "id: 7\nevent: message.delta\ndata: {\"text\":\"hi\"}\n\n");
}

TEST(SseWriter, WritesFramesInOrder) {
  SseWriter writer(SseWriterOptions{}, quiet_logger());
  Loopback loopback;
  SseClient client(loopback.port(), "/", "");
  auto stream = writer.adopt(loopback.accept(), "test");
  ASSERT_TRUE(stream->send(sse_frame(1, "a", "{}")));
  ASSERT_TRUE(stream->send(sse_frame(2, "b", "{}")));
  // The writer sends no HTTP head (the route did): read frames straight away.
  auto first = client.next_frame();
  ASSERT_TRUE(first);
  // The client's request line is in its own buffer, not the server's: the first frame is ours.
  EXPECT_EQ(first->id, "1");
  EXPECT_EQ(client.next_frame()->id, "2");
}

TEST(SseWriter, StopClosesStreamsAndRunsTheirCloseCallbacks) {
  SseWriter writer(SseWriterOptions{}, quiet_logger());
  Loopback loopback;
  SseClient client(loopback.port(), "/", "");
  auto stream = writer.adopt(loopback.accept(), "test");
  std::atomic<int> closed{0};
  stream->on_closed([&] { ++closed; });
  writer.stop();
  EXPECT_EQ(closed.load(), 1);
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->send(sse_frame(1, "a", "{}")));
  EXPECT_TRUE(client.wait_closed());

  SseClient late_client(loopback.port(), "/", "");
  auto late = writer.adopt(loopback.accept(), "late");
  EXPECT_TRUE(late->closed()) << "a stream adopted after stop() is closed at once";
  int late_closed = 0;
  late->on_closed([&] { ++late_closed; });
  EXPECT_EQ(late_closed, 1) << "on_closed on a closed stream runs at once";
}

TEST(SseWriter, ClientHangUpClosesTheStream) {
  SseWriter writer(SseWriterOptions{}, quiet_logger());
  Loopback loopback;
  std::atomic<int> closed{0};
  std::shared_ptr<SseStream> stream;
  {
    SseClient client(loopback.port(), "/", "");
    stream = writer.adopt(loopback.accept(), "test");
    stream->on_closed([&] { ++closed; });
  }
  const auto deadline = std::chrono::steady_clock::now() + SseClient::kWait;
  while (closed.load() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(closed.load(), 1);
  EXPECT_EQ(writer.stream_count(), 0u);
}

TEST(SseWriter, RejectsOptionsOutOfRange) {
  EXPECT_THROW(SseWriter(SseWriterOptions{0, 1 << 20, std::chrono::milliseconds(1000)}, quiet_logger()), Error);
  EXPECT_THROW(SseWriter(SseWriterOptions{1, 10, std::chrono::milliseconds(1000)}, quiet_logger()), Error);
}

} // namespace
} // namespace agenthost::http
