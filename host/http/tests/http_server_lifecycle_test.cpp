// The server's lifecycle and its request log: start, bound port, graceful stop, one log line
// per request.
#include "http/http_server.hpp"

#include "common/error.hpp"
#include "http/health_route.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http_test_support.hpp"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <thread>

namespace agenthost::http {
namespace {

using namespace std::chrono_literals;
using testing::CapturedLog;
using testing::fetch;
using testing::FetchResult;
using testing::parse_json_object;

// A handler that tells the test it has started, then works for `work_time` before answering.
struct SlowHandler {
  std::chrono::milliseconds work_time{300};
  std::promise<void> entered;

  Handler handler() {
    return [this](Request&, Response& response) {
      entered.set_value();
      std::this_thread::sleep_for(work_time);
      response.send_json(200, R"({"done":true})");
    };
  }
};

HttpServerOptions ephemeral_port_options() {
  HttpServerOptions options;
  options.port = 0;
  options.threads = 4;
  return options;
}

Router health_only() {
  Router router;
  register_health_route(router);
  return router;
}

// The status the client saw, or -1 when the connection failed before a response arrived.
std::future<int> fetch_status_async(std::uint16_t port, const std::string& target) {
  return std::async(std::launch::async, [port, target] {
    try {
      return fetch(port, "GET", target).status;
    } catch (const std::exception&) {
      return -1;
    }
  });
}

TEST(HttpServerLifecycle, EphemeralPortsAreDistinctAndServe) {
  CapturedLog log;
  HttpServer first(ephemeral_port_options(), health_only(), log.logger());
  HttpServer second(ephemeral_port_options(), health_only(), log.logger());
  EXPECT_EQ(first.port(), 0) << "no port before start";
  first.start();
  second.start();
  EXPECT_NE(first.port(), 0);
  EXPECT_NE(first.port(), second.port());
  EXPECT_EQ(fetch(first.port(), "GET", "/health").status, 200);
  EXPECT_EQ(fetch(second.port(), "GET", "/health").status, 200);
}

TEST(HttpServerLifecycle, WritesExactlyOneLogLinePerRequestWithItsFields) {
  CapturedLog log;
  Router router = health_only();
  router.add("GET", "/fail", [](Request&, Response&) { throw std::runtime_error("boom"); });
  HttpServer server(ephemeral_port_options(), std::move(router), log.logger());
  server.start();

  const FetchResult ok = fetch(server.port(), "GET", "/health?token=secret-token");
  const FetchResult missing = fetch(server.port(), "DELETE", "/missing");
  const FetchResult failed = fetch(server.port(), "GET", "/fail");
  ASSERT_TRUE(log.wait_for_lines(3));
  server.stop(1s); // every worker has finished: no line can still be on its way
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 3u);

  struct Expected {
    const FetchResult& result;
    const char* method;
    const char* path;
    int status;
    const char* level;
  };
  const Expected expected[] = {{ok, "GET", "/health", 200, "info"},
                               {missing, "DELETE", "/missing", 404, "info"},
                               {failed, "GET", "/fail", 500, "error"}};
  // A line is written after its response went out, so lines of sequential requests can still
  // arrive out of order: pair them up by request id.
  std::map<std::string, Poco::JSON::Object::Ptr> line_by_request_id;
  for (const auto& text : lines) {
    const auto line = parse_json_object(text);
    line_by_request_id[line->getValue<std::string>("request_id")] = line;
  }
  for (const Expected& want : expected) {
    EXPECT_EQ(want.result.status, want.status);
    const auto found = line_by_request_id.find(want.result.header("X-Request-Id"));
    ASSERT_NE(found, line_by_request_id.end()) << "no log line for " << want.path;
    const auto& line = found->second;
    EXPECT_EQ(line->getValue<std::string>("msg"), "http request");
    EXPECT_EQ(line->getValue<std::string>("level"), want.level);
    EXPECT_EQ(line->getValue<std::string>("method"), want.method);
    EXPECT_EQ(line->getValue<std::string>("path"), want.path);
    EXPECT_EQ(line->getValue<int>("status"), want.status);
    EXPECT_GE(line->getValue<double>("duration_ms"), 0.0);
    EXPECT_TRUE(line->has("ts"));
    EXPECT_EQ(line->has("error"), want.status != 200) << "errors carry their reason: " << want.path;
  }
  for (const auto& text : lines) {
    EXPECT_EQ(text.find("secret-token"), std::string::npos) << "query strings stay out of the log";
  }
  EXPECT_EQ(line_by_request_id.at(failed.header("X-Request-Id"))->getValue<std::string>("error"),
            "boom");
}

TEST(HttpServerLifecycle, GracefulStopLetsAnInFlightRequestFinish) {
  CapturedLog log;
  SlowHandler slow;
  Router router;
  router.add("GET", "/slow", slow.handler());
  HttpServer server(ephemeral_port_options(), std::move(router), log.logger());
  server.start();
  const auto port = server.port();

  auto client = std::async(std::launch::async, [port] { return fetch(port, "GET", "/slow"); });
  slow.entered.get_future().wait();
  EXPECT_TRUE(server.stop(10s)) << "the request should finish well within the grace period";
  EXPECT_FALSE(server.running());

  const FetchResult result = client.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"done":true})");
  EXPECT_FALSE(result.keep_alive) << "responses during a stop close their connection";

  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_GE(parse_json_object(log.lines()[0])->getValue<double>("duration_ms"),
            static_cast<double>(slow.work_time.count()));

  EXPECT_THROW(fetch(port, "GET", "/slow"), Poco::Exception) << "a stopped server accepts nothing";
}

