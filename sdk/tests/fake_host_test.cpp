// FakeHost (testing.hpp) must treat a plugin the way the host does: the same descriptor checks,
// no calls through another kind's table, per-instance cache keys, no destroy after a failed
// create, and safe recording when a thread-safe component emits from several threads.
#include "agenthost/sdk.hpp"
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using agenthost::testing::FakeHost;

// ------------------------------------------------------------ a hand-written (C-style) plugin

std::atomic<int> g_strategy_applies{0};
std::atomic<int> g_destroys{0};
ah_status g_create_status = AH_OK;

ah_status create_fn(const ah_host_api* host, ah_instance*, ah_str, ah_call* call, void** out_self) {
  static int object = 0;
  *out_self = &object; // set even when failing: the fake host must still not destroy it
  if (g_create_status != AH_OK) host->set_error(call, g_create_status, agenthost::to_ah("refused"));
  return g_create_status;
}
void destroy_fn(void*) { ++g_destroys; }
ah_status strategy_apply(void*, ah_call*, ah_str) {
  ++g_strategy_applies;
  return AH_OK;
}
ah_status backend_chat(void*, ah_call*, ah_str) { return AH_OK; }

const char* const kSchema = R"({"type":"object","properties":{}})";

ah_strategy_api g_strategy_api{sizeof(ah_strategy_api), 0, &strategy_apply};
ah_backend_api g_backend_api{sizeof(ah_backend_api), 0, &backend_chat, nullptr, nullptr, nullptr};

ah_component g_strategy{};
ah_component g_backend{};
const ah_component* g_components[2] = {&g_strategy, &g_backend};
ah_plugin_descriptor g_descriptor{};

const ah_plugin_descriptor* hand_written_entry() { return &g_descriptor; }

class HandWrittenPlugin : public ::testing::Test {
protected:
  void SetUp() override {
    g_strategy_applies = 0;
    g_destroys = 0;
    g_create_status = AH_OK;
    g_strategy = {sizeof(ah_component), AH_KIND_STRATEGY, "condense", "", kSchema, 0, 0, &create_fn, &destroy_fn,
                  &g_strategy_api};
    g_backend = {sizeof(ah_component), AH_KIND_BACKEND, "bare_backend", "", kSchema, 0, 0, &create_fn, &destroy_fn,
                 &g_backend_api};
    g_descriptor = {sizeof(ah_plugin_descriptor), AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR, "hand", "1.0", "", 2,
                    g_components};
  }

