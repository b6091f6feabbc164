// The newer keys of [server] and [store]: max_body (with its deprecated alias), debug_queries,
// pool_size and busy_timeout_ms.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using testing::errors_of;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::load;

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;
constexpr std::size_t GiB = 1024 * MiB;

std::size_t max_body_of(const std::string& line) {
  const LoadResult r = load("[server]\n" + line + "\n");
  EXPECT_THAT(r.errors, IsEmpty()) << line << "\n" << errors_of(r);
  return r.config.server.max_body_bytes;
}

TEST(MaxBody, DefaultsToOneMebibyte) { EXPECT_EQ(load("").config.server.max_body_bytes, MiB); }

TEST(MaxBody, AcceptsBytesAndEveryUnit) {
  EXPECT_EQ(max_body_of("max_body = 1048576"), MiB);
  EXPECT_EQ(max_body_of("max_body = 1"), 1u);
  EXPECT_EQ(max_body_of("max_body = 512K"), 512 * KiB);
  EXPECT_EQ(max_body_of("max_body = 512KB"), 512 * KiB);
  EXPECT_EQ(max_body_of("max_body = 512 KiB"), 512 * KiB);
  EXPECT_EQ(max_body_of("max_body = 50M"), 50 * MiB);
  EXPECT_EQ(max_body_of("max_body = 50mb"), 50 * MiB);
  EXPECT_EQ(max_body_of("max_body = 50 MiB"), 50 * MiB);
  EXPECT_EQ(max_body_of("max_body = 1G"), GiB);
  EXPECT_EQ(max_body_of("max_body = 1 gb"), GiB);
  EXPECT_EQ(max_body_of("max_body = 1GiB"), GiB);
}

TEST(MaxBody, DeprecatedAliasStillWorksAndTakesUnitsToo) {
  EXPECT_EQ(max_body_of("max_body_bytes = 2048"), 2048u);
  EXPECT_EQ(max_body_of("max_body_bytes = 4 MiB"), 4 * MiB);
}

TEST(MaxBody, BadValuesNameFileLineKeyAndTheAcceptedForms) {
  const LoadResult r = load("[server]\nthreads = 2\nmax_body = 1.5M\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:3: [server] max_body: expected a size from 1 byte to 1 GiB: a whole number of bytes (e.g. "
            "1048576) or a whole number with a unit K, KB, KiB, M, MB, MiB, G, GB or GiB (case-insensitive, each a "
            "power of 1024), e.g. 512K or 50 MiB (got '1.5M')");
  EXPECT_EQ(r.config.server.max_body_bytes, MiB) << "a wrong value keeps the default";
}

TEST(MaxBody, OutOfRangeIsReported) {
  for (const char* value : {"0", "2G", "1073741825", "1025 MiB"}) {
    const LoadResult r = load(std::string("[server]\nmax_body = ") + value + "\n");
    ASSERT_EQ(r.errors.size(), 1u) << value;
    EXPECT_EQ(r.errors[0].line, 2);
    EXPECT_EQ(r.errors[0].key, "max_body");
    EXPECT_THAT(r.errors[0].message, HasSubstr("out of range: expected a size from 1 byte to 1 GiB")) << value;
  }
}

TEST(MaxBody, AliasErrorsNameTheAlias) {
  const LoadResult r = load("[server]\nmax_body_bytes = lots\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:2: [server] max_body_bytes: expected a size"));
}

TEST(MaxBody, SettingBothNamesIsAnErrorNamingBoth) {
  const LoadResult r = load("[server]\nmax_body = 2M\nthreads = 2\nmax_body_bytes = 1048576\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:4: [server] max_body_bytes: 'max_body' and its deprecated alias 'max_body_bytes' are both set "
            "('max_body' on line 2); keep only 'max_body'");
  EXPECT_EQ(r.config.server.max_body_bytes, MiB) << "neither value is taken";

  const LoadResult reversed = load("[server]\nmax_body_bytes = 1\nmax_body = 2\n");
  ASSERT_EQ(reversed.errors.size(), 1u) << errors_of(reversed);
  EXPECT_EQ(reversed.errors[0].line, 3);
  EXPECT_EQ(reversed.errors[0].key, "max_body");
  EXPECT_THAT(reversed.errors[0].message, HasSubstr("('max_body_bytes' on line 2)"));
}

