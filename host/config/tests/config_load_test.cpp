// Loading whole config files: the default deployment, each section's keys and defaults.
#include "test_support.hpp"

#include "common/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::errors_of;
using testing::load;

const char* const default_deployment = R"(# agenthost default deployment
[server]
listen = 127.0.0.1:8080
[store]
url = sqlite:agenthost.db        ; relative to --data-dir (default ./var)
[backend.demo]
plugin = scripted
token_delay_ms = 30
[tool.calculator]
plugin = calculator
[tool.clock]
plugin = clock
[agent.demo]
backend = demo
model = demo
tools = calculator, clock
system_prompt = You are a helpful assistant.
)";

TEST(DefaultDeployment, LoadsWithoutErrors) {
  const LoadResult r = load(default_deployment);
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const Config& c = r.config;
  EXPECT_EQ(c.file, "test.conf");
  EXPECT_EQ(c.dir, "/etc/agenthost");
  EXPECT_EQ(c.server.listen.to_string(), "127.0.0.1:8080");
  EXPECT_EQ(c.store.kind, StoreKind::sqlite);
  EXPECT_EQ(c.store.url, "sqlite:agenthost.db");
  EXPECT_EQ(c.store.sqlite_path, "agenthost.db");

  ASSERT_EQ(c.backends.size(), 1u);
  EXPECT_EQ(c.backends[0].kind, "backend");
  EXPECT_EQ(c.backends[0].name, "demo");
  EXPECT_EQ(c.backends[0].plugin, "scripted");
  EXPECT_EQ(c.backends[0].line, 6);
  EXPECT_EQ(c.backends[0].section(), "backend.demo");
  ASSERT_EQ(c.backends[0].settings.size(), 1u);
  EXPECT_EQ(c.backends[0].settings[0].key, "token_delay_ms");
  EXPECT_EQ(c.backends[0].settings[0].value, "30");
  EXPECT_EQ(c.backends[0].settings[0].line, 8);

  ASSERT_EQ(c.tools.size(), 2u);
  EXPECT_EQ(c.tools[0].name, "calculator");
  EXPECT_EQ(c.tools[1].plugin, "clock");
  EXPECT_THAT(c.tools[1].settings, IsEmpty());

  ASSERT_EQ(c.agents.size(), 1u);
  const AgentConfig& agent = c.agents[0];
  EXPECT_EQ(agent.name, "demo");
  EXPECT_EQ(agent.backend, "demo");
  EXPECT_EQ(agent.model, "demo");
  EXPECT_THAT(agent.tools, ElementsAre("calculator", "clock"));
  EXPECT_THAT(agent.strategy, IsEmpty());
  EXPECT_THAT(agent.system_prompts, ElementsAre("You are a helpful assistant."));
  EXPECT_THAT(agent.params, IsEmpty());
  EXPECT_EQ(agent.line, 13);
}

