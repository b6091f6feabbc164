// Cross-cutting error behaviour: unknown sections and keys, duplicates, env interpolation in
// loaded values, and many errors reported together in file order.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::errors_of;
using testing::load;

TEST(ConfigErrorFormat, LeavesOutEmptyParts) {
  EXPECT_EQ((ConfigError{"a.conf", 3, "server", "threads", "bad"}).format(), "a.conf:3: [server] threads: bad");
  EXPECT_EQ((ConfigError{"a.conf", 3, "server", "", "bad"}).format(), "a.conf:3: [server] bad");
  EXPECT_EQ((ConfigError{"a.conf", 3, "", "", "bad"}).format(), "a.conf:3: bad");
  EXPECT_EQ((ConfigError{"a.conf", 0, "", "", "bad"}).format(), "a.conf: bad");
}

TEST(UnknownSections, ListTheKnownKindsAndSuggest) {
  const LoadResult r = load("[sever]\nlisten = x\n[agents.a]\nbackend = b\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:1: [sever] unknown section kind 'sever'; did you mean 'server'? (known sections: [server], "
            "[store], [plugins], [queue], [events], [runtime], [pool.NAME], [backend.NAME], [tool.NAME], [strategy.NAME], [pipeline.NAME], "
            "[agent.NAME], [documents], [cleaning.NAME])");
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:3: [agents.a] unknown section kind 'agents'; did you mean "
                                              "'agent'?"));
}

TEST(UnknownSections, FixedSectionsTakeNoName) {
  const LoadResult r = load("[server.main]\nlisten = 1.2.3.4:5\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(), "test.conf:1: [server.main] [server] takes no name; write [server]");
  EXPECT_EQ(r.config.server.listen.port, 8080);
}

TEST(UnknownKeys, InFixedSectionsSuggestTheClosestKey) {
  const LoadResult r = load("[server]\nlistn = 0.0.0.0:1\nthread = 2\nport = 80\n[store]\nuri = sqlite:x\n");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:2: [server] listn: unknown key; did you mean 'listen'? (known keys: listen, threads, "
            "max_queued, shutdown_grace_seconds, max_body, debug_queries)");
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:3: [server] thread: unknown key; did you mean 'threads'?"));
  EXPECT_THAT(r.errors[2].format(), HasSubstr("test.conf:4: [server] port: unknown key (known keys:"));
  EXPECT_THAT(r.errors[3].format(), HasSubstr("test.conf:6: [store] uri: unknown key; did you mean 'url'?"));
}

TEST(DuplicateKeys, AreErrorsInEverySectionKind) {
  const LoadResult r = load("[server]\nthreads = 2\nthreads = 3\n"
                            "[backend.b]\nplugin = p\nbase_url = x\nbase_url = y\n"
                            "[pool.p]\nqueues = high,default,low\nworkers = 1\nworkers = 2\n");
  ASSERT_EQ(r.errors.size(), 3u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(), "test.conf:3: [server] threads: duplicate key (first set on line 2); keep only one");
  EXPECT_EQ(r.errors[1].format(),
            "test.conf:7: [backend.b] base_url: duplicate key (first set on line 6); keep only one");
  EXPECT_EQ(r.errors[2].line, 11);
  EXPECT_EQ(r.config.server.threads, 2); // the first occurrence is used
}

TEST(DuplicateSections, AreErrors) {
  const LoadResult r = load("[tool.t]\nplugin = a\n[tool.t]\nplugin = b\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:3: section [tool.t] is already defined on line 1; put all its keys in one section");
  ASSERT_EQ(r.config.tools.size(), 1u);
  EXPECT_EQ(r.config.tools[0].plugin, "a");
}

TEST(EnvInterpolation, AppliesToLoadedValues) {
  const LoadResult r = load("[server]\nlisten = ${HOST:-0.0.0.0}:${PORT}\n"
                            "[backend.b]\nplugin = openai\napi_key = ${OPENAI_API_KEY}\nliteral = $${NOT_EXPANDED}\n",
                            {{"PORT", "9000"}, {"OPENAI_API_KEY", "sk-abc"}});
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.server.listen.to_string(), "0.0.0.0:9000");
  EXPECT_EQ(r.config.backends[0].settings[0].value, "sk-abc");
  EXPECT_EQ(r.config.backends[0].settings[1].value, "${NOT_EXPANDED}");
}

TEST(EnvInterpolation, MissingVariableNamesFileLineKeyAndVariableOnce) {
  const LoadResult r = load("[server]\nthreads = ${THREADS}\n"
                            "[backend.b]\nplugin = openai\napi_key = ${OPENAI_API_KEY}\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r); // no second "not an integer" error for line 2
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:2: [server] threads: environment variable THREADS is not set; set it, or write "
            "${THREADS:-default} to fall back to a default");
  EXPECT_THAT(r.errors[1].format(),
              HasSubstr("test.conf:5: [backend.b] api_key: environment variable OPENAI_API_KEY is not set"));
  EXPECT_EQ(r.config.server.threads, 64);
  EXPECT_THAT(r.config.backends[0].settings, IsEmpty()); // the uninterpolated text is not kept
}

TEST(EnvInterpolation, InterpolatedValuesAreValidatedLikeWrittenOnes) {
  const LoadResult r = load("[server]\nthreads = ${THREADS}\n", {{"THREADS", "many"}});
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:2: [server] threads: expected an integer"));
  EXPECT_THAT(r.errors[0].format(), HasSubstr("(got 'many')"));
}

TEST(EnvInterpolation, CommentsAreStrippedBeforeInterpolation) {
  // A ';' inside a variable's value is data, not a comment.
  const LoadResult r = load("[backend.b]\nplugin = p\nheader = ${H} ; comment\n", {{"H", "a ; b"}});
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.backends[0].settings[0].value, "a ; b");
}

TEST(ManyErrors, AreAllReportedInFileOrder) {
  const LoadResult r = load("stray = 1\n"                        // 1: key before section
                            "[server]\n"                         // 2
                            "threads = none\n"                   // 3: bad integer
                            "listen = localhost\n"               // 4: no port
                            "garbage line\n"                     // 5: malformed
                            "[widget.x]\n"                       // 6: unknown kind
                            "a = 1\n"                            // 7: (skipped with its section)
                            "[backend.b]\n"                      // 8: missing plugin
                            "key = ${MISSING}\n"                 // 9: missing variable
                            "[agent.a]\n"                        // 10
                            "backend = nope\n"                   // 11: unknown backend
                            "model = m\n"                        // 12
                            "colour = blue\n"                    // 13: unknown key
                            "[pool.p]\n"                         // 14
                            "queues = high\n");                  // 15: (coverage at file level)
  std::vector<int> lines;
  for (const ConfigError& e : r.errors) lines.push_back(e.line);
  EXPECT_THAT(lines, ElementsAre(1, 3, 4, 5, 6, 8, 9, 11, 13, 0, 0)) << errors_of(r);
  EXPECT_THAT(errors_of(r), HasSubstr("serves the 'default' queue"));
  EXPECT_THAT(errors_of(r), HasSubstr("serves the 'low' queue"));
}

} // namespace
} // namespace agenthost::config
