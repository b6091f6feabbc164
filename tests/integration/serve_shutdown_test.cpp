// `agenthost serve` stops gracefully on SIGTERM and on SIGINT: exit status 0 within the grace
// period, a JSON log with one "http request" line per request served.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "http_exchange.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"
#include "scratch_dir.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

// The default [server] shutdown_grace_seconds.
constexpr std::chrono::seconds grace_period(10);

struct Request {
  std::string method;
  std::string path;
  int status;
};

class GracefulShutdown : public ::testing::TestWithParam<int> {};

TEST_P(GracefulShutdown, ExitsZeroAndLogsEveryRequestAsJson) {
  const int signal_number = GetParam();
  const std::string signal_name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
  ScratchDir data_dir;
  ProcessOptions options;
  options.working_dir = source_dir();
  const std::unique_ptr<ChildProcess> host =
      start_serve({"--listen", "127.0.0.1:0", "--data-dir", data_dir.path()}, options);
  const std::optional<int> port = wait_until_listening(*host);
  ASSERT_TRUE(port) << host->stderr_text();

  const std::vector<Request> requests = {
      {"GET", "/health", 200}, {"GET", "/api/v1/plugins", 200}, {"GET", "/missing", 404}, {"POST", "/health", 405}};
  // All on one keep-alive connection, which stays open (idle) while the host shuts down: an
  // idle connection is not a request in flight and must not hold the shutdown up.
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(*port));
  session.setTimeout(Poco::Timespan(10, 0));
  const std::optional<std::string> token = admin_token_in(data_dir.path());
  ASSERT_TRUE(token) << host->stderr_text();
  for (const Request& request : requests)
    ASSERT_EQ(exchange(session, request.method, request.path, {{"Authorization", "Bearer " + *token}}).status,
              request.status)
        << request.path;

  host->send_signal(signal_number);
  const std::optional<int> status = host->wait_for_exit(grace_period + std::chrono::seconds(2));
  ASSERT_TRUE(status) << signal_name << " did not stop the host within the grace period\n" << host->stderr_text();
  EXPECT_EQ(*status, 0) << host->stderr_text();

  const JsonLog log = parse_json_log(host->stderr_text());
  EXPECT_THAT(log.other_lines, ::testing::IsEmpty()) << "every stderr line is a JSON object";
  for (const json::Value& record : log.records) {
    EXPECT_TRUE(record["ts"].is_string()) << json::dump(record);
    EXPECT_TRUE(record["level"].is_string()) << json::dump(record);
    EXPECT_TRUE(record["msg"].is_string()) << json::dump(record);
  }

  // One line per request. Lines are written as requests complete; should the client have to
  // reconnect under load, two connections' lines may interleave, so match them without order.
  const std::vector<json::Value> served = log.with_message("http request");
  ASSERT_EQ(served.size(), requests.size()) << host->stderr_text();
  std::vector<std::string> expected, logged;
  for (const Request& request : requests)
    expected.push_back(request.method + " " + request.path + " " + std::to_string(request.status));
  for (const json::Value& line : served) {
    logged.push_back(text_of(line["method"]) + " " + text_of(line["path"]) + " " + text_of(line["status"]));
    EXPECT_TRUE(line["duration_ms"].is_number()) << json::dump(line);
    EXPECT_FALSE(text_of(line["request_id"]).empty()) << json::dump(line);
  }
  EXPECT_THAT(logged, ::testing::UnorderedElementsAreArray(expected)) << host->stderr_text();

  const std::vector<json::Value> shutting_down = log.with_message("shutting down");
  ASSERT_EQ(shutting_down.size(), 1u) << host->stderr_text();
  EXPECT_EQ(text_of(shutting_down[0]["signal"]), signal_name);
  EXPECT_EQ(log.with_message("stopped").size(), 1u) << host->stderr_text();
  EXPECT_THAT(host->stderr_text(), ::testing::Not(HasSubstr("cut off"))) << "nothing was in flight";

  // Stopped means stopped: nothing accepts connections on that port any more.
  EXPECT_THROW(exchange(*port, "GET", "/health"), Poco::Exception);
}

INSTANTIATE_TEST_SUITE_P(Signals, GracefulShutdown, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SIGINT ? "SIGINT" : "SIGTERM");
                         });

} // namespace
} // namespace agenthost::integration