TEST(HttpServerLifecycle, RequestOutlivingTheGracePeriodIsCutOff) {
  CapturedLog log;
  SlowHandler slow;
  slow.work_time = 1500ms;
  Router router;
  router.add("GET", "/slow", slow.handler());
  HttpServer server(ephemeral_port_options(), std::move(router), log.logger());
  server.start();

  auto client_status = fetch_status_async(server.port(), "/slow");
  slow.entered.get_future().wait();
  EXPECT_FALSE(server.stop(50ms));
  EXPECT_NE(client_status.get(), 200);
  // stop() returned only after the handler did, so its log line is there, naming the failure.
  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_TRUE(parse_json_object(log.lines()[0])->has("error"));
}

TEST(HttpServerLifecycle, StopDoesNotWaitForIdleKeepAliveConnections) {
  CapturedLog log;
  HttpServerOptions options = ephemeral_port_options();
  options.keep_alive_timeout = 60s;
  HttpServer server(options, health_only(), log.logger());
  server.start();

  auto idle_session = testing::client_session(server.port());
  ASSERT_TRUE(testing::fetch_on(*idle_session, "GET", "/health").keep_alive);

  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(server.stop(30s));
  // Waiting for the idle connection would take the 60 s keep-alive timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
}

TEST(HttpServerLifecycle, CanStartAgainAfterStop) {
  CapturedLog log;
  HttpServer server(ephemeral_port_options(), health_only(), log.logger());
  EXPECT_TRUE(server.stop(1s)) << "stopping a server that never started is a no-op";
  server.start();
  server.stop(1s);
  server.start();
  EXPECT_EQ(fetch(server.port(), "GET", "/health").status, 200);
  const auto after_restart = fetch(server.port(), "GET", "/health");
  EXPECT_TRUE(after_restart.keep_alive) << "a restarted server is not draining";
}

TEST(HttpServerLifecycle, StartingTwiceIsRefused) {
  CapturedLog log;
  HttpServer server(ephemeral_port_options(), health_only(), log.logger());
  server.start();
  try {
    server.start();
    FAIL() << "second start accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::internal);
  }
}

TEST(HttpServerLifecycle, PortInUseIsAConfigErrorNamingTheAddress) {
  CapturedLog log;
  HttpServer holder(ephemeral_port_options(), health_only(), log.logger());
  holder.start();

  HttpServerOptions options = ephemeral_port_options();
  options.port = holder.port();
  HttpServer clash(options, health_only(), log.logger());
  try {
    clash.start();
    FAIL() << "bound a port already in use";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(holder.port())),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(clash.running());
}

TEST(HttpServerLifecycle, UnresolvableHostIsAConfigError) {
  CapturedLog log;
  HttpServerOptions options = ephemeral_port_options();
  options.host = "no-such-host.invalid";
  HttpServer server(options, health_only(), log.logger());
  EXPECT_THROW(server.start(), Error);
}

TEST(HttpServerLifecycle, RejectsOutOfRangeOptionsNamingThem) {
  CapturedLog log;
  const auto expect_rejected = [&](HttpServerOptions options, const std::string& option_name) {
    try {
      HttpServer server(std::move(options), health_only(), log.logger());
      ADD_FAILURE() << "accepted bad " << option_name;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config);
      EXPECT_NE(std::string(error.what()).find(option_name), std::string::npos) << error.what();
    }
  };
  HttpServerOptions options = ephemeral_port_options();
  options.threads = 0;
  expect_rejected(options, "threads");
  options = ephemeral_port_options();
  options.max_queued = 0;
  expect_rejected(options, "max_queued");
  options = ephemeral_port_options();
  options.max_body_bytes = 0;
  expect_rejected(options, "max_body_bytes");
  options = ephemeral_port_options();
  options.host = "";
  expect_rejected(options, "host");
  options = ephemeral_port_options();
  options.keep_alive_timeout = 0s;
  expect_rejected(options, "keep_alive_timeout");
}

TEST(HttpServerLifecycle, RequiresALogger) {
  EXPECT_THROW(HttpServer(ephemeral_port_options(), health_only(), nullptr), Error);
}

} // namespace
} // namespace agenthost::http
