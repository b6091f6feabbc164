// The server end to end over real sockets: routing, error mapping, bodies, request ids.
#include "http/http_server.hpp"

#include "common/error.hpp"
#include "http/health_route.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http_test_support.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace agenthost::http {
namespace {

using testing::CapturedLog;
using testing::fetch;
using testing::FetchOptions;
using testing::FetchResult;
using testing::with_body;
using testing::with_chunked_body;
using testing::with_header;

constexpr std::size_t kBodyLimit = 1024;

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// Generated request ids are 32 lowercase hex characters.
bool looks_generated(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

ErrorKind kind_named(const std::string& name) {
  static const std::map<std::string, ErrorKind> kinds = {
      {"invalid_request", ErrorKind::invalid_request},
      {"not_found", ErrorKind::not_found},
      {"conflict", ErrorKind::conflict},
      {"unprocessable", ErrorKind::unprocessable},
      {"rate_limited", ErrorKind::rate_limited},
      {"upstream_error", ErrorKind::upstream},
      {"unavailable", ErrorKind::unavailable},
      {"timeout", ErrorKind::timeout},
  };
  return kinds.at(name);
}

Router test_routes() {
  Router router;
  register_health_route(router);
  router.add("GET", "/api/v1/agents/{id}", [](Request& request, Response& response) {
    response.send_json(200, "{\"id\":" + json_string(request.path_param("id")) + "}");
  });
  router.add("POST", "/api/v1/agents",
             [](Request&, Response& response) { response.send_json(201, "{}"); });
  router.add("GET", "/echo-query", [](Request& request, Response& response) {
    const auto tags = request.query_all("tag");
    response.send_json(200, "{\"q\":" + json_string(request.query("q").value_or("<absent>")) +
                                ",\"tags\":" + std::to_string(tags.size()) + "}");
  });
  router.add("GET", "/echo-header", [](Request& request, Response& response) {
    response.send(200, "text/plain", request.header("x-custom").value_or("<absent>"));
  });
  router.add("GET", "/throw/{kind}", [](Request& request, Response&) {
    throw Error(kind_named(request.path_param("kind")),
                "thrown on purpose: \"" + request.path_param("kind") + "\"");
  });
  router.add("GET", "/boom", [](Request&, Response&) {
    throw std::runtime_error("connection to postgres://admin:hunter2@db failed");
  });
  router.add("DELETE", "/api/v1/agents/{id}",
             [](Request&, Response& response) { response.send(204, "", ""); });
  router.add("GET", "/no-content-with-body",
             [](Request&, Response& response) { response.send(204, "", "x"); });
  router.add("GET", "/throw-int", [](Request&, Response&) { throw 42; });
  router.add("GET", "/silent", [](Request&, Response&) {});
  router.add("GET", "/wrong-param", [](Request& request, Response& response) {
    response.send_json(200, request.path_param("nope"));
  });
  // Reports whether the server's end of this connection has TCP_NODELAY set.
  router.add("GET", "/nodelay", [](Request& request, Response& response) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request.poco());
    if (impl == nullptr) throw std::logic_error("not a Poco server request");
    response.send(200, "text/plain", impl->socket().getNoDelay() ? "on" : "off");
  });
  router.add("POST", "/echo-body", [](Request& request, Response& response) {
    response.send(200, "application/octet-stream", request.body());
  });
  return router;
}

class HttpServerTest : public ::testing::Test {
protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = kBodyLimit;
    server_ = std::make_unique<HttpServer>(options, test_routes(), log_.logger());
    server_->start();
    ASSERT_NE(server_->port(), 0);
  }

  FetchResult get(const std::string& target, const FetchOptions& options = {}) {
    return fetch(server_->port(), "GET", target, options);
  }

  CapturedLog log_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, HealthAnswersOkAsJson) {
  const auto result = get("/health");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  EXPECT_EQ(result.body, R"({"status":"ok"})");
  EXPECT_TRUE(result.keep_alive);
}

TEST_F(HttpServerTest, AcceptedConnectionsHaveNagleOff) {
  // A small response must not wait for a delayed ACK (the 40 ms stall).
  const auto result = get("/nodelay");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "on");
}

TEST_F(HttpServerTest, HeadOnGetRouteSendsHeadersOnly) {
  auto session = testing::client_session(server_->port());
  const auto result = testing::fetch_on(*session, "HEAD", "/health");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "");
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  EXPECT_EQ(result.header("Content-Length"),
            std::to_string(std::string(R"({"status":"ok"})").size()));
  // Had body bytes been sent, they would corrupt the next response on this connection.
  EXPECT_EQ(testing::fetch_on(*session, "GET", "/health").body, R"({"status":"ok"})");
}

TEST_F(HttpServerTest, NoContentResponseHasNoBodyOrLength) {
  auto session = testing::client_session(server_->port());
  const auto result = testing::fetch_on(*session, "DELETE", "/api/v1/agents/ag_1");
  EXPECT_EQ(result.status, 204);
  EXPECT_EQ(result.body, "");
  EXPECT_FALSE(result.headers.has("Content-Length"));
  EXPECT_EQ(testing::fetch_on(*session, "GET", "/health").status, 200);
}

