// The SSRF corpus, end to end through the host: a config with [tool.X] sections (and their
// `egress` keys) -> the configured instance set -> a real tool plugin (egress_fetch) -> the
// host-services table's http_request -> the outbound HTTP client. Every address range and
// spelling, schemes, credentials, IPv6 literals and a redirect to cloud metadata are refused
// with a message naming the address and the rule, while canary listeners on 127.0.0.1 and ::1
// count the connections that got through: zero. Under `allow:127.0.0.1/32` a local server is
// reachable.
//
// The name resolving to 127.0.0.1 is `localhost` (from /etc/hosts): offline test machines
// resolve no wildcard-DNS names such as 127.0.0.1.nip.io, and /etc/hosts is not ours to edit.
#include "plugins/instance_set.hpp"
#include "plugins/plugin_catalog.hpp"

#include "config/config.hpp"
#include "test_support.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Listens on 127.0.0.1:PORT and [::1]:PORT and counts every connection it accepts.
class Canary {
public:
  Canary() : v4_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    v6_.bind6(Poco::Net::SocketAddress("::1", v4_.address().port()), /*reuseAddress=*/false, /*reusePort=*/false,
              /*ipV6Only=*/true);
    v6_.listen();
    thread_ = std::thread([this] { run(); });
  }
  ~Canary() {
    stop_ = true;
    thread_.join();
  }
  std::uint16_t port() const { return v4_.address().port(); }
  int accepted() const { return accepted_; }

private:
  void run() {
    while (!stop_) {
      Poco::Net::Socket::SocketList readable{v4_, v6_}, writable, failed;
      if (Poco::Net::Socket::select(readable, writable, failed, Poco::Timespan(50 * 1000)) == 0) continue;
      for (const Poco::Net::Socket& socket : readable) {
        Poco::Net::StreamSocket connection = socket == v4_ ? v4_.acceptConnection() : v6_.acceptConnection();
        ++accepted_;
        connection.close();
      }
    }
  }
  Poco::Net::ServerSocket v4_;
  Poco::Net::ServerSocket v6_;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The "real pages" server: /page answers, /to-metadata and /to-canary redirect.
class LocalSite : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit LocalSite(std::uint16_t canary_port) : canary_port_(canary_port) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(canary_port_);
  }

private:
  struct Handler : Poco::Net::HTTPRequestHandler {
    explicit Handler(std::uint16_t canary_port) : canary_port(canary_port) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      std::string location;
      if (request.getURI() == "/to-metadata") location = "http://169.254.169.254/latest/meta-data/";
      if (request.getURI() == "/to-canary") location = "http://[::1]:" + std::to_string(canary_port) + "/";
      if (!location.empty()) {
        response.setStatus(Poco::Net::HTTPResponse::HTTP_FOUND);
        response.set("Location", location);
        response.setContentLength(0);
        response.send();
        return;
      }
      const std::string body = request.getURI() == "/host" ? request.getHost() : "a real page";
      response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      response.send() << body;
    }
    std::uint16_t canary_port;
  };
  std::uint16_t canary_port_;
};

class SsrfCorpus : public ::testing::Test {
protected:
  SsrfCorpus()
      : site_(new LocalSite(canary_.port()), Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
              new Poco::Net::HTTPServerParams) {
    site_.start();
    const config::LoadResult loaded = config::load_config_text("[tool.fetch]\nplugin = fetch_url\n"
                                                               "[tool.local]\nplugin = fetch_url\n"
                                                               "egress = allow:127.0.0.1/32\n"
                                                               "[tool.open]\nplugin = fetch_url\negress = private\n"
                                                               "[tool.loopback]\nplugin = fetch_url\n"
                                                               "egress = allow:127.0.0.1/32,::1/128\n",
                                                               "ssrf.conf", "/etc/agenthost",
                                                               config::fixed_environment({}));
    EXPECT_TRUE(loaded.errors.empty()) << config::format_errors(loaded.errors);
    // No proxy from the environment of whoever runs the tests.
    fixture_.services.set_proxy(ProxySettings{});
    instances_ = create_configured_instances(catalog_, loaded.config, fixture_.services);
  }
  ~SsrfCorpus() override { site_.stop(); }

