// The OpenAPI document (docs/openapi.json) and the server agree: every route the host serves
// (registered the way `agenthost serve` registers them) is documented, every documented
// operation is served, and /api/v1/openapi.json serves the file as it is in the source tree.
#include "http/tests/api/api_test_support.hpp"

#include "common/logger.hpp"
#include "config/config.hpp"
#include "events/event_log.hpp"
#include "http/api/api_routes.hpp"
#include "http/api/conversation_json.hpp"
#include "http/health_route.hpp"
#include "http/plugin_routes.hpp"
#include "http/router.hpp"
#include "http/sse/sse_writer.hpp"
#include "plugins/plugin_catalog.hpp"
#include "queue/job_store.hpp"
#include "queue/worker_pools.hpp"
#include "runtime/turn_recovery.hpp"
#include "runtime/turn_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace agenthost::http::testing {
namespace {

using Operation = std::pair<std::string, std::string>; // (upper-case method, path pattern)

std::string openapi_file_content() {
  const char* source_dir = std::getenv("AGENTHOST_SOURCE_DIR");
  if (source_dir == nullptr) {
    ADD_FAILURE() << "AGENTHOST_SOURCE_DIR is not set; run this test through ctest, or set it to the repository root";
    return {};
  }
  const std::string path = std::string(source_dir) + "/docs/openapi.json";
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "cannot read " << path << "; it is generated from docs/openapi.yaml";
    return {};
  }
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

std::set<Operation> documented_operations(const json::Value& document) {
  static const std::set<std::string> kOperationKeys = {"get",     "put",  "post",  "delete",
                                                       "options", "head", "patch", "trace"};
  std::set<Operation> operations;
  for (const auto& [path, item] : document["paths"].as_object()) {
    for (const auto& [key, operation] : item.as_object()) {
      if (kOperationKeys.count(key) == 0) continue; // "parameters", "summary", ...
      std::string method = key;
      std::transform(method.begin(), method.end(), method.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      operations.emplace(method, path);
    }
  }
  return operations;
}

// The engine `agenthost serve` wires behind the turn, job and event routes (see Engine in
// app/serve.cpp), built over the test database but never started: registering the routes only
// needs the objects to exist, and nothing here runs a job or opens a stream.
struct IdleEngine {
  explicit IdleEngine(store::Database& database)
      : logger(std::make_shared<Logger>(LogLevel::error, [](std::string_view) {})),
        events(std::make_shared<events::EventLog>(database)), jobs(std::make_shared<queue::JobStore>(database)),
        sse(std::make_shared<SseWriter>(SseWriterOptions{}, logger)), recovery(database, *events, message_json),
        pools(*jobs, {}, config::QueueConfig{}, logger),
        turns(std::make_shared<runtime::TurnService>(database, *jobs, pools, recovery)) {}

  ApiServices services() const { return ApiServices{turns, jobs, events, sse}; }

  std::shared_ptr<Logger> logger;
  std::shared_ptr<events::EventLog> events;
  std::shared_ptr<queue::JobStore> jobs;
  std::shared_ptr<SseWriter> sse;
  runtime::TurnRecovery recovery;
  queue::WorkerPools pools;
  std::shared_ptr<runtime::TurnService> turns;
};

// The routes `agenthost serve` registers, registered the way it does: health, the API with its
// engine (so the message, cancel, job and event routes are the served ones), the plugin catalog.
std::set<Operation> served_operations() {
  store::testing::TestDatabase database(store::Engine::sqlite);
  const ApiTestOptions options;
  FakeInstances instances(options);
  auto context = std::make_shared<ApiContext>(database.database(), instances);
  const auto catalog = plugins::PluginCatalog::from_files({});
  IdleEngine engine(database.database());
  Router router;
  register_health_route(router);
  register_api_routes(router, context, engine.services());
  register_plugin_routes(router, context, catalog);
  const auto routes = router.routes();
  return std::set<Operation>(routes.begin(), routes.end());
}

std::string list(const std::set<Operation>& operations) {
  std::string text;
  for (const auto& [method, path] : operations) text += "\n  " + method + " " + path;
  return text;
}

TEST(ApiOpenapiTest, DocumentIsOpenApi31) {
  const json::Value document = json::parse(openapi_file_content());
  const json::Value& version = document["openapi"];
  EXPECT_TRUE(version.is_string() && version.as_string().rfind("3.1.", 0) == 0) << json::dump(version);
  ASSERT_TRUE(document["paths"].is_object());
}

TEST(ApiOpenapiTest, EveryServedRouteIsDocumentedAndEveryDocumentedRouteIsServed) {
  const std::set<Operation> documented = documented_operations(json::parse(openapi_file_content()));
  const std::set<Operation> served = served_operations();
  ASSERT_FALSE(served.empty());

  std::set<Operation> undocumented;
  std::set_difference(served.begin(), served.end(), documented.begin(), documented.end(),
                      std::inserter(undocumented, undocumented.end()));
  std::set<Operation> not_served;
  std::set_difference(documented.begin(), documented.end(), served.begin(), served.end(),
                      std::inserter(not_served, not_served.end()));
  EXPECT_TRUE(undocumented.empty()) << "served but missing from docs/openapi.yaml (regenerate openapi.json):"
                                    << list(undocumented);
  EXPECT_TRUE(not_served.empty()) << "documented in docs/openapi.json but not served:" << list(not_served);
}

TEST(ApiOpenapiTest, ServedDocumentIsTheFileAndNeedsNoToken) {
  const std::string file = openapi_file_content();
  ApiTestServer server(store::Engine::sqlite);
  const Reply reply = server.call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(reply.header("Content-Type").rfind("application/json", 0), 0u) << reply.header("Content-Type");
  EXPECT_TRUE(reply.body == file) << "the served document differs from docs/openapi.json (" << reply.body.size()
                                  << " bytes served, " << file.size() << " in the file): rebuild the host";
}

} // namespace
} // namespace agenthost::http::testing
