// The host-services table as plugins see it, driven through the test plugins' "services" and
// "raw_tool" components.
#include "config/egress.hpp"
#include "plugins/host_services.hpp"

#include "plugins/token_estimate.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::plugin_path;

class HostServicesTest : public ::testing::Test {
protected:
  HostServicesTest() {
    directory.add(testing::create_instance(catalog, fixture.services, "echo_backend", "demo", {}, &directory));
    services = testing::create_instance(catalog, fixture.services, "services", "svc", {}, &directory);
    // These tools reach 127.0.0.1:1 to see a refused connection; under a tool's default egress
    // policy (`public`) loopback would be refused before connecting (the egress tests cover that).
    fixture.services.egress().set("tool.svc", config::default_egress("backend"));
    fixture.services.egress().set("tool.t", config::default_egress("backend"));
  }

  std::string call(Instance& instance, const json::Value& arguments) {
    CollectingSink sink;
    const ah_status status = instance.invoke(sink, json::dump(arguments));
    EXPECT_EQ(status, AH_OK) << sink.error_message();
    return sink.result();
  }
  std::string call(const json::Value& arguments) { return call(*services, arguments); }

  PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good"), plugin_path("raw_calls")});
  testing::ServicesFixture fixture;
  testing::TestDirectory directory;
  std::unique_ptr<Instance> services;
};

TEST_F(HostServicesTest, TheTableDeclaresThisHostsAbi) {
  const ah_host_api* table = fixture.services.table();
  EXPECT_EQ(table->struct_size, sizeof(ah_host_api));
  EXPECT_EQ(table->abi_major, AGENTHOST_ABI_MAJOR);
  EXPECT_EQ(table->abi_minor, AGENTHOST_ABI_MINOR);
  EXPECT_NE(table->run_pipeline, nullptr);
}

TEST_F(HostServicesTest, CacheRoundTripsAndIsScopedToTheInstance) {
  EXPECT_EQ(call(json::Value::object({{"op", "cache_put"}, {"key", "k"}, {"value", "v1"}})), "stored");
  EXPECT_EQ(call(json::Value::object({{"op", "cache_get"}, {"key", "k"}})), "v1");
  EXPECT_EQ(call(json::Value::object({{"op", "cache_get"}, {"key", "other"}})), "<miss>");
  auto neighbour = testing::create_instance(catalog, fixture.services, "services", "other", {}, &directory);
  EXPECT_EQ(call(*neighbour, json::Value::object({{"op", "cache_get"}, {"key", "k"}})), "<miss>")
      << "another instance must not see this one's keys";
  EXPECT_EQ(fixture.cache.size(), 1u);
}

// An instance made outside a config (no registered cache settings) gets the services' default
// cache_ttl, as default and ceiling (cache_service_test.cpp covers registered settings).
TEST(HostServicesCache, EntriesWithoutATtlUseTheConfiguredDefault) {
  using namespace std::chrono_literals;
  TtlCache::Clock::time_point now = TtlCache::Clock::time_point() + 1h;
  testing::CapturedLog log;
  Logger logger(LogLevel::debug, log.sink());
  TtlCache cache({}, [&] { return now; });
  Metrics metrics;
  HostServices services(logger, cache, metrics, std::chrono::seconds(10));
  const PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good")});
  auto tool = testing::create_instance(catalog, services, "services", "svc");
  const auto run = [&](const char* arguments) {
    CollectingSink sink;
    EXPECT_EQ(tool->invoke(sink, arguments), AH_OK) << sink.error_message();
    return sink.result();
  };
  run(R"({"op":"cache_put","key":"default","value":"d","ttl":0})");
  run(R"({"op":"cache_put","key":"own","value":"o","ttl":60})");
  now += 9s;
  EXPECT_EQ(run(R"({"op":"cache_get","key":"default"})"), "d");
  now += 1s;
  EXPECT_EQ(run(R"({"op":"cache_get","key":"default"})"), "<miss>") << "the default TTL is 10 s";
  EXPECT_EQ(run(R"({"op":"cache_get","key":"own"})"), "<miss>") << "a plugin's 60 s is capped at the 10 s cache_ttl";
}

TEST_F(HostServicesTest, EstimatesAboutFourCharactersPerToken) {
  EXPECT_EQ(call(json::Value::object({{"op", "tokens"}, {"text", "abcdefgh"}})), "2");
  EXPECT_EQ(call(json::Value::object({{"op", "tokens"}, {"text", "abcdefghi"}})), "3");
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("ééééé"), 2) << "characters, not bytes";
}