  struct Fetched {
    ah_status status;
    std::string text; // the result, or the error message
  };
  Fetched fetch(const std::string& tool, const std::string& url, int max_redirects = 0) {
    Instance* instance = instances_->find(ComponentKind::tool, tool);
    EXPECT_NE(instance, nullptr);
    CollectingSink sink;
    const ah_status status = instance->invoke(
        sink, json::dump(json::Value::object({{"url", url}, {"max_redirects", max_redirects}})));
    return {status, status == AH_OK ? sink.result() : sink.error_message()};
  }
  std::string canary(const std::string& host) const {
    return "http://" + host + ":" + std::to_string(canary_.port()) + "/";
  }
  std::string site(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(site_.port()) + path;
  }

  Canary canary_;
  Poco::Net::HTTPServer site_;
  PluginCatalog catalog_ = PluginCatalog::from_files({testing::plugin_path("egress_fetch")});
  testing::ServicesFixture fixture_;
  std::unique_ptr<InstanceSet> instances_;
};

TEST_F(SsrfCorpus, EveryRangeAndSpellingIsRefusedNamingAddressAndRule) {
  // URL host -> the address the refusal must name.
  const std::vector<std::pair<std::string, std::string>> corpus = {
      {canary("127.0.0.1"), "127.0.0.1 is loopback"},
      {canary("localhost"), "localhost resolves to"},
      {canary("2130706433"), "2130706433 means 127.0.0.1 is loopback"},
      {canary("0177.0.0.1"), "0177.0.0.1 means 127.0.0.1 is loopback"},
      {canary("0x7f.1"), "0x7f.1 means 127.0.0.1 is loopback"},
      {canary("0x7f000001"), "means 127.0.0.1 is loopback"},
      {canary("127.1"), "127.1 means 127.0.0.1 is loopback"},
      {canary("0177.0x0.1"), "means 127.0.0.1 is loopback"},
      {canary("127.0.0.2"), "127.0.0.2 is loopback"},
      {canary("0.0.0.0"), "0.0.0.0 is unspecified"},
      {canary("0"), "0 means 0.0.0.0 is unspecified"},
      {canary("[::1]"), "::1 is loopback"},
      {canary("[::]"), ":: is unspecified"},
      {canary("[::ffff:127.0.0.1]"), "carries 127.0.0.1 (IPv4-mapped"},
      {canary("[::ffff:7f00:1]"), "carries 127.0.0.1 (IPv4-mapped"},
      {canary("[0:0:0:0:0:ffff:127.0.0.1]"), "carries 127.0.0.1 (IPv4-mapped"},
      {canary("[::127.0.0.1]"), "carries 127.0.0.1 (IPv4-compatible"},
      {canary("[64:ff9b::127.0.0.1]"), "carries 127.0.0.1 (NAT64"},
      {canary("[64:ff9b:1::a9fe:a9fe]"), "carries 169.254.169.254 (local-use NAT64"},
      {canary("[2002:7f00:1::]"), "carries 127.0.0.1 (6to4"},
      {canary("[2001:0:4136:e378:8000:63bf:80ff:fffe]"), "carries 127.0.0.1 (Teredo"},
      {canary("[fe80::1%25lo]"), "fe80::1 is link-local"},
      {canary("[fe80::1%lo]"), "fe80::1 is link-local"},
      {canary("[fc00::1]"), "fc00::1 is unique local"},
      {canary("[fd00::1]"), "fd00::1 is unique local"},
      {canary("[fec0::1]"), "fec0::1 is site-local"},
      {canary("[ff02::1]"), "ff02::1 is multicast"},
      {"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is link-local"},
      {canary("10.0.0.1"), "10.0.0.1 is private"},
      {canary("172.16.0.1"), "172.16.0.1 is private"},
      {canary("192.168.0.1"), "192.168.0.1 is private"},
      {canary("100.64.0.1"), "100.64.0.1 is carrier-grade NAT"},
      {canary("192.0.0.1"), "192.0.0.1 is IETF protocol assignments"},
      {canary("198.18.0.1"), "198.18.0.1 is benchmarking"},
      {canary("224.0.0.1"), "224.0.0.1 is multicast"},
      {canary("240.0.0.1"), "240.0.0.1 is reserved"},
      {canary("255.255.255.255"), "255.255.255.255 is broadcast"},
  };
  for (const auto& [url, names] : corpus) {
    const Fetched fetched = fetch("fetch", url);
    EXPECT_EQ(fetched.status, AH_ERR_PERMISSION) << url << ": " << fetched.text;
    EXPECT_THAT(fetched.text, AllOf(HasSubstr("blocked by egress policy 'public': "), HasSubstr(names),
                                    HasSubstr("[tool.fetch]")))
        << url;
  }
  // Spellings no resolver reads as an address fail one way or another, never by connecting.
  for (const std::string host : {"127.0.0.1.", "127.0.0.1%00", "0x7f.0x0.0x0.0x1.", "[::ffff:127.0.0.1%lo]"}) {
    const Fetched fetched = fetch("fetch", canary(host));
    EXPECT_NE(fetched.status, AH_OK) << host << ": " << fetched.text;
  }
  EXPECT_EQ(canary_.accepted(), 0) << "a refused address must never be connected to";
}

