// How the backend fails: HTTP error bodies, error events mid-stream, malformed and truncated
// streams. Messages carry the provider's own words and never the API key.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace anthropic_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AnthropicErrorsTest : public AnthropicTest {
protected:
  CallResult chat_against(FakeHttpResponse response) {
    answer(std::move(response));
    return create().chat(request({message("user", "hi")}));
  }
  static void expect_no_key(const CallResult& r) { EXPECT_THAT(r.error, Not(HasSubstr(kKey))); }
};

TEST_F(AnthropicErrorsTest, Http401CarriesTheProvidersMessageAndNotTheKey) {
  const CallResult r = chat_against(streaming(
      {R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"}, 401));
  EXPECT_EQ(r.status, AH_ERR_PERMISSION);
  EXPECT_THAT(r.error, HasSubstr("HTTP 401"));
  EXPECT_THAT(r.error, HasSubstr("invalid x-api-key"));
  EXPECT_THAT(r.error, HasSubstr("api_key"));
  expect_no_key(r);
  EXPECT_TRUE(r.events.empty());
}

TEST_F(AnthropicErrorsTest, Http529SaysOverloadedInThreePieces) {
  const std::string body = R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
  const CallResult r = chat_against(streaming(pieces(body, 10), 529));
  EXPECT_EQ(r.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(r.error, HasSubstr("HTTP 529 overloaded_error: Overloaded"));
  EXPECT_THAT(r.error, HasSubstr("retrying later may succeed"));
}

TEST_F(AnthropicErrorsTest, HttpStatusesMapToHostStatuses) {
  const std::vector<std::pair<int, ah_status>> cases = {
      {400, AH_ERR_INVALID_ARGUMENT}, {403, AH_ERR_PERMISSION}, {404, AH_ERR_NOT_FOUND}, {413, AH_ERR_TOO_LARGE},
      {429, AH_ERR_RATE_LIMITED},     {500, AH_ERR_UNAVAILABLE}, {418, AH_ERR_UPSTREAM}};
  for (const auto& [http, status] : cases) {
    const CallResult r = chat_against(streaming({R"({"type":"error","error":{"type":"x","message":"m"}})"}, http));
    EXPECT_EQ(r.status, status) << "HTTP " << http;
    EXPECT_THAT(r.error, HasSubstr("HTTP " + std::to_string(http))) << r.error;
  }
}

TEST_F(AnthropicErrorsTest, AnErrorBodyThatIsNotJsonIsQuotedShortly) {
  const CallResult r = chat_against(streaming({"<html><body>502 Bad Gateway</body></html>"}, 502));
  EXPECT_EQ(r.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(r.error, HasSubstr("HTTP 502"));
  EXPECT_THAT(r.error, HasSubstr("Bad Gateway"));
}

TEST_F(AnthropicErrorsTest, AKeyEchoedByAProxyIsRedacted) {
  const CallResult r = chat_against(
      streaming({std::string(R"({"type":"error","error":{"type":"x","message":"bad header x-api-key: )") + kKey +
                 R"("}})"},
                400));
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("x-api-key: ***"));
  expect_no_key(r);
}

TEST_F(AnthropicErrorsTest, AnErrorEventMidStreamFailsWithItsMessageAfterTheTextSoFar) {
  const CallResult r = chat_against(streaming(
      {message_start(3), text_block_start(0), text_delta(0, "Hal"),
       sse("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"),
       text_delta(0, "never")}));
  EXPECT_EQ(r.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(r.error, HasSubstr("overloaded_error: Overloaded"));
  EXPECT_THAT(r.error, HasSubstr("retrying later may succeed"));
  EXPECT_EQ(r.text(), "Hal");
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(AnthropicErrorsTest, OtherErrorEventTypesKeepTheirOwnStatus) {
  const CallResult r = chat_against(streaming(
      {message_start(3), sse("error", R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})")}));
  EXPECT_EQ(r.status, AH_ERR_RATE_LIMITED);
  EXPECT_THAT(r.error, HasSubstr("slow down"));
}

TEST_F(AnthropicErrorsTest, MalformedEventDataIsAClearUpstreamError) {
  const CallResult r = chat_against(streaming({message_start(3), sse("content_block_delta", "{not json")}));
  EXPECT_EQ(r.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("malformed 'content_block_delta' event"));
  EXPECT_THAT(r.error, HasSubstr("not valid JSON"));
}

TEST_F(AnthropicErrorsTest, ADeltaForABlockNeverStartedIsMalformed) {
  const CallResult r = chat_against(streaming({message_start(3), text_delta(4, "x")}));
  EXPECT_EQ(r.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("content block 4 was never started"));
}

TEST_F(AnthropicErrorsTest, ToolInputThatIsNotJsonIsMalformed) {
  const CallResult r = chat_against(streaming({message_start(3), tool_block_start(0, "toolu_1", "weather"),
                                               json_delta(0, R"({"city": )"), block_stop(0)}));
  EXPECT_EQ(r.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("'weather'"));
  EXPECT_TRUE(r.of(AH_EVENT_TOOL_CALL).empty());
}

TEST_F(AnthropicErrorsTest, AStreamCutBeforeMessageStopFails) {
  const CallResult r = chat_against(streaming({message_start(3), text_block_start(0), text_delta(0, "Hal")}));
  EXPECT_EQ(r.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("ended before message_stop"));
  EXPECT_EQ(r.text(), "Hal");
}

TEST_F(AnthropicErrorsTest, A200ThatIsNotAnEventStreamFails) {
  const CallResult r = chat_against(streaming({R"({"id":"msg_1","type":"message","content":[]})"}));
  EXPECT_EQ(r.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("without an event stream"));
}

TEST_F(AnthropicErrorsTest, ATransportFailureKeepsTheHostsMessage) {
  const CallResult r = chat_against(transport_error(AH_ERR_UNAVAILABLE, "connection refused by api.anthropic.com:443"));
  EXPECT_EQ(r.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(r.error, HasSubstr("connection refused"));
}

TEST_F(AnthropicErrorsTest, ModelListErrorsUseTheSameMessages) {
  answer(streaming({R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"}, 401));
  const CallResult r = create().list_models();
  EXPECT_EQ(r.status, AH_ERR_PERMISSION);
  EXPECT_THAT(r.error, HasSubstr("invalid x-api-key"));
}

} // namespace
} // namespace anthropic_test
