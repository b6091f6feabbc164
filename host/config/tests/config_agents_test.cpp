// [agent.NAME] sections and their references to backends, tools and strategies.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using testing::errors_of;
using testing::load;

const std::string instances = "[backend.main]\nplugin = openai\n"           // 1-2
                              "[tool.calculator]\nplugin = calculator\n"    // 3-4
                              "[tool.clock]\nplugin = clock\n"              // 5-6
                              "[strategy.window]\nplugin = sliding_window\n" // 7-8
                              "[strategy.summary]\nplugin = summarize\n";    // 9-10

TEST(AgentSection, ReadsEveryKey) {
  const LoadResult r = load(instances + "[agent.helper]\n"              // 11
                                        "backend = main\n"              // 12
                                        "model = gpt-4o-mini\n"         // 13
                                        "tools = clock, calculator\n"   // 14
                                        "strategy = summary, window\n"  // 15
                                        "system_prompt = First.\n"      // 16
                                        "temperature = 0.2\n"           // 17
                                        "system_prompt = Second; with a semicolon.\n"
                                        "max_tokens = 512\n"
                                        "top_p = 0.9\n"
                                        "system_prompt = Third.\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  ASSERT_EQ(r.config.agents.size(), 1u);
  const AgentConfig& a = r.config.agents[0];
  EXPECT_EQ(a.name, "helper");
  EXPECT_EQ(a.line, 11);
  EXPECT_EQ(a.backend, "main");
  EXPECT_EQ(a.model, "gpt-4o-mini");
  EXPECT_THAT(a.tools, ElementsAre("clock", "calculator"));
  EXPECT_THAT(a.strategy, ElementsAre("summary", "window")); // a chain: order kept
  EXPECT_THAT(a.system_prompts, ElementsAre("First.", "Second; with a semicolon.", "Third."));
  EXPECT_THAT(a.params, ElementsAre(Pair("max_tokens", 512.0), Pair("temperature", 0.2), Pair("top_p", 0.9)));
}

TEST(AgentSection, EmptyPromptFromAnUnsetOptionalVariableIsLeftOut) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\nsystem_prompt = ${EXTRA:-}\n"
                                        "system_prompt = Base.\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_THAT(r.config.agents[0].system_prompts, ElementsAre("Base."));
}

TEST(AgentSection, BackendAndModelAreRequired) {
  const LoadResult r = load(instances + "[agent.a]\ntools = clock\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(), "test.conf:11: [agent.a] missing required key 'backend'");
  EXPECT_EQ(r.errors[1].format(), "test.conf:11: [agent.a] missing required key 'model'");
}

TEST(AgentSection, UnknownBackendIsReportedAtItsKeyWithSuggestion) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = mian\nmodel = m\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:12: [agent.a] backend: no [backend.mian] section is defined; did you mean 'main'? "
            "(defined: main)");
  EXPECT_EQ(r.config.agents[0].backend, "");
}

TEST(AgentSection, UnknownToolsAndStrategiesAreEachReported) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\n"
                                        "tools = calculater, clock, web_search\n"
                                        "strategy = window, sumary\n");
  ASSERT_EQ(r.errors.size(), 3u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:14: [agent.a] tools: no [tool.calculater] section is defined; did you mean 'calculator'? "
            "(defined: calculator, clock)");
  EXPECT_EQ(r.errors[1].format(),
            "test.conf:14: [agent.a] tools: no [tool.web_search] section is defined (defined: calculator, clock)");
  EXPECT_THAT(r.errors[2].format(),
              HasSubstr("test.conf:15: [agent.a] strategy: no [strategy.sumary] section is defined; did you mean "
                        "'summary'?"));
  EXPECT_THAT(r.config.agents[0].tools, ElementsAre("clock"));
}

TEST(AgentSection, ReferenceWhenNoSectionsOfThatKindExist) {
  const LoadResult r = load("[backend.b]\nplugin = p\n[agent.a]\nbackend = b\nmodel = m\nstrategy = window\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].message, HasSubstr("no strategy sections exist yet"));
}

TEST(AgentSection, ReferencesMayPointToSectionsLaterInTheFile) {
  const LoadResult r = load("[agent.a]\nbackend = b\nmodel = m\ntools = t\n[backend.b]\nplugin = p\n"
                            "[tool.t]\nplugin = q\n");
  EXPECT_THAT(r.errors, IsEmpty()) << errors_of(r);
}

TEST(AgentSection, ABrokenBackendSectionStillCountsAsDeclared) {
  // The missing plugin is the one mistake; the agent's reference to it is not a second one.
  const LoadResult r = load("[backend.b]\n[agent.a]\nbackend = b\nmodel = m\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].message, HasSubstr("missing required key 'plugin'"));
}

TEST(AgentSection, ParamsAreRangeChecked) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\ntemperature = 3\ntop_p = -0.1\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:14: [agent.a] temperature: out of range: expected a number from 0 to 2 (got '3')");
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:15: [agent.a] top_p: out of range"));
  EXPECT_THAT(r.config.agents[0].params, IsEmpty());
}

TEST(AgentSection, UnknownKeysAreErrorsWithSuggestion) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\ntool = clock\nsystem_prompts = x\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:14: [agent.a] tool: unknown key; did you mean 'tools'?"));
  EXPECT_THAT(r.errors[1].format(),
              HasSubstr("test.conf:15: [agent.a] system_prompts: unknown key; did you mean 'system_prompt'?"));
  EXPECT_THAT(r.errors[1].message, HasSubstr("(known keys: backend, model, tools, strategy, system_prompt"));
}

TEST(AgentSection, DuplicateKeysAreErrorsButSystemPromptMayRepeat) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\nmodel = n\n"
                                        "system_prompt = a\nsystem_prompt = b\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(), "test.conf:14: [agent.a] model: duplicate key (first set on line 13); keep only one");
  EXPECT_EQ(r.config.agents[0].model, "m");
  EXPECT_THAT(r.config.agents[0].system_prompts, ElementsAre("a", "b"));
}

TEST(AgentSection, ListsWithRepeatedToolsAreRejected) {
  const LoadResult r = load(instances + "[agent.a]\nbackend = main\nmodel = m\ntools = clock, clock\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("14: [agent.a] tools: an item is listed twice (got 'clock, clock')"));
}

} // namespace
} // namespace agenthost::config
