// The host's outbound HTTP service, driven the way plugins drive it (the SDK's HostServices::http
// over the host-services table) against a local Poco HTTP server.
#include "plugins/call_sink.hpp"
#include "plugins/host_services.hpp"
#include "plugins/outbound_http.hpp"

#include "plugins/abi_handles.hpp"
#include "test_support.hpp"

#include "agenthost/sdk_types.hpp"

#include <Poco/Event.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <map>
#include <thread>
#include <tuple>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// How long a test server handler waits for a signal that should come at once; only reached
// when the code under test is broken, so the test then fails instead of hanging.
constexpr long signal_wait_ms = 10000;

using Route = std::function<void(HTTPServerRequest&, HTTPServerResponse&)>;

class RouteHandler : public Poco::Net::HTTPRequestHandler {
public:
  explicit RouteHandler(const Route& route) : route_(route) {}
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override { route_(request, response); }

private:
  const Route& route_;
};

class Routes : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit Routes(const std::map<std::string, Route>& routes) : routes_(routes) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest& request) override {
    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    auto it = routes_.find(path);
    if (it == routes_.end() && path.rfind("/uri/", 0) == 0) it = routes_.find("/uri"); // any path below /uri/
    return new RouteHandler(it != routes_.end() ? it->second : missing_);
  }

private:
  const std::map<std::string, Route>& routes_;
  Route missing_ = [](HTTPServerRequest&, HTTPServerResponse& response) {
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    response.send() << "no such route";
  };
};

void send_text(HTTPServerResponse& response, const std::string& body) {
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.send() << body;
}

void redirect_to(HTTPServerResponse& response, const std::string& location) {
  response.setStatus(Poco::Net::HTTPResponse::HTTP_FOUND);
  response.set("Location", location);
  send_text(response, "");
}

struct Fetched {
  ah_status status = AH_OK; // of the SDK call: AH_OK or the CallError's status
  std::string error;
  int http_status = 0;
  std::vector<std::string> chunks;
  std::string body() const {
    std::string out;
    for (const std::string& c : chunks) out += c;
    return out;
  }
};