  // The message use() refuses the current descriptor with ("" when accepted).
  std::string refusal() {
    try {
      host.use(&hand_written_entry);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return {};
  }

  FakeHost host;
};

TEST_F(HandWrittenPlugin, AcceptsAValidDescriptor) { EXPECT_EQ(refusal(), ""); }

TEST_F(HandWrittenPlugin, RefusesAnInvalidTypeName) {
  g_strategy.type_name = "Bad-Name";
  EXPECT_NE(refusal().find("invalid type name 'Bad-Name'"), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, RefusesASettingsSchemaThatIsNotJson) {
  g_strategy.settings_schema = "{not json";
  EXPECT_NE(refusal().find("component 'condense': settings schema is not valid JSON"), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, RefusesASettingsSchemaCheckSchemaRejects) {
  g_strategy.settings_schema = R"({"type":"array"})";
  EXPECT_NE(refusal().find("settings schema rejected"), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, RefusesMissingCreateDestroyOrApi) {
  g_strategy.create = nullptr;
  EXPECT_NE(refusal().find("create, destroy and api are required"), std::string::npos) << refusal();
  SetUp();
  g_strategy.destroy = nullptr;
  EXPECT_NE(refusal().find("create, destroy and api are required"), std::string::npos) << refusal();
  SetUp();
  g_backend.api = nullptr;
  EXPECT_NE(refusal().find("create, destroy and api are required"), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, RefusesANewerAbiMinor) {
  g_descriptor.abi_minor = AGENTHOST_ABI_MINOR + 1;
  EXPECT_NE(refusal().find("needs ABI 1." + std::to_string(AGENTHOST_ABI_MINOR + 1)), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, RefusesAComponentSmallerThanAbi10) {
  g_backend.struct_size = offsetof(ah_component, api); // lacks the api member
  EXPECT_NE(refusal().find("component 2: struct_size"), std::string::npos) << refusal();
}

TEST_F(HandWrittenPlugin, ReadsLargerStructSizesAsAtLeastTheKnownSize) {
  // A plugin from a newer minor (with the same major) declares bigger structs; only the known
  // prefix is read, so the declared size is not an error by itself.
  g_descriptor.struct_size = sizeof(ah_plugin_descriptor) + 16;
  EXPECT_EQ(refusal(), "");
  // Like the host's copy: the bytes kept, never more than this SDK knows.
  EXPECT_EQ(host.descriptor().struct_size, sizeof(ah_plugin_descriptor));
  EXPECT_EQ(host.descriptor().component_count, 2u);
}

TEST_F(HandWrittenPlugin, DescribeOnAStrategyIsUnsupportedAndNeverCallsApply) {
  host.use(&hand_written_entry);
  auto strategy = host.create("condense");
  const auto r = strategy.describe();
  EXPECT_EQ(r.status, AH_ERR_UNSUPPORTED);
  EXPECT_NE(r.error.find("'condense' is a strategy, not a tool: it has no describe operation"), std::string::npos)
      << r.error;
  EXPECT_EQ(g_strategy_applies.load(), 0) << "describe() went through the strategy's apply";
  EXPECT_EQ(strategy.invoke("{}").status, AH_ERR_UNSUPPORTED);
  EXPECT_EQ(strategy.clean("x").status, AH_ERR_UNSUPPORTED);
  EXPECT_EQ(strategy.chat_json("{}").status, AH_ERR_UNSUPPORTED);
  EXPECT_TRUE(strategy.apply("{}").ok());
  EXPECT_EQ(g_strategy_applies.load(), 1);
}

TEST_F(HandWrittenPlugin, ANullFunctionInTheTableIsUnsupported) {
  host.use(&hand_written_entry);
  auto backend = host.create("bare_backend");
  const auto r = backend.list_models();
  EXPECT_EQ(r.status, AH_ERR_UNSUPPORTED);
  EXPECT_EQ(r.error, "'bare_backend''s function table has no list_models function");
  EXPECT_EQ(backend.pull_model("m").status, AH_ERR_UNSUPPORTED);
  EXPECT_EQ(backend.describe().status, AH_ERR_UNSUPPORTED);
  EXPECT_TRUE(backend.chat_json("{}").ok());
}

TEST_F(HandWrittenPlugin, AFailedCreateIsNotDestroyed) {
  host.use(&hand_written_entry);
  g_create_status = AH_ERR_INVALID_ARGUMENT;
  EXPECT_THROW(host.create("condense"), std::runtime_error);
  EXPECT_EQ(g_destroys.load(), 0);
  g_create_status = AH_OK;
  { auto ok = host.create("condense"); }
  EXPECT_EQ(g_destroys.load(), 1);
}

// ------------------------------------------------------------------ SDK-built components

// Emits from several threads of one call, as a thread-safe component may.
struct Fanout : agenthost::Tool {
  static constexpr const char* type_name = "fanout";
  static constexpr bool thread_safe = true;
  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  agenthost::ToolOutput invoke(agenthost::Call& call, const agenthost::json::Value&) override {
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&call] {
        for (int i = 0; i < 2000; ++i) call.text("x");
      });
    for (auto& t : threads) t.join();
    return "done";
  }
};

// Throws a CallError carrying status OK, and reports an error with status OK.
struct OkErrors : agenthost::Tool {
  static constexpr const char* type_name = "ok_errors";
  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  agenthost::ToolOutput invoke(agenthost::Call& call, const agenthost::json::Value& args) override {
    if (args.find("set_error")) {
      call.host()->set_error(call.handle(), AH_OK, agenthost::to_ah("said OK"));
      return "result";
    }
    throw agenthost::CallError(AH_OK, "thrown with OK");
  }
};

// Keeps one value per instance in the cache.
struct Remember : agenthost::Tool {
  static constexpr const char* type_name = "remember";
  explicit Remember(const agenthost::Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  agenthost::ToolOutput invoke(agenthost::Call&, const agenthost::json::Value& args) override {
    if (const auto* v = args.find("put")) host_.cache_put("k", v->as_string());
    return host_.cache_get("k").value_or("(miss)");
  }
  agenthost::HostServices host_;
};

// Answers the host's token estimate for {"text": ..., "model": ...}.
struct Estimate : agenthost::Tool {
  static constexpr const char* type_name = "estimate";
  explicit Estimate(const agenthost::Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  agenthost::ToolOutput invoke(agenthost::Call&, const agenthost::json::Value& args) override {
    return std::to_string(host_.estimate_tokens(args["text"].as_string(), args["model"].as_string()));
  }
  agenthost::HostServices host_;
};

const ah_plugin_descriptor* sdk_entry() {
  return agenthost::detail::descriptor<Fanout, OkErrors, Remember, Estimate>("sdk_test", "1.0", "");
}

TEST(FakeHostSdk, RecordsEveryEventWhenEmittedFromManyThreads) {
  FakeHost host;
  host.use(&sdk_entry);
  auto fanout = host.create("fanout");
  for (int round = 0; round < 5; ++round) {
    const auto r = fanout.invoke("{}");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.text(), std::string(8 * 2000, 'x'));
    EXPECT_EQ(r.result(), "done");
  }
}

TEST(FakeHostSdk, ACallErrorWithStatusOkBecomesInternal) {
  FakeHost host;
  host.use(&sdk_entry);
  auto tool = host.create("ok_errors");
  const auto r = tool.invoke("{}");
  EXPECT_EQ(r.status, AH_ERR_INTERNAL);
  EXPECT_EQ(r.error_status, AH_ERR_INTERNAL);
  EXPECT_EQ(r.error, "thrown with OK");
}

TEST(FakeHostSdk, SetErrorWithStatusOkIsRecordedAsInternal) {
  FakeHost host;
  host.use(&sdk_entry);
  auto tool = host.create("ok_errors");
  const auto r = tool.invoke(R"({"set_error":true})");
  EXPECT_EQ(r.error_status, AH_ERR_INTERNAL);
  EXPECT_EQ(r.error, "said OK");
}

TEST(FakeHostSdk, CacheKeysAreScopedPerInstance) {
  FakeHost host;
  host.use(&sdk_entry);
  auto first = host.create("remember");
  auto second = host.create("remember");
  EXPECT_EQ(first.invoke(R"({"put":"one"})").result(), "one");
  EXPECT_EQ(second.invoke("{}").result(), "(miss)") << "the second instance read the first one's key";
  EXPECT_EQ(second.invoke(R"({"put":"two"})").result(), "two");
  EXPECT_EQ(first.invoke("{}").result(), "one");
  EXPECT_EQ(host.cache.size(), 2u);
}

TEST(FakeHostSdk, TokenEstimatesAreFourBytesPerTokenUnlessProgrammed) {
  FakeHost host;
  host.use(&sdk_entry);
  auto tool = host.create("estimate");
  EXPECT_EQ(tool.invoke(R"({"text":"hello","model":"m1"})").result(), "2") << "(5 + 3) / 4";
  std::vector<std::pair<std::string, std::string>> seen;
  host.estimate = [&seen](std::string_view text, std::string_view model) {
    seen.emplace_back(text, model);
    return static_cast<int64_t>(text.size()) * 10;
  };
  EXPECT_EQ(tool.invoke(R"({"text":"hello","model":"m1"})").result(), "50");
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{{"hello", "m1"}}))
      << "the text and the model reach the programmed estimate, in that order";
}

} // namespace