TEST_F(HttpServerTest, NoContentWithABodyIsAHandlerBug) {
  const auto result = get("/no-content-with-body");
  EXPECT_EQ(result.status, 500);
  EXPECT_NE(result.error_message().find("cannot carry one"), std::string::npos);
}

TEST_F(HttpServerTest, QueryStringDoesNotTakePartInRouting) {
  EXPECT_EQ(get("/health?verbose=1").status, 200);
}

TEST_F(HttpServerTest, UnknownPathIsNotFoundWithExactBody) {
  const auto result = get("/x");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  EXPECT_EQ(result.body, R"({"error":{"type":"not_found","message":"no route for GET /x"}})");
}

TEST_F(HttpServerTest, TrailingSlashIsNotFound) {
  const auto result = get("/health/");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(result.error_message(), "no route for GET /health/");
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllowHeader) {
  auto result = fetch(server_->port(), "POST", "/health", with_body("{}"));
  EXPECT_EQ(result.status, 405);
  EXPECT_EQ(result.header("Allow"), "GET, HEAD");
  EXPECT_EQ(result.header("Content-Type"), "application/json");
  EXPECT_EQ(result.error_type(), "method_not_allowed");
  EXPECT_NE(result.error_message().find("POST"), std::string::npos);

  result = fetch(server_->port(), "PUT", "/api/v1/agents/ag_1");
  EXPECT_EQ(result.status, 405);
  EXPECT_EQ(result.header("Allow"), "DELETE, GET, HEAD");
}

TEST_F(HttpServerTest, NonPathTargetIsInvalidRequest) {
  const auto result = fetch(server_->port(), "OPTIONS", "*");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.error_type(), "invalid_request");
}

TEST_F(HttpServerTest, AbsoluteFormTargetRoutesByItsPath) {
  EXPECT_EQ(get("http://example.com/health").status, 200);
}

TEST_F(HttpServerTest, PathParametersAreDecoded) {
  auto result = get("/api/v1/agents/ag_123");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()->getValue<std::string>("id"), "ag_123");

  result = get("/api/v1/agents/a%2Fb%20%22c%22");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()->getValue<std::string>("id"), "a/b \"c\"");
}

TEST_F(HttpServerTest, MalformedPathEncodingIsInvalidRequest) {
  const auto result = get("/api/v1/agents/%zz");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.error_type(), "invalid_request");
}

TEST_F(HttpServerTest, QueryParametersAreParsed) {
  auto result = get("/echo-query?q=hello+world%21&tag=a&tag=b");
  ASSERT_EQ(result.status, 200);
  EXPECT_EQ(result.json()->getValue<std::string>("q"), "hello world!");
  EXPECT_EQ(result.json()->getValue<int>("tags"), 2);

  result = get("/echo-query");
  EXPECT_EQ(result.json()->getValue<std::string>("q"), "<absent>");
  EXPECT_EQ(result.json()->getValue<int>("tags"), 0);
}

TEST_F(HttpServerTest, MalformedQueryIsInvalidRequest) {
  const auto result = get("/echo-query?q=100%");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.error_type(), "invalid_request");
  EXPECT_NE(result.error_message().find("q=100%"), std::string::npos);
}

TEST_F(HttpServerTest, HeadersAreReadCaseInsensitively) {
  const auto result = get("/echo-header", with_header("X-Custom", "value 1"));
  EXPECT_EQ(result.body, "value 1");
  EXPECT_EQ(result.header("Content-Type"), "text/plain");
}

TEST_F(HttpServerTest, ThrownErrorMapsToItsStatusTypeAndMessage) {
  const std::map<std::string, int> expected = {
      {"invalid_request", 400}, {"not_found", 404},    {"conflict", 409},
      {"unprocessable", 422},   {"rate_limited", 429}, {"upstream_error", 502},
      {"unavailable", 503},     {"timeout", 504},
  };
  for (const auto& [type, status] : expected) {
    const auto result = get("/throw/" + type);
    EXPECT_EQ(result.status, status) << type;
    EXPECT_EQ(result.header("Content-Type"), "application/json");
    EXPECT_EQ(result.error_type(), type);
    EXPECT_EQ(result.error_message(), "thrown on purpose: \"" + type + "\"");
  }
}

TEST_F(HttpServerTest, UnexpectedExceptionIs500WithoutItsText) {
  const auto result = get("/boom");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.error_type(), "internal");
  EXPECT_EQ(result.body.find("hunter2"), std::string::npos) << result.body;
  EXPECT_EQ(result.body.find("postgres"), std::string::npos) << result.body;
  EXPECT_NE(result.error_message().find(result.header("X-Request-Id")), std::string::npos)
      << "the message should carry the request id to report";

  ASSERT_TRUE(log_.wait_for_lines(1));
  const auto line = testing::parse_json_object(log_.lines().at(0));
  EXPECT_EQ(line->getValue<std::string>("level"), "error");
  EXPECT_NE(line->getValue<std::string>("error").find("hunter2"), std::string::npos)
      << "the detail belongs in the log";
}

