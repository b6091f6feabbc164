// Forward proxies for outbound HTTP: which targets go through which proxy (HTTP_PROXY,
// HTTPS_PROXY, NO_PROXY), and the exchange itself through a tiny proxy on loopback (absolute-form
// for http://, CONNECT for https://), with the egress policy judging the target.
#include "plugins/egress_policy.hpp"
#include "plugins/outbound_http.hpp"
#include "plugins/outbound_proxy.hpp"

#include "config/egress.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace agenthost::plugins {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

ProxySettings settings(std::map<std::string, std::string> env) {
  return ProxySettings::from_environment(config::fixed_environment(std::move(env)));
}

std::string route_of(const ProxySettings& proxies, const std::string& scheme, const std::string& host,
                     std::uint16_t port) {
  const ProxyEndpoint* proxy = proxies.route(scheme, host, port);
  return proxy ? proxy->display() : "direct";
}

TEST(ProxyRouting, EachSchemeUsesItsVariableAndLowercaseWins) {
  const ProxySettings p = settings({{"HTTP_PROXY", "http://upper:3128"},
                                    {"http_proxy", "lower:8080"},
                                    {"HTTPS_PROXY", "http://user:secret@tls-proxy:3129/"}});
  EXPECT_EQ(route_of(p, "http", "example.com", 80), "http://lower:8080");
  EXPECT_EQ(p.describe(), "https -> http://tls-proxy:3129 (HTTPS_PROXY); http -> http://lower:8080 (http_proxy); "
                          "no_proxy: 0 entries")
      << "never the credentials";
  EXPECT_EQ(route_of(p, "https", "example.com", 443), "http://tls-proxy:3129");
  EXPECT_EQ(p.route("https", "example.com", 443)->authorization, "Basic dXNlcjpzZWNyZXQ=");
  EXPECT_EQ(route_of(settings({{"https_proxy", "proxy"}}), "https", "a.b", 443), "http://proxy:1080")
      << "curl's default proxy port";
  EXPECT_EQ(route_of(settings({{"https_proxy", "proxy"}}), "http", "a.b", 80), "direct");
  EXPECT_EQ(route_of(settings({}), "https", "a.b", 443), "direct");
}

TEST(ProxyRouting, NoProxySuffixesPortsRangesAndStar) {
  const ProxySettings p = settings({{"HTTPS_PROXY", "http://proxy:3128"},
                                    {"NO_PROXY", "internal.example, .corp.test,*.wild.test intranet.local:8443,"
                                                 "10.0.0.0/8,192.168.1.7,[fd00::1]"}});
  EXPECT_EQ(route_of(p, "https", "internal.example", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "api.internal.example", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "notinternal.example", 443), "http://proxy:3128") << "a suffix ends at a dot";
  EXPECT_EQ(route_of(p, "https", "corp.test", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "x.Corp.Test", 443), "direct") << "case-insensitive";
  EXPECT_EQ(route_of(p, "https", "a.wild.test", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "intranet.local", 8443), "direct");
  EXPECT_EQ(route_of(p, "https", "intranet.local", 443), "http://proxy:3128") << "only the port named";
  EXPECT_EQ(route_of(p, "https", "10.20.30.40", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "0xa.1", 443), "direct") << "literals are parsed before matching ranges";
  EXPECT_EQ(route_of(p, "https", "192.168.1.7", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "192.168.1.8", 443), "http://proxy:3128");
  EXPECT_EQ(route_of(p, "https", "fd00::1", 443), "direct");
  EXPECT_EQ(route_of(p, "https", "fd00::2", 443), "http://proxy:3128");
  for (const char* loopback : {"localhost", "api.localhost", "127.0.0.1", "0x7f.1", "::1"})
    EXPECT_EQ(route_of(p, "https", loopback, 443), "direct") << loopback << ": a proxy cannot reach our loopback";
  EXPECT_EQ(route_of(settings({{"HTTPS_PROXY", "proxy:1"}, {"no_proxy", "*"}}), "https", "anything", 443), "direct");
  EXPECT_EQ(route_of(settings({{"HTTPS_PROXY", "proxy:1"}, {"no_proxy", "[fd00::1]:x,a.test:99999,[fd00::2"}}),
                     "https", "fd00::1", 443),
            "direct")
      << "odd entries neither throw nor stop the rest from working";
}