TEST(EmptyFile, GivesAllDefaults) {
  const LoadResult r = load("; nothing but a comment\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const Config& c = r.config;
  EXPECT_EQ(c.server.listen.host, "127.0.0.1");
  EXPECT_EQ(c.server.listen.port, 8080);
  EXPECT_EQ(c.server.threads, 64);
  EXPECT_EQ(c.server.max_queued, 64);
  EXPECT_EQ(c.server.shutdown_grace_seconds, 10);
  EXPECT_EQ(c.server.max_body_bytes, 1048576u);
  EXPECT_EQ(c.store.url, "sqlite:agenthost.db");
  EXPECT_THAT(c.plugins.search_path, IsEmpty());
  EXPECT_THAT(c.plugins.required, IsEmpty());
  EXPECT_THAT(c.backends, IsEmpty());
  EXPECT_THAT(c.agents, IsEmpty());
}

TEST(EmptyFile, GetsTheDefaultPools) {
  const LoadResult r = load("");
  ASSERT_THAT(r.errors, IsEmpty());
  ASSERT_EQ(r.config.pools.size(), 2u);
  const PoolConfig& ai = r.config.pools[0];
  EXPECT_EQ(ai.name, "ai");
  EXPECT_THAT(ai.queues, ElementsAre("high", "default"));
  EXPECT_EQ(ai.workers, 3);
  EXPECT_EQ(ai.timeout_seconds, 330);
  const PoolConfig& low = r.config.pools[1];
  EXPECT_EQ(low.name, "low");
  EXPECT_THAT(low.queues, ElementsAre("low"));
  EXPECT_EQ(low.workers, 1);
  EXPECT_EQ(low.timeout_seconds, 120);
}

TEST(ServerSection, ReadsEveryKey) {
  const LoadResult r = load("[server]\nlisten = [::1]:9090\nthreads = 4\nmax_queued = 10\n"
                            "shutdown_grace_seconds = 0\nmax_body_bytes = 2048\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.server.listen.host, "::1");
  EXPECT_EQ(r.config.server.listen.port, 9090);
  EXPECT_EQ(r.config.server.threads, 4);
  EXPECT_EQ(r.config.server.max_queued, 10);
  EXPECT_EQ(r.config.server.shutdown_grace_seconds, 0);
  EXPECT_EQ(r.config.server.max_body_bytes, 2048u);
}

TEST(ServerSection, ReportsBadValuesWithLineKeyAndValue) {
  const LoadResult r = load("[server]\nlisten = 127.0.0.1:70000\nthreads = 0\nmax_queued = lots\n"
                            "shutdown_grace_seconds = -1\nmax_body_bytes = 1.5\n");
  ASSERT_EQ(r.errors.size(), 5u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:2: [server] listen: port must be a number from 0 to 65535 (got '127.0.0.1:70000')");
  EXPECT_EQ(r.errors[1].format(),
            "test.conf:3: [server] threads: out of range: expected an integer from 1 to 1024 (got '0')");
  EXPECT_EQ(r.errors[2].line, 4);
  EXPECT_EQ(r.errors[2].key, "max_queued");
  EXPECT_EQ(r.errors[3].key, "shutdown_grace_seconds");
  EXPECT_EQ(r.errors[4].key, "max_body_bytes");
  // wrong values leave the defaults in place
  EXPECT_EQ(r.config.server.threads, 64);
  EXPECT_EQ(r.config.server.listen.port, 8080);
}

TEST(ServerSection, UnbracketedIpv6IsExplained) {
  const LoadResult r = load("[server]\nlisten = ::1:8080\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(errors_of(r), HasSubstr("must be written in brackets, e.g. [::1]:8080"));
}

TEST(StoreSection, AcceptsSqliteAndPostgresql) {
  const LoadResult sqlite = load("[store]\nurl = sqlite:/var/lib/agenthost/db.sqlite\n");
  ASSERT_THAT(sqlite.errors, IsEmpty()) << errors_of(sqlite);
  EXPECT_EQ(sqlite.config.store.kind, StoreKind::sqlite);
  EXPECT_EQ(sqlite.config.store.sqlite_path, "/var/lib/agenthost/db.sqlite");

  const LoadResult pg = load("[store]\nurl = postgresql://app:${PGPASS}@db:5432/agenthost\n", {{"PGPASS", "pw"}});
  ASSERT_THAT(pg.errors, IsEmpty()) << errors_of(pg);
  EXPECT_EQ(pg.config.store.kind, StoreKind::postgresql);
  EXPECT_EQ(pg.config.store.url, "postgresql://app:pw@db:5432/agenthost");
  EXPECT_EQ(pg.config.store.sqlite_path, "");
}

TEST(StoreSection, RejectsOtherUrls) {
  for (const char* url : {"sqlite:", "sqlite:///tmp/x.db", "postgresql://", "mysql://h/db", "agenthost.db"}) {
    const LoadResult r = load(std::string("[store]\nurl = ") + url + "\n");
    ASSERT_EQ(r.errors.size(), 1u) << url;
    EXPECT_EQ(r.errors[0].line, 2);
    EXPECT_EQ(r.errors[0].key, "url");
    EXPECT_THAT(r.errors[0].message, HasSubstr("sqlite:PATH")) << url;
    EXPECT_EQ(r.config.store.url, "sqlite:agenthost.db") << "default kept for " << url;
  }
}

TEST(PluginsSection, ResolvesPathAgainstTheConfigDirectory) {
  const LoadResult r = load("[plugins]\npath = plugins:/opt/agenthost/plugins::../shared/./x\n"
                            "require = openai, web_search\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_THAT(r.config.plugins.search_path,
              ElementsAre("/etc/agenthost/plugins", "/opt/agenthost/plugins", "/etc/shared/x"));
  EXPECT_THAT(r.config.plugins.required, ElementsAre("openai", "web_search"));
}

TEST(PoolSections, ReplaceTheDefaults) {
  const LoadResult r = load("[pool.fast]\nqueues = high\nworkers = 8\ntimeout = 60\n"
                            "[pool.rest]\nqueues = default, low\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  ASSERT_EQ(r.config.pools.size(), 2u);
  EXPECT_EQ(r.config.pools[0].name, "fast");
  EXPECT_THAT(r.config.pools[0].queues, ElementsAre("high"));
  EXPECT_EQ(r.config.pools[0].workers, 8);
  EXPECT_EQ(r.config.pools[0].timeout_seconds, 60);
  EXPECT_EQ(r.config.pools[0].line, 1);
  EXPECT_EQ(r.config.pools[1].workers, 1);
  EXPECT_EQ(r.config.pools[1].timeout_seconds, 120);
}

TEST(PoolSections, ReportBadValues) {
  const LoadResult r = load("[pool.a]\nqueues = high, urgent\nworkers = 0\ntimeout = soon\n[pool.b]\nworkers = 2\n");
  EXPECT_THAT(errors_of(r), HasSubstr("test.conf:2: [pool.a] queues: unknown queue 'urgent'"));
  EXPECT_THAT(errors_of(r), HasSubstr("test.conf:3: [pool.a] workers: out of range"));
  EXPECT_THAT(errors_of(r), HasSubstr("test.conf:4: [pool.a] timeout: expected an integer"));
  EXPECT_THAT(errors_of(r), HasSubstr("test.conf:5: [pool.b] missing required key 'queues'"));
  EXPECT_EQ(r.errors.size(), 4u) << errors_of(r); // no cascade about uncovered queues
}

TEST(PoolSections, EveryQueueMustBeServed) {
  const LoadResult r = load("[pool.ai]\nqueues = high, default\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].line, 0);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf: no [pool.NAME] serves the 'low' queue"));
}

TEST(InstanceSections, KeepEveryOtherKeyRawInOrder) {
  const LoadResult r = load("[strategy.window]\nplugin = sliding_window\nmax_messages = 20\n"
                            "weird = anything goes here\nnested.key = 1\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  ASSERT_EQ(r.config.strategies.size(), 1u);
  const InstanceConfig& s = r.config.strategies[0];
  EXPECT_EQ(s.kind, "strategy");
  ASSERT_EQ(s.settings.size(), 3u);
  EXPECT_EQ(s.settings[0].key, "max_messages");
  EXPECT_EQ(s.settings[1].value, "anything goes here");
  EXPECT_EQ(s.settings[2].key, "nested.key");
  EXPECT_EQ(s.settings[2].line, 5);
}

TEST(InstanceSections, RequirePlugin) {
  const LoadResult r = load("[tool.web]\nendpoint = x\n[backend.b]\nplugin =\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:1: [tool.web] missing required key 'plugin'"));
  EXPECT_EQ(r.errors[1].format(), "test.conf:4: [backend.b] plugin: must not be empty");
}

TEST(InstanceSections, NamesMustBeLowercaseIdentifiers) {
  const LoadResult r =
      load("[backend.Demo]\nplugin = x\n[tool.a.b]\nplugin = y\n[tool]\nplugin = z\n[backend.]\nplugin = w\n");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:1: [backend.Demo] invalid name 'Demo'"));
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:3: [tool.a.b] invalid name 'a.b'"));
  EXPECT_THAT(r.errors[2].format(), HasSubstr("test.conf:5: [tool] section needs a name: write [tool.NAME]"));
  EXPECT_THAT(r.errors[3].format(), HasSubstr("test.conf:7: [backend.] invalid name ''"));
  EXPECT_THAT(r.config.backends, IsEmpty());
}

TEST(Values, Utf8PassesThroughUnchanged) {
  const LoadResult r = load("[backend.b]\nplugin = p\n[agent.a]\nbackend = b\nmodel = m\n"
                            "system_prompt = Du bist ein hilfreicher Assistent \xE2\x80\x93 \xC3\xA4\xC3\xB6\xC3\xBC \xF0\x9F\x99\x82\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.agents[0].system_prompts[0],
            "Du bist ein hilfreicher Assistent \xE2\x80\x93 \xC3\xA4\xC3\xB6\xC3\xBC \xF0\x9F\x99\x82");
}

TEST(PipelineSections, ReadSteps) {
  const LoadResult r = load("[pipeline.default]\nsteps = html_to_text, normalize_whitespace, dedupe\n"
                            "[pipeline.empty]\nsteps =\n[pipeline.none]\n");
  ASSERT_EQ(r.config.pipelines.size(), 3u);
  EXPECT_THAT(r.config.pipelines[0].steps, ElementsAre("html_to_text", "normalize_whitespace", "dedupe"));
  EXPECT_EQ(r.config.pipelines[0].line, 1);
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:4: [pipeline.empty] steps: must name at least one"));
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:5: [pipeline.none] missing required key 'steps'"));
}

TEST(FileLoading, ReadsTheFileAndExposesItsDirectory) {
  const auto dir = std::filesystem::temp_directory_path() / "agenthost_config_test_dir";
  std::filesystem::create_directories(dir);
  const auto file = dir / "agenthost.conf";
  std::ofstream(file) << default_deployment << "[plugins]\npath = plugins\n";
  const LoadResult r = load_config_file(file.string(), fixed_environment({}));
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.file, file.string());
  EXPECT_EQ(r.config.dir, dir.string());
  EXPECT_THAT(r.config.plugins.search_path, ElementsAre((dir / "plugins").string()));
  std::filesystem::remove_all(dir);
}

TEST(FileLoading, MissingFileIsOneErrorNamingThePath) {
  const LoadResult r = load_config_file("/nonexistent/agenthost.conf", fixed_environment({}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            "/nonexistent/agenthost.conf: cannot read the config file: No such file or directory; check the path "
            "given with --config");
}

TEST(FileLoading, DirectoryIsRejected) {
  const LoadResult r = load_config_file(std::filesystem::temp_directory_path().string(), fixed_environment({}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("it is a directory"));
}

TEST(FileLoading, OrThrowRaisesAConfigErrorListingEveryProblem) {
  const auto file = std::filesystem::temp_directory_path() / "agenthost_config_throw_test.conf";
  std::ofstream(file) << "[server]\nthreads = 0\n[nope]\n";
  try {
    load_config_file_or_throw(file.string(), fixed_environment({}));
    ADD_FAILURE() << "expected an exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_THAT(e.what(), HasSubstr("2 errors in the configuration:\n"));
    EXPECT_THAT(e.what(), HasSubstr(":2: [server] threads: out of range"));
    EXPECT_THAT(e.what(), HasSubstr(":3: [nope] unknown section kind 'nope'"));
  }
  std::filesystem::remove(file);
}

TEST(FileLoading, OrThrowReturnsAValidConfig) {
  const auto file = std::filesystem::temp_directory_path() / "agenthost_config_ok_test.conf";
  std::ofstream(file) << default_deployment;
  const Config config = load_config_file_or_throw(file.string(), fixed_environment({}));
  EXPECT_EQ(config.agents.size(), 1u);
  std::filesystem::remove(file);
}

TEST(ResolvePath, JoinsRelativeAndKeepsAbsolute) {
  EXPECT_EQ(resolve_path("/etc/a", "x/../y"), "/etc/a/y");
  EXPECT_EQ(resolve_path("/etc/a", "/opt/p"), "/opt/p");
  EXPECT_EQ(resolve_path("", "rel/p"), "rel/p");
}

} // namespace
} // namespace agenthost::config
