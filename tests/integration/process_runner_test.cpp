// The process helper itself: if it lied about exit statuses, streams or timeouts, every other
// test in this directory would pass or fail for the wrong reason.
#include "process_runner.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

TEST(ProcessRunner, SeparatesStdoutStderrAndExitStatus) {
  const RunResult r = run_to_completion("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(ProcessRunner, DrainsLargeOutputOnBothStreamsWithoutDeadlock) {
  // Far more than a pipe buffer (64 KiB) on each stream.
  const RunResult r = run_to_completion("/bin/sh", {"-c", "head -c 1000000 /dev/zero; head -c 700000 /dev/zero >&2"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.size(), 1000000u);
  EXPECT_EQ(r.err.size(), 700000u);
}

TEST(ProcessRunner, KillsAChildThatOutlivesItsTimeout) {
  const auto started = std::chrono::steady_clock::now();
  const RunResult r = run_to_completion("/bin/sleep", {"30"}, {}, std::chrono::milliseconds(200));
  EXPECT_FALSE(r.exit_status.has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(ProcessRunner, AppliesWorkingDirectoryAndExtraEnvironment) {
  ScratchDir dir;
  ProcessOptions options;
  options.working_dir = dir.path();
  options.extra_env["AGENTHOST_IT_PROBE"] = "probe-value";
  const RunResult r = run_to_completion("/bin/sh", {"-c", "pwd; echo \"$AGENTHOST_IT_PROBE\""}, options);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(dir.path() + "\n"));
  EXPECT_THAT(r.out, HasSubstr("probe-value\n"));
}

TEST(ProcessRunner, WaitsForALineAndReportsSignals) {
  ChildProcess child("/bin/sh", {"-c", "echo ready on 4242; exec sleep 30"});
  const std::optional<std::string> line = child.wait_for_stdout_line("ready on", std::chrono::seconds(10));
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "ready on 4242");
  EXPECT_FALSE(child.wait_for_exit(std::chrono::milliseconds(50)).has_value()) << "still sleeping";
  child.send_signal(SIGTERM);
  EXPECT_EQ(child.wait_for_exit(std::chrono::seconds(10)), killed_by(SIGTERM));
}

TEST(ProcessRunner, StopsWaitingForALineWhenTheChildExits) {
  ChildProcess child("/bin/sh", {"-c", "echo something else"});
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(child.wait_for_stdout_line("never printed", std::chrono::seconds(20)).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

} // namespace
} // namespace agenthost::integration
