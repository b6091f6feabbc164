// `agenthost serve` with the default deployment (config/agenthost.conf, found from the source
// directory as a user running it from a checkout would), answering HTTP on a loopback port.
// One host serves every test in this file.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "http_exchange.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class DefaultDeployment : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    data_dir_ = new ScratchDir;
    ProcessOptions options;
    options.working_dir = source_dir();
    host_ = start_serve({"--listen", "127.0.0.1:0", "--data-dir", data_dir_->path()}, options).release();
    port_ = wait_until_listening(*host_);
  }

  static void TearDownTestSuite() {
    delete host_; // kills it if still running; the shutdown tests check the graceful path
    delete data_dir_;
    host_ = nullptr;
    data_dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(port_.has_value()) << "the host did not report that it listens\n--- stderr ---\n"
                                   << host_->stderr_text();
  }

  static HttpReply get(const std::string& path, const HeaderList& headers = {}) {
    return exchange(*port_, "GET", path, headers);
  }

  static json::Value body_of(const HttpReply& reply) { return json::parse(reply.body); }

  static ScratchDir* data_dir_;
  static ChildProcess* host_;
  static std::optional<int> port_;
};

ScratchDir* DefaultDeployment::data_dir_ = nullptr;
ChildProcess* DefaultDeployment::host_ = nullptr;
std::optional<int> DefaultDeployment::port_;

TEST_F(DefaultDeployment, HealthIsOkAsJson) {
  const HttpReply reply = get("/health");
  EXPECT_EQ(reply.status, 200);
  EXPECT_THAT(reply.content_type, StartsWith("application/json"));
  EXPECT_EQ(json::dump(body_of(reply)), R"({"status":"ok"})");
}

TEST_F(DefaultDeployment, PluginsListsTheBundledPluginsWithVersionsAndComponents) {
  // An admin-only route: the first start wrote the admin's token into the data directory.
  const std::optional<std::string> token = admin_token_in(data_dir_->path());
  ASSERT_TRUE(token) << host_->stderr_text();
  EXPECT_EQ(get("/api/v1/plugins").status, 401);
  const HttpReply reply = get("/api/v1/plugins", {{"Authorization", "Bearer " + *token}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_THAT(reply.content_type, StartsWith("application/json"));
  const json::Value doc = body_of(reply);
  ASSERT_TRUE(doc["plugins"].is_array()) << reply.body;

  const std::map<std::string, std::string> expected_components = {
      {"scripted", "backend"}, {"calculator", "tool"}, {"clock", "tool"}};
  for (const auto& [name, kind] : expected_components) {
    const json::Value* plugin = nullptr;
    for (const json::Value& candidate : doc["plugins"].as_array())
      if (text_of(candidate["name"]) == name) plugin = &candidate;
    ASSERT_NE(plugin, nullptr) << name << " missing from " << reply.body;
    EXPECT_TRUE(std::regex_match(text_of((*plugin)["version"]), std::regex(R"(\d+\.\d+\.\d+)"))) << name;
    ASSERT_TRUE((*plugin)["components"].is_array()) << name;
    ASSERT_FALSE((*plugin)["components"].as_array().empty()) << name;
    EXPECT_EQ(text_of((*plugin)["components"][0]["type"]), name);
    EXPECT_EQ(text_of((*plugin)["components"][0]["kind"]), kind);
  }
  ASSERT_TRUE(doc["refused"].is_array()) << reply.body;
  EXPECT_TRUE(doc["refused"].as_array().empty()) << reply.body;
}

TEST_F(DefaultDeployment, UnknownRouteIsA404JsonError) {
  const HttpReply reply = get("/no/such/route");
  EXPECT_EQ(reply.status, 404);
  EXPECT_THAT(reply.content_type, StartsWith("application/json"));
  const json::Value doc = body_of(reply);
  EXPECT_EQ(text_of(doc["error"]["type"]), "not_found");
  EXPECT_THAT(text_of(doc["error"]["message"]), HasSubstr("GET /no/such/route"));
}

TEST_F(DefaultDeployment, WrongMethodIsA405WithAllow) {
  for (const std::string& path : {std::string("/health"), std::string("/api/v1/plugins")}) {
    const HttpReply reply = exchange(*port_, "POST", path);
    EXPECT_EQ(reply.status, 405) << path;
    EXPECT_THAT(reply.header("Allow"), HasSubstr("GET")) << path;
    EXPECT_THAT(reply.content_type, StartsWith("application/json")) << path;
    EXPECT_EQ(text_of(body_of(reply)["error"]["type"]), "method_not_allowed") << path << ": " << reply.body;
  }
  const HttpReply del = exchange(*port_, "DELETE", "/health");
  EXPECT_EQ(del.status, 405);
}

TEST_F(DefaultDeployment, ASaneRequestIdIsEchoed) {
  const HttpReply ok = get("/health", {{"X-Request-Id", "client-42.retry_1"}});
  EXPECT_EQ(ok.header("X-Request-Id"), "client-42.retry_1");
  const HttpReply error = get("/nope", {{"X-Request-Id", "trace-404"}});
  EXPECT_EQ(error.status, 404);
  EXPECT_EQ(error.header("X-Request-Id"), "trace-404") << "errors carry the id too";
}

TEST_F(DefaultDeployment, AnInsaneOrMissingRequestIdIsReplacedByAGeneratedOne) {
  const std::regex sane(R"([A-Za-z0-9._-]{1,128})");
  const std::vector<std::string> insane = {"has space", "semi;colon", std::string(129, 'a'), "<script>"};
  std::set<std::string> generated;
  for (const std::string& sent : insane) {
    const std::string echoed = get("/health", {{"X-Request-Id", sent}}).header("X-Request-Id");
    EXPECT_NE(echoed, sent);
    EXPECT_TRUE(std::regex_match(echoed, sane)) << "'" << echoed << "' for '" << sent << "'";
    generated.insert(echoed);
  }
  const std::string without = get("/health").header("X-Request-Id");
  EXPECT_TRUE(std::regex_match(without, sane)) << without;
  generated.insert(without);
  EXPECT_EQ(generated.size(), insane.size() + 1) << "each request gets its own id";
}

TEST_F(DefaultDeployment, ReadsTheDefaultConfigFromTheWorkingDirectory) {
  // The log line that goes with the stdout readiness line says which config is served. It is
  // written to stderr first, but that pipe is read by another thread: wait for it.
  ASSERT_TRUE(host_->wait_for_stderr_line("agenthost listening", std::chrono::seconds(10))) << host_->stderr_text();
  const JsonLog log = parse_json_log(host_->stderr_text());
  const std::vector<json::Value> listening = log.with_message("agenthost listening");
  ASSERT_EQ(listening.size(), 1u) << host_->stderr_text();
  EXPECT_EQ(text_of(listening[0]["config"]), "config/agenthost.conf");
  EXPECT_EQ(text_of(listening[0]["url"]), "http://127.0.0.1:" + std::to_string(*port_));
}

} // namespace
} // namespace agenthost::integration
