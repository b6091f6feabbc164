// HostServices (sdk_types.hpp) as seen from a host: the callbacks it hands to the host must
// never let an exception unwind through host frames (the exception is rethrown once the host
// call returns), and failure messages never show the secret parts of a URL.
//
// The "host" here is a hand-built ah_host_api whose services call back with a string length no
// std::string can hold, which makes the plugin-side append/assign/emplace_back throw.
#include "agenthost/sdk_types.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace {

using agenthost::CallError;
using agenthost::HostServices;
using agenthost::to_ah;

// A view whose length exceeds std::string::max_size(): appending it throws std::length_error
// before any byte is read.
const ah_str kHuge{"x", std::numeric_limits<std::size_t>::max() / 2};

// Which callback the fake host pokes, and whether control came back to the host's frame.
enum class Poke { sink_write, on_head, on_body, on_error, on_event, complete_on_error };
Poke g_poke = Poke::sink_write;
bool g_host_frame_resumed = false;
ah_status g_http_status = AH_OK;

int32_t cache_get(ah_instance*, ah_str, const ah_byte_sink* out) {
  out->write(out->user, kHuge);
  g_host_frame_resumed = true;
  return 1;
}

ah_status http_request(ah_instance*, ah_call*, const ah_http_request*, const ah_http_response_handler* h) {
  if (g_http_status != AH_OK) return g_http_status; // fails without calling on_error
  ah_http_header header{kHuge, to_ah("v")};
  int32_t stop = 0;
  switch (g_poke) {
  case Poke::on_head: stop = h->on_head(h->user, 200, &header, 1); break;
  case Poke::on_body:
    stop = h->on_head(h->user, 200, nullptr, 0);
    if (!stop) stop = h->on_body(h->user, kHuge);
    break;
  default: h->on_error(h->user, AH_ERR_UNAVAILABLE, kHuge); break;
  }
  g_host_frame_resumed = true;
  return g_poke == Poke::on_error ? AH_ERR_UNAVAILABLE : (stop ? AH_ERR_CANCELLED : AH_OK);
}

ah_status complete(ah_instance*, ah_call*, ah_str, ah_str, const ah_event_handler* h) {
  ah_status status = AH_ERR_UPSTREAM;
  if (g_poke == Poke::on_event) {
    ah_event e{};
    e.struct_size = sizeof e;
    e.type = AH_EVENT_TEXT_DELTA;
    e.text = kHuge;
    status = h->on_event(h->user, &e);
  } else {
    h->on_error(h->user, AH_ERR_UPSTREAM, kHuge);
  }
  g_host_frame_resumed = true;
  return status;
}

ah_host_api make_host() {
  ah_host_api api{};
  api.struct_size = sizeof api;
  api.abi_major = AGENTHOST_ABI_MAJOR;
  api.abi_minor = AGENTHOST_ABI_MINOR;
  api.cache_get = &cache_get;
  api.http_request = &http_request;
  api.complete_with_backend = &complete;
  return api;
}

class ThrowingCallbacks : public ::testing::TestWithParam<Poke> {
protected:
  void SetUp() override {
    g_poke = GetParam();
    g_host_frame_resumed = false;
    g_http_status = AH_OK;
  }
  ah_host_api api = make_host();
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
};

TEST_P(ThrowingCallbacks, NeverUnwindThroughTheHostAndRethrowAfterIt) {
  const auto use = [&] {
    switch (GetParam()) {
    case Poke::sink_write: services.cache_get("k"); break;
    case Poke::on_head:
    case Poke::on_body:
    case Poke::on_error: services.http(call, agenthost::HttpRequest{}); break;
    case Poke::on_event:
    case Poke::complete_on_error: services.complete_with_backend(call, "b", agenthost::json::Value::object()); break;
    }
  };
  EXPECT_THROW(use(), std::length_error);
  EXPECT_TRUE(g_host_frame_resumed) << "the exception unwound through the host's frame";
}

INSTANTIATE_TEST_SUITE_P(EveryCallback, ThrowingCallbacks,
                         ::testing::Values(Poke::sink_write, Poke::on_head, Poke::on_body, Poke::on_error,
                                           Poke::on_event, Poke::complete_on_error));

TEST(HttpFailureMessage, ShowsOnlySchemeHostAndPort) {
  g_http_status = AH_ERR_UNAVAILABLE;
  ah_host_api api = make_host();
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
  agenthost::HttpRequest request;
  request.url = "https://user:hunter2@api.example.com:8443/v1/x?key=SECRET#frag";
  try {
    services.http(call, request);
    FAIL() << "expected a CallError";
  } catch (const CallError& e) {
    EXPECT_EQ(e.status(), AH_ERR_UNAVAILABLE);
    EXPECT_EQ(std::string(e.what()), "HTTP request to https://api.example.com:8443 failed");
  }
  g_http_status = AH_OK;
}

TEST(UrlOrigin, DropsUserinfoPathQueryAndFragment) {
  using agenthost::url_origin;
  EXPECT_EQ(url_origin("http://h"), "http://h");
  EXPECT_EQ(url_origin("http://h:80/p"), "http://h:80");
  EXPECT_EQ(url_origin("https://h?token=s"), "https://h");
  EXPECT_EQ(url_origin("https://h#s"), "https://h");
  EXPECT_EQ(url_origin("https://a:b@c@h/p"), "https://h");
  EXPECT_EQ(url_origin("https://[::1]:9/p"), "https://[::1]:9");
  EXPECT_EQ(url_origin("no scheme token=SECRET"), "(a malformed URL)");
  EXPECT_EQ(url_origin(""), "(a malformed URL)");
}

} // namespace

TEST(QuoteForMessage, QuotesShortTextAndCutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(agenthost::quote_for_message("abc"), "'abc'");
  EXPECT_EQ(agenthost::quote_for_message(std::string(50, 'x')), "'" + std::string(40, 'x') + "...'");
  // 39 ASCII bytes then a 2-byte character straddling the 40-byte limit: the cut moves before it.
  const std::string text = std::string(39, 'a') + "\xC3\xA9" + "tail";
  EXPECT_EQ(agenthost::quote_for_message(text), "'" + std::string(39, 'a') + "...'");
}