TEST(ProxyRouting, AProxyTheHostCannotUseFailsRequestsInsteadOfGoingDirect) {
  const ProxySettings p = settings({{"HTTPS_PROXY", "socks5://proxy:1080"}});
  const ProxyEndpoint* proxy = p.route("https", "example.com", 443);
  ASSERT_NE(proxy, nullptr);
  EXPECT_THAT(proxy->error, HasSubstr("HTTPS_PROXY names a socks5:// proxy"));
  EXPECT_THAT(p.describe(), HasSubstr("https -> unusable: HTTPS_PROXY names a socks5:// proxy"));
}

// A forward proxy on loopback, just enough of one: records each request head; answers plain
// requests itself (with the request line it received) and CONNECT with 200 (or 403), then
// keeps the first bytes sent through the tunnel (a TLS ClientHello) and closes.
class TinyProxy {
public:
  explicit TinyProxy(bool refuse_connect = false)
      : server_(Poco::Net::SocketAddress("127.0.0.1", 0)), refuse_connect_(refuse_connect),
        thread_([this] { run(); }) {}
  ~TinyProxy() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return server_.address().port(); }
  std::vector<std::string> heads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return heads_;
  }
  std::string tunnelled() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tunnelled_;
  }

private:
  void run() {
    while (!stop_) {
      if (!server_.poll(Poco::Timespan(50 * 1000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket client = server_.acceptConnection();
      try {
        serve(client);
      } catch (const Poco::Exception&) {
        // The client went away; the test judges by what was recorded.
      }
    }
  }
  void serve(Poco::Net::StreamSocket& client) {
    client.setReceiveTimeout(Poco::Timespan(10, 0));
    std::string head;
    char byte;
    while (head.find("\r\n\r\n") == std::string::npos && client.receiveBytes(&byte, 1) == 1) head += byte;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      heads_.push_back(head);
    }
    const std::string request_line = head.substr(0, head.find("\r\n"));
    if (request_line.compare(0, 8, "CONNECT ") != 0) {
      const std::string body = "proxied " + request_line;
      send(client, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nConnection: close\r\n\r\n" + body);
      return;
    }
    if (refuse_connect_) {
      send(client, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    send(client, "HTTP/1.1 200 Connection established\r\n\r\n");
    // One TLS record: a 5-byte header whose last two bytes are the length.
    std::string record;
    char buffer[4096];
    while (record.size() < 5 || record.size() < 5 + ((std::size_t(std::uint8_t(record[3])) << 8) | std::uint8_t(record[4]))) {
      const int n = client.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      record.append(buffer, static_cast<std::size_t>(n));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    tunnelled_ = record;
  }
  static void send(Poco::Net::StreamSocket& socket, const std::string& text) {
    socket.sendBytes(text.data(), static_cast<int>(text.size()));
  }

  Poco::Net::ServerSocket server_;
  const bool refuse_connect_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> heads_;
  std::string tunnelled_;
  std::thread thread_;
};

struct Outcome {
  OutboundResult result;
  std::string body;
};

Outcome fetch(const std::string& url, const ProxySettings& proxies, const std::string& egress) {
  std::string why;
  const EgressPolicy policy(*config::parse_egress(egress, why), "tool.fetch");
  OutboundRequest request;
  request.url = url;
  request.total_timeout_ms = 20000;
  Outcome outcome;
  OutboundCallbacks callbacks;
  callbacks.on_body = [&](std::string_view chunk) {
    outcome.body.append(chunk);
    return true;
  };
  if (policy.checks_addresses())
    callbacks.choose_address = [&](const std::string& host, const std::vector<Poco::Net::IPAddress>& answers) {
      return policy.choose(host, answers);
    };
  outcome.result = perform_outbound_http(request, callbacks, {}, &proxies);
  return outcome;
}

TEST(ThroughAProxy, PlainHttpGoesInAbsoluteFormAndTheProxyResolvesNamesUnderPrivate) {
  TinyProxy proxy;
  const ProxySettings p = settings({{"http_proxy", "http://u:p@127.0.0.1:" + std::to_string(proxy.port())}});
  // .invalid never resolves: under `private` nothing is looked up locally, the proxy gets the name.
  const Outcome outcome = fetch("http://upstream.invalid:8080/a/b?c=1", p, "private");
  ASSERT_EQ(outcome.result.status, AH_OK) << outcome.result.error;
  EXPECT_EQ(outcome.body, "proxied GET http://upstream.invalid:8080/a/b?c=1 HTTP/1.1");
  ASSERT_EQ(proxy.heads().size(), 1u);
  EXPECT_THAT(proxy.heads()[0], HasSubstr("\r\nHost: upstream.invalid:8080\r\n"));
  EXPECT_THAT(proxy.heads()[0], HasSubstr("\r\nProxy-Authorization: Basic dTpw\r\n"));
}

TEST(ThroughAProxy, HttpsGoesThroughConnectWithTlsToTheTargetsName) {
  TinyProxy proxy;
  const ProxySettings p = settings({{"HTTPS_PROXY", "127.0.0.1:" + std::to_string(proxy.port())}});
  const Outcome outcome = fetch("https://upstream.invalid/x", p, "private");
  // The tiny proxy is no TLS server: the handshake fails after the tunnel opened.
  EXPECT_EQ(outcome.result.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(outcome.result.error, HasSubstr("TLS handshake with https://upstream.invalid:443 failed"));
  ASSERT_EQ(proxy.heads().size(), 1u);
  EXPECT_THAT(proxy.heads()[0], HasSubstr("CONNECT upstream.invalid:443 HTTP/1.1\r\nHost: upstream.invalid:443\r\n"));
  const std::string hello = proxy.tunnelled();
  ASSERT_FALSE(hello.empty());
  EXPECT_EQ(hello[0], '\x16') << "a TLS handshake record went through the tunnel";
  EXPECT_THAT(hello, HasSubstr("upstream.invalid")) << "SNI names the host, not the proxy";
}

TEST(ThroughAProxy, ARefusedTunnelIsAClearError) {
  TinyProxy proxy(/*refuse_connect=*/true);
  const ProxySettings p = settings({{"HTTPS_PROXY", "127.0.0.1:" + std::to_string(proxy.port())}});
  const Outcome outcome = fetch("https://upstream.invalid/", p, "private");
  EXPECT_EQ(outcome.result.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(outcome.result.error, HasSubstr("refused to open a tunnel to upstream.invalid:443 (it answered "
                                              "'HTTP/1.1 403 Forbidden')"));
}

TEST(ThroughAProxy, ThePolicyJudgesTheTargetBeforeAnythingReachesTheProxy) {
  TinyProxy proxy;
  const ProxySettings p = settings({{"HTTP_PROXY", "127.0.0.1:" + std::to_string(proxy.port())},
                                    {"HTTPS_PROXY", "127.0.0.1:" + std::to_string(proxy.port())}});
  for (const std::string url : {"http://10.0.0.1/", "https://0xa.1/", "https://[fd00::1]/", "http://192.168.1.1/",
                                "http://169.254.169.254/latest/meta-data/", "https://[::ffff:169.254.169.254]/"}) {
    const Outcome outcome = fetch(url, p, "public");
    EXPECT_EQ(outcome.result.status, AH_ERR_PERMISSION) << url;
    EXPECT_THAT(outcome.result.error, HasSubstr("blocked by egress policy 'public'")) << url;
  }
  EXPECT_THAT(proxy.heads(), IsEmpty()) << "the proxy (itself on loopback, and allowed) saw no request";
  // Under `public` a name is resolved locally (to be judged) before the proxy hears of it: one
  // that does not resolve never reaches the proxy, unlike under `private` (the test above).
  const Outcome named = fetch("https://upstream.invalid/", p, "public");
  EXPECT_EQ(named.result.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(named.result.error, HasSubstr("cannot resolve the host of https://upstream.invalid:443"));
  EXPECT_THAT(proxy.heads(), IsEmpty());
}

TEST(ThroughAProxy, AnAllowedTargetGoesThroughWithItsCanonicalSpelling) {
  TinyProxy proxy;
  const ProxySettings p = settings({{"HTTP_PROXY", "127.0.0.1:" + std::to_string(proxy.port())}});
  const Outcome outcome = fetch("http://0xa.1:9/x", p, "allow:10.0.0.0/8");
  ASSERT_EQ(outcome.result.status, AH_OK) << outcome.result.error;
  EXPECT_EQ(outcome.body, "proxied GET http://10.0.0.1:9/x HTTP/1.1")
      << "the proxy cannot read the literal differently from the policy";
}

} // namespace
} // namespace agenthost::plugins
