// The children inherit this process's environment and signal dispositions, and Poco can add
// environment variables but not remove them. So, once, before any test starts a child:
// - variables the host reads (or a test relies on being unset) are cleared, so a developer's
//   shell cannot change what the tests see;
// - SIGINT and SIGTERM get their default disposition: a shell starts background jobs with SIGINT
//   ignored, an ignored signal stays ignored across exec, and the host (rightly) does not
//   override that, so the SIGINT shutdown test would otherwise depend on how ctest was started.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

namespace {

class CleanEnvironment : public ::testing::Environment {
public:
  void SetUp() override {
    ::unsetenv("AGENTHOST_PLUGIN_PATH");
    ::unsetenv("NOPE_VAR");
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
};

[[maybe_unused]] ::testing::Environment* const registered = ::testing::AddGlobalTestEnvironment(new CleanEnvironment);

} // namespace
