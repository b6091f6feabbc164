// The fake over real sockets: exact bytes on the wire, recorded requests, errors and faults.
#include "provider_fake.hpp"
#include "wire_formats.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <gtest/gtest.h>

#include <istream>
#include <thread>

namespace agenthost::fakes {
namespace {

using namespace std::chrono_literals;

struct Exchange {
  int status = 0;
  Poco::Net::HTTPResponse response;
  std::string body;
  bool broken = false; // the body ended with a socket error (reset), not a clean end
};

Exchange post(const ProviderFake& fake, const std::string& path, const std::string& body,
              const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Poco::Net::HTTPClientSession session("127.0.0.1", fake.port());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(body.empty() ? "GET" : "POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Exchange out;
  std::istream& in = session.receiveResponse(out.response);
  out.status = out.response.getStatus();
  try {
    char buffer[512];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) out.body.append(buffer, static_cast<std::size_t>(in.gcount()));
    out.broken = in.bad(); // Poco's body stream turns socket and framing errors into badbit
  } catch (const std::exception&) {
    out.broken = true;
  }
  return out;
}

// The raw bytes of a whole exchange, read until the server closes (or resets) the connection:
// Poco's client body stream reads a chunked body cut short as a clean end, so truncation is
// checked on the wire instead.
struct RawExchange {
  std::string bytes;
  bool reset = false;
};

RawExchange raw_post(const ProviderFake& fake, const std::string& path, const std::string& body) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", fake.port()));
  socket.setReceiveTimeout(Poco::Timespan(30, 0));
  const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  RawExchange out;
  char buffer[1024];
  try {
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) out.bytes.append(buffer, static_cast<std::size_t>(n));
  } catch (const Poco::Net::ConnectionResetException&) {
    out.reset = true;
  }
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string concat(const std::vector<Frame>& frames) {
  std::string all;
  for (const auto& f : frames) all += f.bytes;
  return all;
}

const std::string kOpenAiBody = R"({"model":"gpt-x","stream":true,"stream_options":{"include_usage":true},"messages":[]})";
const std::string kAnthropicBody = R"({"model":"claude-x","max_tokens":100,"stream":true,"messages":[]})";
const std::string kOllamaBody = R"({"model":"llama","messages":[]})";

TEST(ProviderFake, OpenAiStreamIsExactlyTheDocumentedBytesAndTheRequestIsRecorded) {
  ProviderFake fake;
  fake.push(Provider::openai, default_scenario());
  const auto ex = post(fake, "/v1/chat/completions", kOpenAiBody, {{"Authorization", "Bearer sk-test"}});
  EXPECT_EQ(ex.status, 200);
  EXPECT_EQ(ex.response.getContentType(), "text/event-stream; charset=utf-8");
  EXPECT_EQ(ex.body, concat(stream_frames(Provider::openai, default_scenario(), RequestFacts{"gpt-x", true, 1})));
  const auto requests = fake.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].header("authorization").value_or(""), "Bearer sk-test");
  EXPECT_EQ(requests[0].body, kOpenAiBody);
}

TEST(ProviderFake, AnthropicStreamIsExactlyTheDocumentedBytesAndKeyHeaderIsRecorded) {
  ProviderFake fake;
  const auto ex = post(fake, "/v1/messages", kAnthropicBody, {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}});
  EXPECT_EQ(ex.status, 200);
  EXPECT_EQ(ex.body, concat(stream_frames(Provider::anthropic, default_scenario(), RequestFacts{"claude-x", false, 1})));
  EXPECT_EQ(fake.requests().at(0).header("x-api-key").value_or(""), "k");
  EXPECT_EQ(fake.requests().at(0).header("anthropic-version").value_or(""), "2023-06-01");
}

TEST(ProviderFake, OllamaStreamIsNdjson) {
  ProviderFake fake;
  const auto ex = post(fake, "/api/chat", kOllamaBody);
  EXPECT_EQ(ex.status, 200);
  EXPECT_EQ(ex.response.getContentType(), "application/x-ndjson");
  EXPECT_EQ(ex.body, concat(stream_frames(Provider::ollama, default_scenario(), RequestFacts{"llama", false, 1})));
}

TEST(ProviderFake, QueuedScenariosAreServedInOrderThenTheDefault) {
  ProviderFake fake;
  fake.push(Scenario::text_stream("first"));
  fake.push(Provider::openai, Scenario::text_stream("openai only"));
  EXPECT_NE(post(fake, "/api/chat", kOllamaBody).body.find("\"first\""), std::string::npos);
  EXPECT_NE(post(fake, "/v1/chat/completions", kOpenAiBody).body.find("openai only"), std::string::npos);
  EXPECT_NE(post(fake, "/v1/chat/completions", kOpenAiBody).body.find("get_weather"), std::string::npos);
}

