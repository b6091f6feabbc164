// GET /api/v1/jobs/{id} over a real store and a real server on loopback, on both engines.
// The route is registered here directly (register_job_routes), next to nothing else, so this
// test does not depend on api_routes.cpp wiring it.
#include "http/api/job_routes.hpp"

#include "common/logger.hpp"
#include "http/http_server.hpp"
#include "http/router.hpp"
#include "http/tests/api/api_test_support.hpp"
#include "queue/job_store.hpp"

#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace agenthost::queue {
namespace {

using http::testing::ApiTestServer;

struct Answer {
  int status = 0;
  json::Value body;
};

class JobRoutesTest : public ::testing::TestWithParam<store::Engine> {
protected:
  JobRoutesTest() {
    http::Router router;
    // The context belongs to `api`; the route only borrows it.
    http::register_job_routes(router, std::shared_ptr<http::ApiContext>(std::shared_ptr<void>(), &api.context()));
    http::HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    server = std::make_unique<http::HttpServer>(options, std::move(router),
                                                std::make_shared<Logger>(LogLevel::error, [](std::string_view) {}));
    server->start();
  }
  ~JobRoutesTest() override { server->stop(std::chrono::seconds(5)); }

  Answer get(const std::string& path, const std::string& token) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    return Answer{static_cast<int>(response.getStatus()), json::parse(body)};
  }

  ApiTestServer api{GetParam()};
  JobStore jobs{api.database()};
  std::unique_ptr<http::HttpServer> server;
};

TEST_P(JobRoutesTest, ShowsAJobToItsOwner) {
  JobSpec spec;
  spec.type = "turn";
  spec.owner_id = api.bob.id;
  spec.conversation_id = "cnv_1";
  const JobRecord queued = jobs.enqueue(spec);
  const Answer answer = get("/api/v1/jobs/" + queued.id, api.bob_token);
  ASSERT_EQ(answer.status, 200) << json::dump(answer.body);
  const json::Value& job = answer.body;
  EXPECT_EQ(job["id"].as_string(), queued.id);
  EXPECT_EQ(job["type"].as_string(), "turn");
  EXPECT_EQ(job["queue"].as_string(), "default");
  EXPECT_EQ(job["state"].as_string(), "queued");
  EXPECT_EQ(job["attempts"].as_int(), 0);
  EXPECT_EQ(job["max_attempts"].as_int(), 1);
  EXPECT_TRUE(job["error"].is_null());
  EXPECT_TRUE(job["result"].is_null());
  EXPECT_EQ(job["conversation_id"].as_string(), "cnv_1");
  EXPECT_TRUE(job["created_at"].is_string());
  EXPECT_TRUE(job["started_at"].is_null());
  EXPECT_FALSE(job.contains("payload"));
}

TEST_P(JobRoutesTest, ShowsResultProgressAndErrorAsJson) {
  JobSpec spec;
  spec.type = "work";
  spec.owner_id = api.bob.id;
  const JobRecord a = jobs.enqueue(spec);
  const ClaimRequest claim{"w", {"default"}, {"work"}, 30000, 60};
  jobs.claim(claim);
  jobs.write_progress(a.id, R"({"step":3})");
  jobs.succeed(a.id, "w", R"({"answer":42})");
  Answer answer = get("/api/v1/jobs/" + a.id, api.bob_token);
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body["state"].as_string(), "succeeded");
  EXPECT_EQ(answer.body["result"]["answer"].as_int(), 42);
  EXPECT_EQ(answer.body["progress"]["step"].as_int(), 3);
  EXPECT_EQ(answer.body["timeout_seconds"].as_int(), 60);
  EXPECT_TRUE(answer.body["finished_at"].is_string());

  const JobRecord b = jobs.enqueue(spec);
  jobs.claim(claim);
  jobs.fail(b.id, "w", "timeout", "ran longer than its timeout of 60 s");
  answer = get("/api/v1/jobs/" + b.id, api.bob_token);
  EXPECT_EQ(answer.body["error"]["type"].as_string(), "timeout");
  EXPECT_EQ(answer.body["error"]["message"].as_string(), "ran longer than its timeout of 60 s");
}

TEST_P(JobRoutesTest, OtherUsersSystemAndMissingJobsAre404AndAnonymousIs401) {
  JobSpec spec;
  spec.type = "turn";
  spec.owner_id = api.bob.id;
  const JobRecord bobs = jobs.enqueue(spec);
  JobSpec system;
  system.type = "events.cleanup";
  system.queue = "low";
  const JobRecord cleanup = jobs.enqueue(system);
  EXPECT_EQ(get("/api/v1/jobs/" + bobs.id, api.alice_token).status, 404); // even for an admin
  EXPECT_EQ(get("/api/v1/jobs/" + cleanup.id, api.bob_token).status, 404);
  const Answer missing = get("/api/v1/jobs/job_missing", api.bob_token);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["error"]["type"].as_string(), "not_found");
  EXPECT_EQ(get("/api/v1/jobs/" + bobs.id, "").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines, JobRoutesTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::queue