TEST(MaxBody, TyposAreSteeredToTheCurrentName) {
  const LoadResult r = load("[server]\nmax_bdy = 1M\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("did you mean 'max_body'?"));
}

TEST(DebugQueries, DefaultsToFalseAndAcceptsTrueOrFalse) {
  EXPECT_FALSE(load("").config.server.debug_queries);
  const LoadResult on = load("[server]\ndebug_queries = true\n");
  ASSERT_THAT(on.errors, IsEmpty()) << errors_of(on);
  EXPECT_TRUE(on.config.server.debug_queries);
  const LoadResult off = load("[server]\ndebug_queries = false\n");
  ASSERT_THAT(off.errors, IsEmpty()) << errors_of(off);
  EXPECT_FALSE(off.config.server.debug_queries);
}

TEST(DebugQueries, RejectsOtherWords) {
  const LoadResult r = load("[server]\ndebug_queries = yes\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "test.conf:2: [server] debug_queries: expected true or false (got 'yes')");
  EXPECT_FALSE(r.config.server.debug_queries);
}

TEST(StorePool, DefaultsAndValues) {
  const StoreConfig defaults = load("").config.store;
  EXPECT_EQ(defaults.pool_size, 8);
  EXPECT_EQ(defaults.busy_timeout_ms, 5000);

  const LoadResult r = load("[store]\npool_size = 32\nbusy_timeout_ms = 0\nurl = postgresql://db/app\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.store.pool_size, 32);
  EXPECT_EQ(r.config.store.busy_timeout_ms, 0);
  EXPECT_EQ(r.config.store.kind, StoreKind::postgresql) << "the url does not reset the other keys";

  const LoadResult limits = load("[store]\npool_size = 256\nbusy_timeout_ms = 600000\n");
  ASSERT_THAT(limits.errors, IsEmpty()) << errors_of(limits);
  EXPECT_EQ(limits.config.store.pool_size, 256);
  EXPECT_EQ(limits.config.store.busy_timeout_ms, 600000);
  EXPECT_EQ(load("[store]\npool_size = 1\n").config.store.pool_size, 1);
}

TEST(StorePool, BadValuesAreReportedAndKeepTheDefaults) {
  const LoadResult r = load("[store]\npool_size = 0\nbusy_timeout_ms = 600001\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_EQ(r.errors[0].format(),
            "test.conf:2: [store] pool_size: out of range: expected an integer from 1 to 256 (got '0')");
  EXPECT_EQ(r.errors[1].format(),
            "test.conf:3: [store] busy_timeout_ms: out of range: expected an integer from 0 to 600000 (got '600001')");
  EXPECT_EQ(r.config.store.pool_size, 8);
  EXPECT_EQ(r.config.store.busy_timeout_ms, 5000);

  const LoadResult junk = load("[store]\npool_size = many\nbusy_timeout_ms = 5s\npool_size = 257\n");
  EXPECT_THAT(errors_of(junk), HasSubstr("test.conf:2: [store] pool_size: expected an integer from 1 to 256"));
  EXPECT_THAT(errors_of(junk), HasSubstr("test.conf:3: [store] busy_timeout_ms: expected an integer from 0 to 600000"));
  EXPECT_THAT(errors_of(junk), HasSubstr("test.conf:4: [store] pool_size: duplicate key"));
}

TEST(StorePool, UnknownStoreKeysListTheKnownOnes) {
  const LoadResult r = load("[store]\npool = 4\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("(known keys: url, pool_size, busy_timeout_ms)"));
}

} // namespace
} // namespace agenthost::config

namespace agenthost::config {
namespace {

LoadResult load_runtime_text(const std::string& text) {
  return load_config_text(text, "test.conf", "/etc/agenthost", [](const std::string&) { return std::nullopt; });
}

TEST(RuntimeSections, DefaultsWhenAbsent) {
  const LoadResult r = load_runtime_text("");
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.queue.lease_seconds, 30);
  EXPECT_EQ(r.config.queue.shutdown_grace_seconds, 30);
  EXPECT_EQ(r.config.events.ttl_seconds, 3600);
  EXPECT_EQ(r.config.events.heartbeat_seconds, 15);
  EXPECT_EQ(r.config.runtime.max_iterations, 8);
  EXPECT_EQ(r.config.server.threads, 64);
}

TEST(RuntimeSections, ReadsEveryKey) {
  const LoadResult r = load_runtime_text(
      "[queue]\nlease_seconds = 60\nheartbeat_seconds = 5\nrecovery_interval_seconds = 7\nshutdown_grace_seconds = 3\n"
      "[events]\nttl = 120\nheartbeat_seconds = 2\ncleanup_interval_seconds = 30\ncoalesce_ms = 0\n"
      "stream_buffer = 64K\nwriter_threads = 4\n"
      "[runtime]\nmax_iterations = 3\ntool_timeout_seconds = 9\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].format();
  EXPECT_EQ(r.config.queue.lease_seconds, 60);
  EXPECT_EQ(r.config.queue.heartbeat_seconds, 5);
  EXPECT_EQ(r.config.queue.recovery_interval_seconds, 7);
  EXPECT_EQ(r.config.queue.shutdown_grace_seconds, 3);
  EXPECT_EQ(r.config.events.ttl_seconds, 120);
  EXPECT_EQ(r.config.events.heartbeat_seconds, 2);
  EXPECT_EQ(r.config.events.cleanup_interval_seconds, 30);
  EXPECT_EQ(r.config.events.coalesce_ms, 0);
  EXPECT_EQ(r.config.events.stream_buffer_bytes, 65536U);
  EXPECT_EQ(r.config.events.writer_threads, 4);
  EXPECT_EQ(r.config.runtime.max_iterations, 3);
  EXPECT_EQ(r.config.runtime.tool_timeout_seconds, 9);
}

TEST(RuntimeSections, RejectsBadValuesAndUnknownKeysWithTheirLine) {
  const LoadResult r = load_runtime_text("[queue]\nlease_seconds = 10\nheartbeat_seconds = 8\n[events]\nttl = 5\nttll = 9\n");
  ASSERT_EQ(r.errors.size(), 3U);
  EXPECT_NE(r.errors[0].format().find("at most half of lease_seconds"), std::string::npos) << r.errors[0].format();
  EXPECT_NE(r.errors[1].format().find("test.conf:5: [events] ttl"), std::string::npos) << r.errors[1].format();
  EXPECT_NE(r.errors[2].format().find("ttll"), std::string::npos) << r.errors[2].format();
}

} // namespace
} // namespace agenthost::config