TEST(ProviderFake, RateLimitCarriesEachRetryAfterForm) {
  ProviderFake fake;
  const auto when = std::chrono::system_clock::from_time_t(1893456000); // 2030-01-01T00:00:00Z
  fake.push(Scenario::http_error(429, "slow down").with_retry_after_seconds(7).with_retry_after_ms(1500));
  fake.push(Scenario::http_error(429, "slow down").with_retry_after_http_date(when));
  auto ex = post(fake, "/v1/chat/completions", kOpenAiBody);
  EXPECT_EQ(ex.status, 429);
  EXPECT_EQ(ex.response.get("Retry-After"), "7");
  EXPECT_EQ(ex.response.get("retry-after-ms"), "1500");
  EXPECT_EQ(json::parse(ex.body)["error"]["message"].as_string(), "slow down");
  ex = post(fake, "/v1/messages", kAnthropicBody);
  EXPECT_EQ(ex.status, 429);
  EXPECT_EQ(ex.response.get("Retry-After"), "Tue, 01 Jan 2030 00:00:00 GMT");
  EXPECT_EQ(json::parse(ex.body)["error"]["type"].as_string(), "rate_limit_error");
}

TEST(ProviderFake, Anthropic529IsOverloaded) {
  ProviderFake fake;
  fake.push(Scenario::overloaded_529());
  const auto ex = post(fake, "/v1/messages", kAnthropicBody);
  EXPECT_EQ(ex.status, 529);
  EXPECT_EQ(ex.response.getReason(), "Overloaded");
  EXPECT_EQ(json::parse(ex.body)["error"]["type"].as_string(), "overloaded_error");
}

TEST(ProviderFake, OverloadedErrorEventMidStreamEndsTheStream) {
  ProviderFake fake;
  fake.push(Scenario::overloaded_mid_stream("one two three", 3, 1));
  const auto ex = post(fake, "/v1/messages", kAnthropicBody);
  EXPECT_EQ(ex.status, 200);
  EXPECT_NE(ex.body.find("\"text\":\"one \""), std::string::npos);
  EXPECT_EQ(ex.body.find("\"two"), std::string::npos);
  const std::string tail = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
  ASSERT_GE(ex.body.size(), tail.size());
  EXPECT_EQ(ex.body.substr(ex.body.size() - tail.size()), tail);
}

TEST(ProviderFake, MalformedChunkIsSentAfterTheGivenTokens) {
  ProviderFake fake;
  fake.push(Scenario::text_stream("ab", 2).with_fault(Fault::malformed_chunk, 1));
  const auto ex = post(fake, "/api/chat", kOllamaBody);
  EXPECT_NE(ex.body.find("\"content\":\"a\""), std::string::npos);
  EXPECT_EQ(ex.body.substr(ex.body.size() - malformed_frame(Provider::ollama).size()), malformed_frame(Provider::ollama));
}

TEST(ProviderFake, ResetMidStreamBreaksTheConnectionAfterTheGivenTokens) {
  ProviderFake fake;
  fake.push(Scenario::text_stream("abc", 3).with_fault(Fault::reset_mid_stream, 2));
  const auto ex = post(fake, "/v1/chat/completions", kOpenAiBody);
  EXPECT_EQ(ex.status, 200);
  EXPECT_TRUE(ex.broken) << "a reset must surface as a socket error, not a clean end; body: " << ex.body;
  EXPECT_EQ(ex.body.find("\"content\":\"c\""), std::string::npos);
  EXPECT_EQ(ex.body.find("[DONE]"), std::string::npos);
}

