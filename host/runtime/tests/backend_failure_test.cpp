#include "runtime/backend_failure.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1445412480));

UpstreamFacts http(int status) {
  UpstreamFacts facts;
  facts.status = status;
  facts.body_started = true;
  return facts;
}

AttemptFailure classify(const std::optional<UpstreamFacts>& upstream, ah_status status = AH_ERR_UPSTREAM,
                        const std::string& text = "provider says no") {
  return classify_failure("main", "gpt-x", upstream, status, text, kNow);
}

TEST(BackendFailure, RetriesTheTransientHttpStatuses) {
  for (int status : {408, 409, 429, 500, 502, 503, 504, 529}) {
    EXPECT_TRUE(classify(http(status)).retryable) << status;
  }
}

TEST(BackendFailure, NeverRetriesRequestErrors) {
  for (int status : {400, 401, 403, 404, 413, 422}) {
    EXPECT_FALSE(classify(http(status)).retryable) << status;
  }
}

TEST(BackendFailure, RetriesConnectionErrors) {
  UpstreamFacts facts;
  facts.connection_error = true;
  facts.error = "connection refused by 127.0.0.1:11434";
  const AttemptFailure failure = classify(facts, AH_ERR_UNAVAILABLE);
  EXPECT_TRUE(failure.retryable);
  EXPECT_THAT(failure.message, HasSubstr("could not reach backend 'main': connection refused"));
}

TEST(BackendFailure, UnauthorizedNamesTheBackendAndKeepsTheProviderText) {
  const AttemptFailure failure = classify(http(401), AH_ERR_PERMISSION, "Incorrect API key provided");
  EXPECT_FALSE(failure.retryable);
  EXPECT_THAT(failure.message, HasSubstr("API key missing or rejected for backend 'main'"));
  EXPECT_THAT(failure.message, HasSubstr("Incorrect API key provided"));
}

TEST(BackendFailure, NotFoundNamesTheModel) {
  EXPECT_THAT(classify(http(404)).message, HasSubstr("model 'gpt-x' not found on backend 'main'"));
}

TEST(BackendFailure, BadRequestCarriesTheProviderText) {
  const AttemptFailure failure = classify(http(400), AH_ERR_INVALID_ARGUMENT, "messages: field required");
  EXPECT_THAT(failure.message, HasSubstr("HTTP 400"));
  EXPECT_THAT(failure.message, HasSubstr("messages: field required"));
}

TEST(BackendFailure, ReadsTheRequestedWait) {
  UpstreamFacts facts = http(429);
  facts.retry_after = "7";
  EXPECT_EQ(classify(facts).requested_wait, std::chrono::milliseconds(7000));
  facts.retry_after_ms = "250";
  EXPECT_EQ(classify(facts).requested_wait, std::chrono::milliseconds(250));
}

TEST(BackendFailure, WithoutAnExchangeThePluginStatusDecides) {
  EXPECT_TRUE(classify(std::nullopt, AH_ERR_UNAVAILABLE).retryable);
  EXPECT_TRUE(classify(std::nullopt, AH_ERR_RATE_LIMITED).retryable);
  EXPECT_FALSE(classify(std::nullopt, AH_ERR_INVALID_ARGUMENT).retryable);
  EXPECT_THAT(classify(std::nullopt, AH_ERR_PERMISSION).message,
              HasSubstr("API key missing or rejected for backend 'main'"));
}

TEST(BackendFailure, A200WithAnErrorEventIsJudgedByThePluginStatus) {
  // Anthropic reports overload mid-stream as an SSE error event on a 200 response.
  EXPECT_TRUE(classify(http(200), AH_ERR_UNAVAILABLE, "Overloaded").retryable);
  EXPECT_THAT(classify(http(200), AH_ERR_UPSTREAM).message, Not(HasSubstr("HTTP 200")));
}

} // namespace
} // namespace agenthost::runtime