TEST_F(SsrfCorpus, OtherSchemesAndCredentialsAreRefusedBeforeAnyLookup) {
  const std::vector<std::pair<std::string, std::string>> corpus = {
      {"file:///etc/passwd", "only http:// and https:// URLs can be fetched (got 'file:')"},
      {"gopher://127.0.0.1:" + std::to_string(canary_.port()) + "/_GET", "(got 'gopher:')"},
      {"ftp://127.0.0.1/", "(got 'ftp:')"},
      {"http://user@127.0.0.1:" + std::to_string(canary_.port()) + "/", "URLs with credentials in them"},
      {"http://user:secret@example.com/", "URLs with credentials in them"},
  };
  for (const auto& [url, expected] : corpus) {
    const Fetched fetched = fetch("local", url); // even where 127.0.0.1 is allowed
    EXPECT_EQ(fetched.status, AH_ERR_INVALID_ARGUMENT) << url << ": " << fetched.text;
    EXPECT_THAT(fetched.text, HasSubstr(expected)) << url;
    EXPECT_THAT(fetched.text, ::testing::Not(HasSubstr("secret"))) << "credentials never reach a message";
  }
  EXPECT_EQ(canary_.accepted(), 0);
}

TEST_F(SsrfCorpus, EveryRedirectHopIsJudgedAgain) {
  const Fetched metadata = fetch("local", site("/to-metadata"), 5);
  EXPECT_EQ(metadata.status, AH_ERR_PERMISSION) << metadata.text;
  EXPECT_THAT(metadata.text, HasSubstr("blocked by egress policy 'allow:127.0.0.1/32': 169.254.169.254 is link-local"));
  const Fetched to_canary = fetch("local", site("/to-canary"), 5);
  EXPECT_EQ(to_canary.status, AH_ERR_PERMISSION) << to_canary.text;
  EXPECT_THAT(to_canary.text, HasSubstr("::1 is loopback"));
  EXPECT_EQ(canary_.accepted(), 0);
}

TEST_F(SsrfCorpus, AnAllowedRangeReachesTheLocalServerInAnySpelling) {
  EXPECT_EQ(fetch("local", site("/page")).text, "200 a real page");
  EXPECT_EQ(fetch("local", "http://0x7f.1:" + std::to_string(site_.port()) + "/page").text, "200 a real page");
  const Fetched refused = fetch("fetch", site("/page"));
  EXPECT_EQ(refused.status, AH_ERR_PERMISSION) << "the same server under `public`";
}

TEST_F(SsrfCorpus, ANameGoesToItsJudgedAddressAndKeepsItsHostHeader) {
  const std::vector<Poco::Net::IPAddress> answers = Poco::Net::DNS::hostByName("localhost").addresses();
  if (answers.empty() || answers.front().toString() != "127.0.0.1")
    GTEST_SKIP() << "localhost does not resolve to 127.0.0.1 first on this machine (the site listens there)";
  const std::string port = std::to_string(site_.port());
  EXPECT_EQ(fetch("loopback", "http://localhost:" + port + "/host").text, "200 localhost:" + port);
}

TEST_F(SsrfCorpus, TheCanaryCountsWhatGetsThrough) {
  // The control: under `private` the same URLs do reach the canary, so its zero above means
  // something.
  fetch("open", canary("127.0.0.1"));
  fetch("open", canary("0x7f.1"));
  fetch("open", canary("[::1]"));
  EXPECT_EQ(canary_.accepted(), 3);
}

} // namespace
} // namespace agenthost::plugins