TEST(ProviderFake, CloseMidStreamDeliversEarlierTokensThenBreaksTheBody) {
  ProviderFake fake;
  fake.push(Scenario::text_stream("abc", 3).with_fault(Fault::close_mid_stream, 2));
  const auto ex = raw_post(fake, "/v1/chat/completions", kOpenAiBody);
  EXPECT_FALSE(ex.reset);
  EXPECT_EQ(ex.bytes.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(ex.bytes.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(ex.bytes.find("\"content\":\"b\""), std::string::npos);
  EXPECT_EQ(ex.bytes.find("\"content\":\"c\""), std::string::npos);
  EXPECT_FALSE(ends_with(ex.bytes, "\r\n0\r\n\r\n")) << "the body must be cut short, without the last chunk";
}

TEST(ProviderFake, StallAfterHeadersHoldsUntilReleased) {
  ProviderFake fake;
  fake.push(Scenario::text_stream("never").with_fault(Fault::stall_after_headers));
  Exchange ex;
  std::thread client([&] { ex = post(fake, "/v1/messages", kAnthropicBody); });
  ASSERT_TRUE(fake.wait_until_stalled(10s));
  EXPECT_EQ(fake.stalled_now(), 1u);
  fake.release_stalls();
  client.join();
  EXPECT_EQ(ex.status, 200);
  EXPECT_TRUE(ex.body.empty()) << ex.body;
  EXPECT_EQ(fake.stalled_now(), 0u);
}

TEST(ProviderFake, StallBetweenTokensHoldsUntilReleased) {
  ProviderFake fake;
  Scenario s = Scenario::text_stream("ab", 2).with_fault(Fault::stall_between_tokens, 1);
  s.ping_after_start = false;
  s.ping_interval = 5ms;
  fake.push(s);
  RawExchange ex;
  std::thread client([&] { ex = raw_post(fake, "/v1/messages", kAnthropicBody); });
  ASSERT_TRUE(fake.wait_until_stalled(10s));
  fake.release_stalls();
  client.join();
  EXPECT_NE(ex.bytes.find("\"text\":\"a\""), std::string::npos);
  EXPECT_EQ(ex.bytes.find("\"text\":\"b\""), std::string::npos);
  EXPECT_EQ(ex.bytes.find("message_stop"), std::string::npos);
  EXPECT_FALSE(ends_with(ex.bytes, "\r\n0\r\n\r\n"));
}

// Polls `done` (no timing judged: the limit only ends a test that would otherwise hang).
template <class Predicate> bool eventually(Predicate done) {
  for (auto until = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < until;) {
    if (done()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return done();
}

TEST(ProviderFake, ResetAfterReleaseKeepsPingingThenResetsWithTheEarlierTokensDelivered) {
  ProviderFake fake;
  Scenario s = Scenario::text_stream("ab", 2).with_fault(Fault::reset_after_release, 1);
  s.ping_after_start = false;
  s.ping_interval = 2ms;
  fake.push(s);
  RawExchange ex;
  std::thread client([&] { ex = raw_post(fake, "/v1/messages", kAnthropicBody); });
  ASSERT_TRUE(fake.wait_until_stalled(10s));
  ASSERT_TRUE(eventually([&] { return fake.pings_sent() >= 2; })) << "pings must flow during the stall";
  fake.release_stalls();
  client.join();
  EXPECT_TRUE(ex.reset) << "a released reset_after_release must end with RST";
  EXPECT_EQ(ex.bytes.find("\"text\":\"b\""), std::string::npos);
  EXPECT_EQ(ex.bytes.find("message_stop"), std::string::npos);
}

TEST(ProviderFake, DestructionEndsAStallThatWasNeverReleased) {
  Exchange ex;
  std::thread client;
  {
    ProviderFake fake;
    fake.push(Scenario::text_stream("x").with_fault(Fault::stall_after_headers));
    client = std::thread([&] { ex = post(fake, "/api/chat", kOllamaBody); });
    ASSERT_TRUE(fake.wait_until_stalled(10s));
  }
  client.join();
  EXPECT_TRUE(ex.body.empty());
}

TEST(ProviderFake, ListsModelsInEachProvidersShape) {
  ProviderFake fake;
  fake.set_models({"m1", "m2"});
  auto tags = json::parse(post(fake, "/api/tags", "").body);
  EXPECT_EQ(tags["models"][1]["name"].as_string(), "m2");
  auto openai = json::parse(post(fake, "/v1/models", "").body);
  EXPECT_EQ(openai["object"].as_string(), "list");
  EXPECT_EQ(openai["data"][0]["id"].as_string(), "m1");
  auto anthropic = json::parse(post(fake, "/v1/models", "", {{"anthropic-version", "2023-06-01"}}).body);
  EXPECT_EQ(anthropic["data"][0]["type"].as_string(), "model");
}

TEST(ProviderFake, OllamaShowGivesAListedModelsContextLengthAndA404ForAnUnknownOne) {
  ProviderFake fake;
  fake.set_models({"llama3.1"});
  fake.set_context_length(32768);
  const auto shown = post(fake, "/api/show", R"({"model":"llama3.1"})");
  ASSERT_EQ(shown.status, 200) << shown.body;
  const json::Value show = json::parse(shown.body);
  const std::string arch = show["model_info"]["general.architecture"].as_string();
  EXPECT_EQ(show["model_info"][arch + ".context_length"].as_int(), 32768);
  EXPECT_EQ(show["details"]["format"].as_string(), "gguf");
  const auto missing = post(fake, "/api/show", R"({"model":"nope"})");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"].as_string(), "model 'nope' not found");
}

TEST(ProviderFake, OllamaPullStreamsProgressToSuccess) {
  ProviderFake fake;
  fake.set_pull(PullScript{2, 200, "sha256:abcdef0123456789", std::chrono::milliseconds(0), 200, ""});
  const auto ex = post(fake, "/api/pull", R"({"model":"llama","stream":true})");
  EXPECT_EQ(ex.body, "{\"status\":\"pulling manifest\"}\n"
                     "{\"status\":\"pulling abcdef012345\",\"digest\":\"sha256:abcdef0123456789\",\"total\":200,\"completed\":100}\n"
                     "{\"status\":\"pulling abcdef012345\",\"digest\":\"sha256:abcdef0123456789\",\"total\":200,\"completed\":200}\n"
                     "{\"status\":\"verifying sha256 digest\"}\n{\"status\":\"writing manifest\"}\n{\"status\":\"success\"}\n");
}

TEST(ProviderFake, NonStreamingRequestsAreRefusedWithAClearMessage) {
  ProviderFake fake;
  const auto ex = post(fake, "/v1/chat/completions", R"({"model":"m","messages":[]})");
  EXPECT_EQ(ex.status, 400);
  EXPECT_NE(ex.body.find("stream"), std::string::npos);
}

} // namespace
} // namespace agenthost::fakes
