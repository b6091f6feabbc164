// The API over a real store and a real server on loopback, for the API tests.
//
// ApiTestServer owns a fresh migrated database (SQLite or PostgreSQL), fake configured
// instances (backends, tools with a description and parameters schema, strategies: real
// plugins::Instance objects over an in-process fake component, so nothing is loaded from disk),
// two users with tokens (alice: admin, bob: not), and an HttpServer on 127.0.0.1 with every
// API route registered and debug_queries on. call() sends one request and parses the answer.
#pragma once

#include "http/api/api_context.hpp"
#include "plugins/instance.hpp"
#include "store/records.hpp"
#include "store/tests/test_database.hpp"

#include <agenthost/json.hpp>

#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::plugins {
class HostServices;
class Metrics;
class PluginCatalog;
class TtlCache;
} // namespace agenthost::plugins

namespace agenthost {
class Logger;
}

namespace agenthost::http {
class HttpServer;
}

namespace agenthost::http::testing {

struct FakeTool {
  std::string name; // the instance name ([tool.NAME])
  std::string description;
  json::Value parameters; // JSON Schema of the arguments
};

struct ApiTestOptions {
  std::vector<std::string> backends{"local", "remote"};
  std::vector<FakeTool> tools{
      {"calc", "Evaluates an arithmetic expression.",
       json::parse(R"({"type":"object","properties":{"expression":{"type":"string"}},"required":["expression"]})")},
      {"clock", "Tells the current time.", json::parse(R"({"type":"object","properties":{}})")},
  };
  std::vector<std::string> strategies{"summarize", "budget"};
  std::size_t max_body_bytes = 64 * 1024; // [server] max_body
  bool debug_queries = true;
  // When set, GET /api/v1/plugins is registered too (serve registers it apart from the rest).
  const plugins::PluginCatalog* plugin_catalog = nullptr;
};

// Configured instances without plugin files: each is a plugins::Instance of a fake component
// whose tool describe() answers {"description","parameters"} from FakeTool.
class FakeInstances : public plugins::InstanceDirectory {
public:
  explicit FakeInstances(const ApiTestOptions& options);
  ~FakeInstances() override;

  plugins::Instance* find(plugins::ComponentKind kind, std::string_view name) const override;
  std::vector<std::string> names(plugins::ComponentKind kind) const override;

private:
  std::unique_ptr<Logger> logger_;
  std::unique_ptr<plugins::TtlCache> cache_;
  std::unique_ptr<plugins::Metrics> metrics_;
  std::unique_ptr<plugins::HostServices> services_;
  std::vector<std::unique_ptr<plugins::Instance>> instances_;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;
  Poco::Net::NameValueCollection headers;
  std::string body;
  json::Value json; // the parsed body; null when it is empty or not JSON

  std::string header(const std::string& name) const { return headers.get(name, ""); }
  bool has_header(const std::string& name) const { return headers.has(name); }
  // From {"error":{...}}; "" when absent.
  std::string error_type() const;
  std::string error_message() const;
  std::string error_field() const;
  // X-DB-Queries as a number; fails the test (and returns -1) when the header is missing.
  int queries() const;
};

// For gtest messages: "422 {"error":...}".
std::string describe(const Reply& reply);

class ApiTestServer {
public:
  explicit ApiTestServer(store::Engine engine, ApiTestOptions options = {});
  ~ApiTestServer();
  ApiTestServer(const ApiTestServer&) = delete;
  ApiTestServer& operator=(const ApiTestServer&) = delete;

  // One request on a new connection. With a body, Content-Type: application/json is sent
  // unless `extra` names a Content-Type (an empty value there sends none). An empty `token`
  // sends no Authorization header; otherwise "Bearer <token>".
  Reply call(const std::string& method, const std::string& path, const std::optional<std::string>& body = std::nullopt,
             const std::string& token = {}, const Headers& extra = {});
  // The same with a JSON value as the body.
  Reply call_json(const std::string& method, const std::string& path, const json::Value& body,
                  const std::string& token);

  // A new user with one token; returns the user and the token.
  std::pair<store::UserRecord, std::string> add_user(const std::string& name, bool is_admin);

  std::uint16_t port() const;
  store::Database& database() { return database_.database(); }
  ApiContext& context() { return *context_; }

  store::UserRecord alice; // admin
  std::string alice_token;
  store::UserRecord bob; // not an admin
  std::string bob_token;

private:
  ApiTestOptions options_;
  store::testing::TestDatabase database_;
  std::unique_ptr<FakeInstances> instances_;
  std::shared_ptr<ApiContext> context_;
  std::unique_ptr<HttpServer> server_;
};

} // namespace agenthost::http::testing