TEST_F(HostServicesTest, LogLinesNameTheInstanceAndPlugin) {
  call(json::Value::object({{"op", "log"}, {"level", int(AH_LOG_WARN)}, {"message", "quota almost used"}}));
  const std::string line = fixture.log.containing("quota almost used");
  EXPECT_THAT(line, HasSubstr(R"("level":"warn")"));
  EXPECT_THAT(line, HasSubstr(R"("instance":"tool.svc")"));
  EXPECT_THAT(line, HasSubstr(R"("plugin":"good")"));
}

TEST_F(HostServicesTest, MetricsAreLabelledWithTheInstanceAndBadOnesAreLogged) {
  call(json::Value::object({{"op", "metric"}, {"kind", int(AH_METRIC_COUNTER)}, {"name", "searches"}, {"value", 2}}));
  call(json::Value::object({{"op", "metric"}, {"kind", int(AH_METRIC_COUNTER)}, {"name", "searches"}, {"value", 3}}));
  const auto all = fixture.metrics.snapshot();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "searches");
  EXPECT_EQ(all[0].instance, "tool.svc");
  EXPECT_EQ(all[0].value, 5);
  call(json::Value::object({{"op", "metric"}, {"kind", int(AH_METRIC_COUNTER)}, {"name", "9 bad"}, {"value", 1}}));
  call(json::Value::object({{"op", "metric"}, {"kind", 77}, {"name", "odd_kind"}, {"value", 1}}));
  EXPECT_THAT(fixture.log.containing("metric '9 bad' dropped"), HasSubstr("metric names are"));
  EXPECT_THAT(fixture.log.containing("metric 'odd_kind' dropped"), HasSubstr("unknown metric kind 77"));
  EXPECT_EQ(fixture.metrics.snapshot().size(), 1u);
}

TEST_F(HostServicesTest, CompletesWithAnotherBackendStreamingItsText) {
  EXPECT_EQ(call(json::Value::object({{"op", "complete"}, {"backend", "demo"}, {"text", "summarize this"}})),
            "text=summarize this");
}

TEST_F(HostServicesTest, CompletingWithAnUnknownBackendNamesTheConfiguredOnes) {
  EXPECT_EQ(call(json::Value::object({{"op", "complete"}, {"backend", "nope"}, {"text", "x"}})),
            "error 2: no backend instance named 'nope' is configured (configured backends: demo)");
}

TEST_F(HostServicesTest, AHandlerThatStopsEndsTheCompletionWithoutAnError) {
  EXPECT_EQ(call(json::Value::object(
                {{"op", "complete"}, {"backend", "demo"}, {"text", "one two three"}, {"stop_after", 1}})),
            "error 4: cancelled");
}

TEST_F(HostServicesTest, AFailingBackendReportsItsReasonThroughTheHandler) {
  EXPECT_EQ(call(json::Value::object({{"op", "complete"}, {"backend", "demo"}, {"bad_request", true}})),
            "error " + std::to_string(AH_ERR_INVALID_ARGUMENT) +
                ": backend 'demo': each message must be a JSON object");
}

TEST(CallSinkCancellation, ANestedCallFollowsItsParentAndWatchedFlags) {
  CollectingSink parent, child;
  std::atomic<bool> turn{false};
  child.follow(parent);
  parent.watch(turn);
  EXPECT_FALSE(child.cancelled());
  turn = true;
  EXPECT_TRUE(parent.cancelled());
  EXPECT_TRUE(child.cancelled()) << "through the parent's watched flag";
  CollectingSink other;
  other.follow(child);
  EXPECT_TRUE(other.cancelled());
  child.cancel();
  turn = false;
  EXPECT_FALSE(parent.cancelled()) << "cancelling a child leaves its parent alone";
}

TEST_F(HostServicesTest, AnHttpFailureReachesThePluginNamingTheHost) {
  EXPECT_THAT(call(json::Value::object({{"op", "http"}})),
              HasSubstr("error " + std::to_string(AH_ERR_UNAVAILABLE) + ": http://127.0.0.1:1 refused the connection"));
}

TEST_F(HostServicesTest, CancellationReachesAPluginThatPolls) {
  CollectingSink sink;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sink.cancel();
  });
  const ah_status status = services->invoke(sink, R"({"op":"wait_for_cancel"})");
  canceller.join();
  EXPECT_EQ(status, AH_ERR_CANCELLED);
  EXPECT_THAT(fixture.log.containing("saw the cancellation"), HasSubstr("tool.svc"));
}