class OutboundHttpTest : public ::testing::Test {
protected:
  OutboundHttpTest() {
    routes_["/plain"] = [](HTTPServerRequest&, HTTPServerResponse& r) { send_text(r, "hello world"); };
    routes_["/echo"] = [](HTTPServerRequest& q, HTTPServerResponse& r) {
      std::string body(std::istreambuf_iterator<char>(q.stream()), {});
      send_text(r, q.getMethod() + " " + q.get("X-Test", "") + " " + body);
    };
    routes_["/chunked"] = [this](HTTPServerRequest&, HTTPServerResponse& r) {
      r.setChunkedTransferEncoding(true);
      std::ostream& out = r.send();
      out << "first" << std::flush;
      // The next chunk goes only once the client has handed the first to on_body.
      second_sent_after_first_arrived_ = first_arrived_.tryWait(signal_wait_ms);
      out << "second" << std::flush;
    };
    routes_["/429"] = [](HTTPServerRequest&, HTTPServerResponse& r) {
      r.setStatus(Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS);
      r.set("Retry-After", "7");
      r.set("retry-after-ms", "7000");
      send_text(r, R"({"error":"slow down"})");
    };
    routes_["/stall-after-headers"] = [this](HTTPServerRequest&, HTTPServerResponse& r) {
      r.setChunkedTransferEncoding(true);
      r.send() << std::flush;
      release_.tryWait(signal_wait_ms);
    };
    routes_["/never"] = [this](HTTPServerRequest&, HTTPServerResponse&) { release_.tryWait(signal_wait_ms); };
    routes_["/big"] = [](HTTPServerRequest&, HTTPServerResponse& r) {
      r.setChunkedTransferEncoding(true);
      std::ostream& out = r.send();
      for (int i = 0; i < 10; ++i) out << std::string(1000, 'x') << std::flush;
    };
    routes_["/big-announced"] = [](HTTPServerRequest&, HTTPServerResponse& r) { send_text(r, std::string(5000, 'x')); };
    routes_["/forever"] = [this](HTTPServerRequest&, HTTPServerResponse& r) {
      r.setChunkedTransferEncoding(true);
      r.send() << "tick" << std::flush;
      release_.tryWait(signal_wait_ms);
    };
    routes_["/redirect"] = [](HTTPServerRequest&, HTTPServerResponse& r) { redirect_to(r, "/plain"); };
    routes_["/loop"] = [](HTTPServerRequest&, HTTPServerResponse& r) { redirect_to(r, "/loop"); };
    // The request target exactly as it arrived.
    routes_["/uri"] = [](HTTPServerRequest& q, HTTPServerResponse& r) { send_text(r, q.getURI()); };
    routes_["/redirect-to-uri"] = [](HTTPServerRequest&, HTTPServerResponse& r) {
      redirect_to(r, "/uri/group%2Fproject/(x)!?q=a%2Fb#frag");
    };
    // The plugin's headers as they arrived ("-" when absent).
    routes_["/headers"] = [](HTTPServerRequest& q, HTTPServerResponse& r) {
      send_text(r, "authorization=" + q.get("Authorization", "-") + " key=" + q.get("X-Api-Key", "-") +
                       " agent=" + q.get("User-Agent", "-") + " encoding=" + q.get("Accept-Encoding", "-"));
    };
    routes_["/to-other-origin"] = [this](HTTPServerRequest&, HTTPServerResponse& r) {
      redirect_to(r, other_origin_ + "/headers");
    };
    routes_["/to-same-origin"] = [](HTTPServerRequest&, HTTPServerResponse& r) { redirect_to(r, "/headers"); };

    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Routes(routes_),
                                                      Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                                                      params);
    server_->start();
    origin_ = "http://127.0.0.1:" + std::to_string(server_->port());
    // The fetches here come from a handle without an instance (section ""); they stand for a
    // backend reaching the local server its operator configured, so the policy is `private`
    // (the egress tests cover the refusals).
    fixture_.services.egress().set("", config::default_egress("backend"));
    fixture_.services.set_proxy(ProxySettings{}); // whatever proxy the environment names is not under test
  }
  ~OutboundHttpTest() override {
    release_.set();
    first_arrived_.set();
    server_->stopAll(true);
  }

  // A request as a plugin makes it, with `on_chunk` seeing each body chunk as it arrives.
  Fetched fetch(agenthost::HttpRequest request, const std::function<void(const std::string&)>& on_chunk = {}) {
    ah_instance handle{nullptr, &fixture_.services, nullptr};
    ah_call call_handle{&sink_, &handle};
    const agenthost::HostServices host(fixture_.services.table(), &handle);
    agenthost::Call call(fixture_.services.table(), &call_handle);
    Fetched fetched;
    try {
      const agenthost::HttpResponse response = host.http(call, request, [&](std::string_view chunk) {
        fetched.chunks.emplace_back(chunk);
        if (on_chunk) on_chunk(fetched.chunks.back());
        return true;
      });
      fetched.http_status = response.status;
    } catch (const agenthost::CallError& e) {
      fetched.status = e.status();
      fetched.error = e.what();
    }
    return fetched;
  }
  agenthost::HttpRequest get(const std::string& path) {
    agenthost::HttpRequest request;
    request.url = origin_ + path;
    return request;
  }
  UpstreamOutcome outcome() const {
    const std::optional<UpstreamOutcome> recorded = sink_.upstream_outcome();
    EXPECT_TRUE(recorded.has_value()) << "every exchange records its outcome on the call";
    return recorded.value_or(UpstreamOutcome{});
  }

  testing::ServicesFixture fixture_;
  CollectingSink sink_;
  std::map<std::string, Route> routes_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::string origin_;
  std::string other_origin_; // a second server on another port, when a test starts one
  Poco::Event release_{false};
  Poco::Event first_arrived_{false};
  bool second_sent_after_first_arrived_ = false;
};

TEST_F(OutboundHttpTest, DeliversAPlainBody) {
  const Fetched fetched = fetch(get("/plain"));
  EXPECT_EQ(fetched.status, AH_OK) << fetched.error;
  EXPECT_EQ(fetched.http_status, 200);
  EXPECT_EQ(fetched.body(), "hello world");
  const UpstreamOutcome recorded = outcome();
  EXPECT_EQ(recorded.status, 200);
  EXPECT_TRUE(recorded.body_started);
  EXPECT_FALSE(recorded.connection_error);
  EXPECT_EQ(recorded.error, "");
}

