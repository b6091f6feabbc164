// The egress policy with the real binary: an agent's tool (the egress_fetch test plugin, built
// in host/plugins/tests) fetches URLs the scripted model asked for. Under the tools' default
// `public`, loopback and cloud-metadata URLs come back to the model as tool errors naming the
// address and the rule, and a canary listener on 127.0.0.1 accepts nothing; a tool instance with
// `egress = allow:127.0.0.1/32` reads a page from a local server in the same turn engine.
#include "build_paths.hpp"
#include "canary_listener.hpp"
#include "local_web_server.hpp"
#include "turn_scenarios.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

std::string directory_of(const std::string& file) { return file.substr(0, file.rfind('/')); }

TEST(Egress, ToolFetchesObeyTheirInstancesPolicyInARealTurn) {
  CanaryListener canary;
  LocalWebServer site;
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
        {"tool_call": {"name": "local", "arguments": {"url": "http://127.0.0.1:)" << site.port() << R"(/text/real"}}}],
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
  EXPECT_THAT(json::dump(local[0].data), HasSubstr("200 Plain text real."));
  EXPECT_EQ(site.requests_to("/text/real"), 1u);
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
