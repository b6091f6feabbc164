#include "http/tests/api/api_test_support.hpp"

#include "common/logger.hpp"
#include "http/api/api_routes.hpp"
#include "http/http_server.hpp"
#include "http/plugin_routes.hpp"
#include "http/router.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/host_services.hpp"
#include "plugins/metrics.hpp"
#include "plugins/ttl_cache.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <chrono>
#include <stdexcept>
#include <string_view>

namespace agenthost::http::testing {

namespace {

// The in-process fake component behind every FakeInstances entry. Its settings JSON is what a
// tool's describe() answers, so one create function serves every tool.
struct FakeSelf {
  const ah_host_api* host;
  std::string describe_json;
};

ah_status fake_create(const ah_host_api* host, ah_instance*, ah_str settings_json, ah_call*, void** out_self) {
  *out_self = new FakeSelf{host, std::string(settings_json.ptr, settings_json.len)};
  return AH_OK;
}

void fake_destroy(void* self) { delete static_cast<FakeSelf*>(self); }

ah_status fake_describe(void* self, ah_call* call) {
  const auto* fake = static_cast<const FakeSelf*>(self);
  ah_event event{};
  event.struct_size = sizeof event;
  event.type = AH_EVENT_RESULT;
  event.text = ah_str{fake->describe_json.data(), fake->describe_json.size()};
  return fake->host->emit(call, &event);
}

plugins::ComponentInfo fake_component(plugins::ComponentKind kind) {
  plugins::ComponentInfo component;
  component.kind = kind;
  component.type_name = std::string("fake_") + plugins::kind_name(kind);
  component.description = "in-process fake for the API tests";
  component.settings_schema = json::Value::object({{"type", "object"}});
  component.flags = AH_COMPONENT_THREAD_SAFE;
  component.raw.struct_size = sizeof component.raw;
  component.raw.create = &fake_create;
  component.raw.destroy = &fake_destroy;
  // Only tools answer anything (describe); the other kinds just have to exist by name.
  switch (kind) {
  case plugins::ComponentKind::backend: {
    ah_backend_api api{};
    api.struct_size = sizeof api;
    component.api = api;
    break;
  }
  case plugins::ComponentKind::tool: {
    ah_tool_api api{};
    api.struct_size = sizeof api;
    api.describe = &fake_describe;
    component.api = api;
    break;
  }
  case plugins::ComponentKind::strategy: {
    ah_strategy_api api{};
    api.struct_size = sizeof api;
    component.api = api;
    break;
  }
  case plugins::ComponentKind::cleaning: {
    ah_cleaning_api api{};
    api.struct_size = sizeof api;
    component.api = api;
    break;
  }
  }
  component.plugin_name = "api-test-fakes";
  component.plugin_path = "(in-process)";
  return component;
}

} // namespace

FakeInstances::FakeInstances(const ApiTestOptions& options)
    : logger_(std::make_unique<Logger>(LogLevel::error, [](std::string_view) {})),
      cache_(std::make_unique<plugins::TtlCache>()), metrics_(std::make_unique<plugins::Metrics>()),
      services_(std::make_unique<plugins::HostServices>(*logger_, *cache_, *metrics_)) {
  const auto add = [this](plugins::ComponentKind kind, const std::string& name, const std::string& settings) {
    plugins::CollectingSink sink;
    auto instance = plugins::Instance::create(fake_component(kind), name, settings,
                                              plugins::InstanceContext{services_.get(), this}, sink);
    if (!instance) throw std::runtime_error("creating fake instance " + name + " failed: " + sink.error_message());
    instances_.push_back(std::move(instance));
  };
  for (const std::string& name : options.backends) add(plugins::ComponentKind::backend, name, "{}");
  for (const FakeTool& tool : options.tools) {
    add(plugins::ComponentKind::tool, tool.name,
        json::dump(json::Value::object({{"description", tool.description}, {"parameters", tool.parameters}})));
  }
  for (const std::string& name : options.strategies) add(plugins::ComponentKind::strategy, name, "{}");
}

FakeInstances::~FakeInstances() = default;

plugins::Instance* FakeInstances::find(plugins::ComponentKind kind, std::string_view name) const {
  for (const auto& instance : instances_)
    if (instance->kind() == kind && instance->name() == name) return instance.get();
  return nullptr;
}

std::vector<std::string> FakeInstances::names(plugins::ComponentKind kind) const {
  std::vector<std::string> out;
  for (const auto& instance : instances_)
    if (instance->kind() == kind) out.push_back(instance->name());
  return out;
}

std::string Reply::error_type() const {
  const json::Value& type = json["error"]["type"];
  return type.is_string() ? type.as_string() : std::string();
}

std::string Reply::error_message() const {
  const json::Value& message = json["error"]["message"];
  return message.is_string() ? message.as_string() : std::string();
}

std::string Reply::error_field() const {
  const json::Value& field = json["error"]["field"];
  return field.is_string() ? field.as_string() : std::string();
}

int Reply::queries() const {
  if (!headers.has("X-DB-Queries")) {
    ADD_FAILURE() << "no X-DB-Queries header on " << describe(*this);
    return -1;
  }
  return std::stoi(headers.get("X-DB-Queries"));
}

std::string describe(const Reply& reply) { return std::to_string(reply.status) + " " + reply.body; }

ApiTestServer::ApiTestServer(store::Engine engine, ApiTestOptions options)
    : options_(std::move(options)), database_(engine), instances_(std::make_unique<FakeInstances>(options_)),
      context_(std::make_shared<ApiContext>(database_.database(), *instances_)) {
  context_->debug_queries = options_.debug_queries;

  auto [alice_record, alice_issued] = context_->users.create_user_with_token("alice", true, "test");
  alice = alice_record;
  alice_token = alice_issued.token;
  auto [bob_record, bob_issued] = context_->users.create_user_with_token("bob", false, "test");
  bob = bob_record;
  bob_token = bob_issued.token;

  Router router;
  register_api_routes(router, context_);
  if (options_.plugin_catalog) register_plugin_routes(router, context_, *options_.plugin_catalog);
  HttpServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 4;
  server_options.max_body_bytes = options_.max_body_bytes;
  server_ = std::make_unique<HttpServer>(server_options, std::move(router),
                                         std::make_shared<Logger>(LogLevel::error, [](std::string_view) {}));
  server_->start();
}

ApiTestServer::~ApiTestServer() {
  if (server_) server_->stop(std::chrono::seconds(5));
}

std::uint16_t ApiTestServer::port() const { return server_->port(); }

std::pair<store::UserRecord, std::string> ApiTestServer::add_user(const std::string& name, bool is_admin) {
  auto [user, issued] = context_->users.create_user_with_token(name, is_admin, "test");
  return {user, issued.token};
}

Reply ApiTestServer::call(const std::string& method, const std::string& path, const std::optional<std::string>& body,
                          const std::string& token, const Headers& extra) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  session.setKeepAlive(false);
  session.setTimeout(Poco::Timespan(10, 0)); // a server bug fails the test instead of hanging it

  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  bool content_type_given = false;
  for (const auto& [name, value] : extra) {
    if (Poco::icompare(name, "Content-Type") == 0) {
      content_type_given = true;
      if (value.empty()) continue;
    }
    request.set(name, value);
  }
  if (body) {
    if (!content_type_given) request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body->size()));
  }
  std::ostream& out = session.sendRequest(request);
  if (body) out << *body;

  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Reply reply;
  reply.status = static_cast<int>(response.getStatus());
  reply.headers = response;
  Poco::StreamCopier::copyToString(in, reply.body);
  if (!reply.body.empty()) {
    try {
      reply.json = json::parse(reply.body);
    } catch (const json::ParseError&) {
      reply.json = json::Value(); // not JSON: tests look at `body`
    }
  }
  return reply;
}

Reply ApiTestServer::call_json(const std::string& method, const std::string& path, const json::Value& body,
                               const std::string& token) {
  return call(method, path, json::dump(body), token);
}

} // namespace agenthost::http::testing