TEST_F(OutboundHttpTest, SendsMethodHeadersAndBody) {
  agenthost::HttpRequest request = get("/echo");
  request.method = "POST";
  request.headers = {{"X-Test", "yes"}};
  request.body = "payload";
  EXPECT_EQ(fetch(request).body(), "POST yes payload");
}

TEST_F(OutboundHttpTest, StreamsChunksAsTheyArrive) {
  const Fetched fetched = fetch(get("/chunked"), [&](const std::string& chunk) {
    if (chunk.find("first") != std::string::npos) first_arrived_.set();
  });
  EXPECT_EQ(fetched.status, AH_OK) << fetched.error;
  EXPECT_EQ(fetched.body(), "firstsecond");
  EXPECT_TRUE(second_sent_after_first_arrived_) << "the first chunk must reach on_body before the response ends";
}

TEST_F(OutboundHttpTest, RecordsStatusAndRetryHeadersOf429) {
  const Fetched fetched = fetch(get("/429"));
  EXPECT_EQ(fetched.status, AH_OK) << "any response status is a completed exchange";
  EXPECT_EQ(fetched.http_status, 429);
  EXPECT_EQ(fetched.body(), R"({"error":"slow down"})");
  const UpstreamOutcome recorded = outcome();
  EXPECT_EQ(recorded.status, 429);
  EXPECT_EQ(recorded.retry_after, std::optional<std::string>("7"));
  EXPECT_EQ(recorded.retry_after_ms, std::optional<std::string>("7000"));
  EXPECT_FALSE(recorded.connection_error);
}

TEST_F(OutboundHttpTest, ReadTimeoutFiresWhenTheServerStallsAfterHeaders) {
  agenthost::HttpRequest request = get("/stall-after-headers");
  request.read_timeout_ms = 200;
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_TIMEOUT);
  EXPECT_THAT(fetched.error, AllOf(HasSubstr(origin_), HasSubstr("read timeout")));
  const UpstreamOutcome recorded = outcome();
  EXPECT_EQ(recorded.status, 200);
  EXPECT_FALSE(recorded.connection_error) << "the head had arrived";
  EXPECT_FALSE(recorded.body_started);
  EXPECT_THAT(recorded.error, HasSubstr("read timeout"));
}

TEST_F(OutboundHttpTest, TotalTimeoutEndsAnExchangeTheServerNeverAnswers) {
  agenthost::HttpRequest request = get("/never?api_key=SECRET-IN-QUERY");
  request.headers = {{"Authorization", "Bearer SECRET-IN-HEADER"}};
  request.total_timeout_ms = 300;
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_TIMEOUT);
  EXPECT_THAT(fetched.error, AllOf(HasSubstr(origin_), HasSubstr("total timeout"), Not(HasSubstr("SECRET")),
                                   Not(HasSubstr("/never"))));
  const UpstreamOutcome recorded = outcome();
  EXPECT_TRUE(recorded.connection_error) << "no response head arrived";
  EXPECT_EQ(recorded.status, 0);
  EXPECT_THAT(recorded.error, Not(HasSubstr("SECRET")));
}

TEST_F(OutboundHttpTest, AStreamedBodyOverTheCapFails) {
  agenthost::HttpRequest request = get("/big");
  request.max_response_bytes = 2500;
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_TOO_LARGE);
  EXPECT_THAT(fetched.error, HasSubstr("2500 bytes"));
  EXPECT_LE(fetched.body().size(), 2500u) << "nothing past the cap reaches the plugin";
}

TEST_F(OutboundHttpTest, AnAnnouncedBodyOverTheCapFailsBeforeAnyBytes) {
  agenthost::HttpRequest request = get("/big-announced");
  request.max_response_bytes = 1000;
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_TOO_LARGE);
  EXPECT_THAT(fetched.error, HasSubstr("announced 5000 bytes"));
  EXPECT_EQ(fetched.body(), "");
}