TEST_F(HostServicesTest, NullAndTooSmallPluginStructsAreRefusedAndLogged) {
  auto raw = testing::create_instance(catalog, fixture.services, "raw_tool", "r", {}, &directory);
  CollectingSink sink;
  ASSERT_EQ(raw->invoke(sink, "bad_handlers"), AH_OK) << sink.error_message();
  const std::string report = sink.result();
  const std::string invalid = std::to_string(AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(report, HasSubstr("a=" + invalid + " ")) << "no handler at all";
  // struct_size 0: the handler has no members the host may call, so the request is refused
  // (a silent AH_OK or NOT_FOUND would hide the plugin's bug) and on_error stays silent.
  EXPECT_THAT(report, HasSubstr("b=" + invalid + " b_events=0 b_errors=0"));
  EXPECT_THAT(report, HasSubstr("c=" + invalid + " c_errors=1 c_msg=http_request needs a handler with on_body"));
  EXPECT_THAT(report, HasSubstr("d=" + invalid)) << "run_pipeline without a handler has nowhere to put the text";
  EXPECT_THAT(report, HasSubstr("e1=0 e2=0 writes=0")) << "a cache hit cannot be written to a missing sink";
  EXPECT_THAT(report, HasSubstr("f=" + invalid));
  EXPECT_THAT(report, HasSubstr("g=" + invalid)) << "an HTTP handler without on_body";
  EXPECT_THAT(fixture.log.containing("complete_with_backend refused"),
              AllOf(HasSubstr("ah_event_handler has struct_size 0"), HasSubstr("tool.r")));
  EXPECT_THAT(fixture.log.containing("cache_get refused"), HasSubstr("ah_byte_sink has struct_size 0"));
  EXPECT_THAT(fixture.log.containing("http_request refused"), HasSubstr("ah_http_response_handler has struct_size"));
}

TEST_F(HostServicesTest, AThrowingOnErrorIsCalledOnceAndItsExceptionStaysInTheHost) {
  const PluginCatalog throwing = PluginCatalog::from_files({plugin_path("throwing_handlers")});
  auto tool = testing::create_instance(throwing, fixture.services, "throwing_handlers", "t", {}, &directory);
  CollectingSink sink;
  ASSERT_EQ(tool->invoke(sink, "{}"), AH_OK) << sink.error_message();
  EXPECT_EQ(sink.result(), "complete_with_backend: status=" + std::to_string(AH_ERR_NOT_FOUND) +
                               " errors=1 escaped=0\n"
                               "http_request: status=" +
                               std::to_string(AH_ERR_UNAVAILABLE) +
                               " errors=1 escaped=0\n"
                               "run_pipeline: status=" +
                               std::to_string(AH_ERR_UNAVAILABLE) + " errors=1 escaped=0\n"); // no pipelines set up
}

class CompletionLoopTest : public ::testing::Test {
protected:
  CompletionLoopTest() {
    for (const char* name : {"a", "b", "c"})
      directory.add(testing::create_instance(catalog, fixture.services, "loop_backend", name, {}, &directory));
  }
  ah_status chat(const char* from, const char* chain, CollectingSink& sink) {
    return directory.find(ComponentKind::backend, from)->chat(sink, chain);
  }

  PluginCatalog catalog = PluginCatalog::from_files({plugin_path("completion_loop")});
  testing::ServicesFixture fixture;
  testing::TestDirectory directory;
};

TEST_F(CompletionLoopTest, AChainWithoutRepeatsCompletes) {
  CollectingSink sink;
  ASSERT_EQ(chat("a", "b,c", sink), AH_OK) << sink.error_message();
  EXPECT_EQ(sink.text(), "end");
}

TEST_F(CompletionLoopTest, ReturningToABackendOnTheChainIsRefusedNotDeadlocked) {
  CollectingSink sink;
  EXPECT_EQ(chat("a", "b,a", sink), AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(sink.error_message(), HasSubstr("completion loop: backend 'a' -> 'b' -> 'a'"));
  CollectingSink longer;
  EXPECT_EQ(chat("a", "b,c,b", longer), AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(longer.error_message(), HasSubstr("completion loop: backend 'b' -> 'c' -> 'b'"));
  CollectingSink again;
  EXPECT_EQ(chat("a", "b", again), AH_OK) << "the refused loop left no backend locked: " << again.error_message();
}

} // namespace
} // namespace agenthost::plugins