TEST_F(HttpServerTest, NonStandardExceptionIs500) {
  const auto result = get("/throw-int");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.error_type(), "internal");
}

TEST_F(HttpServerTest, HandlerThatSendsNothingIs500) {
  const auto result = get("/silent");
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.error_type(), "internal");
  ASSERT_TRUE(log_.wait_for_lines(1));
  EXPECT_NE(log_.lines().at(0).find("returned without sending a response"), std::string::npos);
}

TEST_F(HttpServerTest, AskingForAnUndeclaredPathParameterIs500) {
  const auto result = get("/wrong-param");
  EXPECT_EQ(result.status, 500);
  EXPECT_NE(result.error_message().find("'nope'"), std::string::npos);
}

TEST_F(HttpServerTest, BodyUpToTheLimitIsDelivered) {
  const std::string body(kBodyLimit, 'b');
  const auto result = fetch(server_->port(), "POST", "/echo-body", with_body(body));
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, body);

  const auto chunked = fetch(server_->port(), "POST", "/echo-body", with_chunked_body("small"));
  EXPECT_EQ(chunked.status, 200);
  EXPECT_EQ(chunked.body, "small");
}

TEST_F(HttpServerTest, PostWithoutBodyHeadersHasEmptyBody) {
  const auto result = fetch(server_->port(), "POST", "/echo-body");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "");
}

TEST_F(HttpServerTest, DeclaredOversizeBodyIs413AndClosesTheConnection) {
  const auto result =
      fetch(server_->port(), "POST", "/echo-body", with_body(std::string(kBodyLimit + 1, 'b')));
  EXPECT_EQ(result.status, 413);
  EXPECT_EQ(result.error_type(), "payload_too_large");
  EXPECT_NE(result.error_message().find(std::to_string(kBodyLimit)), std::string::npos);
  EXPECT_FALSE(result.keep_alive);
}

TEST_F(HttpServerTest, ChunkedOversizeBodyIs413) {
  // Over the cap but within the reader's first 8 KiB read, so the server has consumed every byte
  // when it closes. With more unread bytes the close can reset the connection before the client
  // reads the 413 (a known gap: no lingering close yet), which made this test flaky.
  const auto result = fetch(server_->port(), "POST", "/echo-body",
                            with_chunked_body(std::string(4 * kBodyLimit, 'b')));
  EXPECT_EQ(result.status, 413);
  EXPECT_EQ(result.error_type(), "payload_too_large");
  EXPECT_FALSE(result.keep_alive);
}

TEST_F(HttpServerTest, BodyEndingBeforeItsContentLengthIsInvalidRequest) {
  const std::string answer = testing::exchange_raw(
      server_->port(),
      "POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"type\":\"invalid_request\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("ended after 10 bytes"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, UnreadBodyClosesTheConnectionButItsSessionRecovers) {
  auto session = testing::client_session(server_->port());
  const auto not_found =
      testing::fetch_on(*session, "POST", "/nowhere", with_body("GET /health HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(not_found.status, 404);
  EXPECT_FALSE(not_found.keep_alive) << "unread body bytes must not be parsed as a request";
  const auto next = testing::fetch_on(*session, "GET", "/health");
  EXPECT_EQ(next.status, 200);
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto session = testing::client_session(server_->port());
  for (int i = 0; i < 3; ++i) {
    const auto result = testing::fetch_on(*session, "GET", "/health");
    EXPECT_EQ(result.status, 200);
    EXPECT_TRUE(result.keep_alive);
  }
}

TEST_F(HttpServerTest, EchoesAcceptableRequestId) {
  const auto result = get("/health", with_header("X-Request-Id", "client-req_1.2"));
  EXPECT_EQ(result.header("X-Request-Id"), "client-req_1.2");
  const auto error = get("/x", with_header("X-Request-Id", "client-req_2"));
  EXPECT_EQ(error.header("X-Request-Id"), "client-req_2");
}

TEST_F(HttpServerTest, ReplacesUnacceptableRequestIdWithAGeneratedOne) {
  for (const std::string& bad :
       {std::string("has space"), std::string(129, 'a'), std::string("a/b")}) {
    const auto result = get("/health", with_header("X-Request-Id", bad));
    EXPECT_TRUE(looks_generated(result.header("X-Request-Id"))) << result.header("X-Request-Id");
  }
}

TEST_F(HttpServerTest, GeneratesDistinctRequestIdsWhenNoneIsSent) {
  const auto first = get("/health").header("X-Request-Id");
  const auto second = get("/health").header("X-Request-Id");
  EXPECT_TRUE(looks_generated(first)) << first;
  EXPECT_NE(first, second);
}

} // namespace
} // namespace agenthost::http