TEST_F(OutboundHttpTest, ARefusedConnectionIsRecordedAsAConnectionError) {
  Poco::Net::ServerSocket closed(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::string refused_origin = "http://127.0.0.1:" + std::to_string(closed.address().port());
  closed.close();
  agenthost::HttpRequest request;
  request.url = refused_origin + "/x?key=SECRET";
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(fetched.error, AllOf(HasSubstr(refused_origin), HasSubstr("refused"), Not(HasSubstr("SECRET"))));
  const UpstreamOutcome recorded = outcome();
  EXPECT_TRUE(recorded.connection_error);
  EXPECT_EQ(recorded.status, 0);
  EXPECT_THAT(recorded.error, HasSubstr("refused"));
}

TEST_F(OutboundHttpTest, CancellingTheCallEndsAStalledStream) {
  std::promise<void> first_chunk;
  std::thread canceller([&, arrived = first_chunk.get_future()] {
    arrived.wait();
    sink_.cancel();
  });
  agenthost::HttpRequest request = get("/forever");
  request.read_timeout_ms = 30000; // far longer than the server's stall: only the cancellation can end it
  bool signalled = false;
  const Fetched fetched = fetch(request, [&](const std::string&) {
    if (!std::exchange(signalled, true)) first_chunk.set_value();
  });
  if (!signalled) first_chunk.set_value();
  canceller.join();
  EXPECT_EQ(fetched.status, AH_ERR_CANCELLED) << fetched.error;
  EXPECT_EQ(fetched.body(), "tick");
  EXPECT_TRUE(outcome().body_started);
}

TEST_F(OutboundHttpTest, RedirectsAreFollowedOnlyWhenAllowed) {
  EXPECT_EQ(fetch(get("/redirect")).http_status, 302) << "max_redirects 0 returns the redirect itself";

  agenthost::HttpRequest allowed = get("/redirect");
  allowed.max_redirects = 1;
  const Fetched followed = fetch(allowed);
  EXPECT_EQ(followed.http_status, 200);
  EXPECT_EQ(followed.body(), "hello world");

  agenthost::HttpRequest post = allowed;
  post.method = "POST";
  EXPECT_EQ(fetch(post).http_status, 302) << "only GET and HEAD follow redirects";

  agenthost::HttpRequest looping = get("/loop");
  looping.max_redirects = 2;
  const Fetched loop = fetch(looping);
  EXPECT_EQ(loop.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(loop.error, HasSubstr("redirected more than 2 times"));
}

TEST_F(OutboundHttpTest, OnlyHttpAndHttpsUrlsAreFetched) {
  agenthost::HttpRequest request;
  request.url = "file:///etc/passwd";
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(fetched.error, HasSubstr("only http:// and https://"));
}

TEST_F(OutboundHttpTest, TlsToAServerThatDoesNotSpeakItFailsClearly) {
  agenthost::HttpRequest request;
  request.url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/plain";
  const Fetched fetched = fetch(request);
  EXPECT_EQ(fetched.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(fetched.error, HasSubstr("TLS handshake with https://127.0.0.1:"));
  EXPECT_TRUE(outcome().connection_error);
}

TEST_F(OutboundHttpTest, AConsumerThatStopsEndsTheExchangeWithoutAnError) {
  OutboundRequest request;
  request.url = origin_ + "/forever";
  request.read_timeout_ms = 30000; // only the stop can end it before the server's stall does
  std::vector<UpstreamOutcome> records;
  OutboundCallbacks callbacks;
  callbacks.on_body = [](std::string_view) { return false; };
  callbacks.record = [&](const UpstreamOutcome& o) { records.push_back(o); };
  const OutboundResult result = perform_outbound_http(request, callbacks);
  EXPECT_EQ(result.status, AH_ERR_CANCELLED);
  EXPECT_TRUE(result.stopped_by_caller);
  EXPECT_EQ(result.error, "");
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().status, 200);
  EXPECT_TRUE(records.back().body_started);
}

TEST_F(OutboundHttpTest, AnEgressChooserCanRefuseTheDestination) {
  OutboundRequest request;
  request.url = origin_ + "/plain";
  OutboundCallbacks callbacks;
  callbacks.on_body = [](std::string_view) { return true; };
  callbacks.choose_address = [](const std::string&, const std::vector<Poco::Net::IPAddress>&) -> Poco::Net::IPAddress {
    throw EgressRefused("127.0.0.1 is a loopback address, blocked by egress = public");
  };
  const OutboundResult result = perform_outbound_http(request, callbacks);
  EXPECT_EQ(result.status, AH_ERR_PERMISSION);
  EXPECT_THAT(result.error, HasSubstr("blocked by egress"));
}

// The server sees the path and query as the URL wrote them (no decoding and re-encoding, which
// would turn GitLab's `group%2Fproject` into another path) and never the #fragment, on the
// first request and after a redirect.
TEST_F(OutboundHttpTest, SendsThePathAsWrittenAndNeverTheFragment) {
  EXPECT_EQ(fetch(get("/uri/group%2Fproject/(x)!?q=a%2Fb&r=1#section")).body(), "/uri/group%2Fproject/(x)!?q=a%2Fb&r=1");
  agenthost::HttpRequest empty_path;
  empty_path.url = origin_ + "?x=1";
  // "/?x=1" reaches no route of this server: the 404 shows the target was "/?x=1", not "?x=1".
  EXPECT_EQ(fetch(empty_path).http_status, 404);
  agenthost::HttpRequest redirected = get("/redirect-to-uri");
  redirected.max_redirects = 1;
  EXPECT_EQ(fetch(redirected).body(), "/uri/group%2Fproject/(x)!?q=a%2Fb");
}

// A plugin's header value with a line break would end that header and start one of its own
// choosing; a Host header would send the request to another site on the checked address.
TEST_F(OutboundHttpTest, RefusesHeadersThatWouldInjectOrRedirectTheRequest) {
  for (const auto& [name, value, expected] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"User-Agent", "agent\r\nX-Injected: 1", "line break or NUL"},
           {"X-Key", std::string("a\0b", 3), "line break or NUL"},
           {"Host", "internal.example", "set by the host"},
           {"transfer-encoding", "chunked", "set by the host"},
           {"Bad Name", "x", "not an HTTP token"},
           {"X\r\nInjected", "x", "not an HTTP token"}}) {
    agenthost::HttpRequest request = get("/echo");
    request.headers = {{name, value}};
    const Fetched fetched = fetch(request);
    EXPECT_EQ(fetched.status, AH_ERR_INVALID_ARGUMENT) << name;
    EXPECT_THAT(fetched.error, HasSubstr(expected)) << name;
    EXPECT_EQ(fetched.http_status, 0) << name << ": nothing was sent";
  }
}

