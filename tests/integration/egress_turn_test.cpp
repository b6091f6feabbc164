// The egress policy with the real binary: an agent's tool (the egress_fetch test plugin, built
// in host/plugins/tests) fetches URLs the scripted model asked for. Under the tools' default
// `public`, loopback and cloud-metadata URLs come back to the model as tool errors naming the
// address and the rule, and a canary listener on 127.0.0.1 accepts nothing; a tool instance with
// `egress = allow:127.0.0.1/32` reads a page from a local server in the same turn engine.
#include "build_paths.hpp"
#include "turn_scenarios.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

// Accepts connections on 127.0.0.1 and counts them. With `page`, answers each with that body.
class LoopbackListener {
public:
  explicit LoopbackListener(std::string page = "") : page_(std::move(page)), thread_([this] { run(); }) {}
  ~LoopbackListener() {
    stop_ = true;
    thread_.join();
  }
  int port() const { return server_.address().port(); }
  int accepted() const { return accepted_; }

private:
  void run() {
    while (!stop_) {
      if (!server_.poll(Poco::Timespan(50 * 1000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket client = server_.acceptConnection();
      ++accepted_;
      if (page_.empty()) continue;
      try {
        client.setReceiveTimeout(Poco::Timespan(10, 0));
        std::string head;
        char byte;
        while (head.find("\r\n\r\n") == std::string::npos && client.receiveBytes(&byte, 1) == 1) head += byte;
        const std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                                  std::to_string(page_.size()) + "\r\nConnection: close\r\n\r\n" + page_;
        client.sendBytes(reply.data(), static_cast<int>(reply.size()));
      } catch (const Poco::Exception&) {
        // The client went away; the test judges by what it received.
      }
    }
  }
  Poco::Net::ServerSocket server_{Poco::Net::SocketAddress("127.0.0.1", 0)};
  std::string page_;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string directory_of(const std::string& file) { return file.substr(0, file.rfind('/')); }

TEST(Egress, ToolFetchesObeyTheirInstancesPolicyInARealTurn) {
  LoopbackListener canary;
  LoopbackListener site("a real page");
  const ScratchDeployment deployment("");
  const std::string dir = directory_of(deployment.config_file());
  // Only the one test plugin: the test plugin directory also holds plugins broken on purpose.
  {
    std::ifstream source(test_plugin_dir() + "/egress_fetch.so", std::ios::binary);
    std::ofstream(dir + "/egress_fetch.so", std::ios::binary) << source.rdbuf();
  }
  const std::string canary_url = "http://127.0.0.1:" + std::to_string(canary.port()) + "/";
  std::ofstream(dir + "/script.json") << R"({"replies": [
    {"match": "blocked", "steps": [
        {"tool_call": {"name": "fetch", "arguments": {"url": ")" << canary_url << R"("}}},
        {"tool_call": {"name": "fetch", "arguments": {"url": "http://0x7f.1:)" << canary.port() << R"(/"}}},
        {"tool_call": {"name": "fetch", "arguments": {"url": "http://169.254.169.254/latest/meta-data/"}}}],
     "then": [{"text": "All refused."}]},
    {"match": "local", "steps": [
        {"tool_call": {"name": "local", "arguments": {"url": "http://127.0.0.1:)" << site.port() << R"(/page"}}}],
     "then": [{"text": "Read it."}]}
  ]})";
  deployment.rewrite_config("[plugins]\npath = " + dir +
                            "\n\n[backend.demo]\nplugin = scripted\ntoken_delay_ms = 1\nscript = script.json\n\n"
                            "[tool.fetch]\nplugin = fetch_url\n\n"
                            "[tool.local]\nplugin = fetch_url\negress = allow:127.0.0.1/32\n\n"
                            "[agent.demo]\nbackend = demo\nmodel = demo\ntools = fetch, local\n");
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(host);

  const std::string refused = client.new_conversation();
  ASSERT_EQ(client.post_message(refused, "blocked please").status, 202);
  const std::vector<SseEvent> events = client.events(refused).until_terminal();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, "turn.completed");
  const auto completed = of_type(events, "tool_call.completed");
  ASSERT_EQ(completed.size(), 3u);
  // The three calls run in parallel: their completions come in any order.
  std::string results;
  for (const SseEvent& call : completed) {
    const std::string data = json::dump(call.data);
    EXPECT_THAT(data, HasSubstr("blocked by egress policy 'public': ")) << "the model reads why";
    EXPECT_THAT(data, HasSubstr("[tool.fetch]"));
    results += data + "\n";
  }
  for (const char* expected : {": 127.0.0.1 is loopback", ": 0x7f.1 means 127.0.0.1 is loopback",
                               ": 169.254.169.254 is link-local"})
    EXPECT_THAT(results, HasSubstr(expected));
  EXPECT_EQ(canary.accepted(), 0);

  const std::string allowed = client.new_conversation();
  ASSERT_EQ(client.post_message(allowed, "local page").status, 202);
  const std::vector<SseEvent> local_events = client.events(allowed).until_terminal();
  ASSERT_FALSE(local_events.empty());
  EXPECT_EQ(local_events.back().type, "turn.completed");
  const auto local = of_type(local_events, "tool_call.completed");
  ASSERT_EQ(local.size(), 1u);
  EXPECT_THAT(json::dump(local[0].data), HasSubstr("200 a real page"));
  EXPECT_EQ(site.accepted(), 1);
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
