// How the openai backend reports what goes wrong: HTTP errors with the provider's own message
// (never the key), errors inside the stream, malformed data, and streams cut short.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace openai_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "sk-proj-SECRETsecret0123456789";

TEST_F(OpenAiTest, Http401ReportsTheProviderMessageButNeverTheKey) {
  // OpenAI echoes (part of) the key in this message; the plugin must not pass it on.
  serve(answer(401, {R"({"error":{"message":"Incorrect API key provided: sk-proj-SECRETsecret0123456789. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"}));
  auto backend = create({{"base_url", "https://api.openai.com/v1"}, {"api_key", kKey}});
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_PERMISSION);
  EXPECT_THAT(r.error, HasSubstr("Incorrect API key provided"));
  EXPECT_THAT(r.error, HasSubstr("OpenAI at https://api.openai.com answered HTTP 401"));
  EXPECT_THAT(r.error, Not(HasSubstr("SECRET")));
  EXPECT_TRUE(r.of(AH_EVENT_TEXT_DELTA).empty());
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(OpenAiTest, Http429IsRateLimitedWithTheProviderMessage) {
  FakeHttpResponse response =
      answer(429, {R"({"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on tokens per min.",)",
                   R"("type":"tokens","param":null,"code":"rate_limit_exceeded"}})"});
  response.headers.emplace_back("retry-after-ms", "1200");
  serve(response);
  auto backend = create({{"base_url", "https://api.openai.com/v1"}, {"api_key", kKey}});
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_RATE_LIMITED);
  EXPECT_THAT(r.error, HasSubstr("Rate limit reached for gpt-4o-mini"));
  EXPECT_THAT(r.error, Not(HasSubstr("SECRET")));
}

TEST_F(OpenAiTest, ErrorStatusesMapToTheirKinds) {
  const std::pair<int, ah_status> cases[] = {{400, AH_ERR_INVALID_ARGUMENT}, {403, AH_ERR_PERMISSION},
                                             {404, AH_ERR_NOT_FOUND},        {413, AH_ERR_TOO_LARGE},
                                             {500, AH_ERR_UNAVAILABLE},      {503, AH_ERR_UNAVAILABLE}};
  for (const auto& [status, kind] : cases) {
    serve(answer(status, {R"({"error":{"message":"the model `nope` does not exist","type":"x","code":null}})"}));
    auto backend = create();
    const CallResult r = backend.chat(ask("hi"));
    ASSERT_FALSE(r.ok()) << status;
    EXPECT_EQ(r.error_status, kind) << status;
    EXPECT_THAT(r.error, HasSubstr("the model `nope` does not exist")) << status;
  }
}

TEST_F(OpenAiTest, ErrorBodiesOfCompatibleServersAndProxiesAreQuoted) {
  serve(answer(400, {R"({"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400})"}));
  EXPECT_THAT(create().chat(ask("hi")).error, HasSubstr("max_tokens is too large")); // vLLM
  serve(answer(502, {"<html><body>Bad Gateway</body></html>"}));
  EXPECT_THAT(create().chat(ask("hi")).error, HasSubstr("<html><body>Bad Gateway"));
}

TEST_F(OpenAiTest, MalformedDataLineFailsWithAClearMessage) {
  serve(answer(200, {sse({text_chunk("partial"), R"({"choices":[{"index":0,"delta":{"content":"bro)"})}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("stream data line that is not valid JSON"));
  EXPECT_THAT(r.error, HasSubstr(R"({"choices":[{"index":0)"));
  EXPECT_EQ(r.text(), "partial"); // what came before stays emitted
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(OpenAiTest, ErrorInsideTheStreamCarriesTheProviderMessage) {
  serve(answer(200, {sse({text_chunk("Hel"), R"({"error":{"message":"The server is overloaded","type":"server_error"}})"})}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("The server is overloaded"));
  EXPECT_EQ(r.text(), "Hel");
}

TEST_F(OpenAiTest, StreamCutBeforeTheEndIsAnError) {
  serve(answer(200, {sse({text_chunk("Hel")}, /*with_done=*/false)}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("ended before the response was complete"));
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(OpenAiTest, SuccessWithoutAnEventStreamPointsAtBaseUrl) {
  serve(answer(200, {"<html>a web page, not an API</html>"}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("check that base_url"));
}

TEST_F(OpenAiTest, ConnectionFailureFromTheHostIsPassedOn) {
  const FakeHttpResponse refused = transport_error(AH_ERR_UNAVAILABLE, "connection refused by 127.0.0.1:8000");
  serve(refused);
  const CallResult r = create().chat(ask("hi"));
  EXPECT_EQ(r.error_status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(r.error, HasSubstr("connection refused"));
}

TEST_F(OpenAiTest, BadRequestsFailBeforeAnythingIsSent) {
  ChatRequest no_model = ask("hi");
  no_model.model.clear();
  EXPECT_THAT(create().chat(no_model).error, HasSubstr("no model given"));
  ChatRequest bad_param = ask("hi");
  bad_param.params = agenthost::json::parse(R"({"temperature":"hot"})");
  const CallResult r = create().chat(bad_param);
  EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("params.temperature must be a number"));
  EXPECT_TRUE(host_.http_requests.empty());
}

TEST_F(OpenAiTest, ListModelsReportsHttpErrorsWithoutTheKey) {
  serve(answer(401, {R"({"error":{"message":"Incorrect API key provided: sk-proj-SECRETsecret0123456789.","type":"invalid_request_error","code":"invalid_api_key"}})"}));
  auto backend = create({{"base_url", "https://api.openai.com/v1"}, {"api_key", kKey}});
  const CallResult r = backend.list_models();
  EXPECT_EQ(r.error_status, AH_ERR_PERMISSION);
  EXPECT_THAT(r.error, HasSubstr("Incorrect API key provided"));
  EXPECT_THAT(r.error, Not(HasSubstr("SECRET")));
}

} // namespace
} // namespace openai_test