// Credentials a plugin sends to one origin do not follow a redirect to another; a redirect on
// the same origin keeps them. Without an Accept-Encoding of the plugin's, the host asks for
// identity (it does not decode compressed bodies).
TEST_F(OutboundHttpTest, ARedirectToAnotherOriginDropsThePluginsCredentials) {
  auto params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPServer other(new Routes(routes_), Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                              params);
  other.start();
  other_origin_ = "http://127.0.0.1:" + std::to_string(other.port());
  const auto with_credentials = [&](const std::string& path) {
    agenthost::HttpRequest request = get(path);
    request.max_redirects = 1;
    request.headers = {{"Authorization", "Bearer secret"}, {"X-Api-Key", "k1"}, {"User-Agent", "probe/1"}};
    return fetch(request).body();
  };
  EXPECT_EQ(with_credentials("/headers"), "authorization=Bearer secret key=k1 agent=probe/1 encoding=identity");
  EXPECT_EQ(with_credentials("/to-same-origin"), "authorization=Bearer secret key=k1 agent=probe/1 encoding=identity");
  EXPECT_EQ(with_credentials("/to-other-origin"), "authorization=- key=- agent=probe/1 encoding=identity");
  agenthost::HttpRequest gzip = get("/headers");
  gzip.headers = {{"Accept-Encoding", "gzip"}};
  EXPECT_THAT(fetch(gzip).body(), HasSubstr("encoding=gzip")) << "a plugin that decodes may ask for it";
  other.stopAll(true);
}

} // namespace
} // namespace agenthost::plugins
