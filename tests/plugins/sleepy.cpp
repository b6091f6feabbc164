// Test plugin "sleepy": slow tools for the turn engine's timeout and cancel tests.
//   tool "sleepy"    waits {"sleep_ms": n} in 5 ms naps, checking the host's is_cancelled between
//                    them; returns "slept n ms", or stops with `cancelled` as soon as it is told
//   tool "stubborn"  waits {"sleep_ms": n} ignoring cancellation (a badly behaved plugin), then
//                    logs "stubborn finished after n ms" so a test knows the call has left the
//                    plugin before it unloads it
#include "agenthost/sdk.hpp"

#include <chrono>
#include <string>
#include <thread>

using agenthost::Call;
using agenthost::CallError;
using agenthost::Context;
using agenthost::ToolOutput;
namespace json = agenthost::json;

namespace {

constexpr const char* kSleepSchema =
    R"({"type":"object","properties":{"sleep_ms":{"type":"integer","minimum":0,"description":"how long to wait"}},)"
    R"("required":["sleep_ms"]})";

std::int64_t sleep_ms_of(const json::Value& args) {
  const std::int64_t sleep_ms = args.get_or<std::int64_t>("sleep_ms", -1);
  if (sleep_ms < 0) throw CallError::invalid_argument("sleep_ms must be a non-negative integer (milliseconds)");
  return sleep_ms;
}

} // namespace

struct Sleepy : agenthost::Tool {
  static constexpr const char* type_name = "sleepy";
  static constexpr const char* description = "Waits sleep_ms milliseconds, stopping early when cancelled";
  static constexpr bool thread_safe = true;

  explicit Sleepy(const Context&) {}
  std::string parameters_schema() const override { return kSleepSchema; }
  ToolOutput invoke(Call& call, const json::Value& args) override {
    const std::int64_t sleep_ms = sleep_ms_of(args);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(sleep_ms);
    while (std::chrono::steady_clock::now() < until) {
      call.check_cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return "slept " + std::to_string(sleep_ms) + " ms";
  }
};

struct Stubborn : agenthost::Tool {
  static constexpr const char* type_name = "stubborn";
  static constexpr const char* description = "Waits sleep_ms milliseconds whatever happens";
  static constexpr bool thread_safe = true;

  explicit Stubborn(const Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override { return kSleepSchema; }
  ToolOutput invoke(Call&, const json::Value& args) override {
    const std::int64_t sleep_ms = sleep_ms_of(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    host_.info("stubborn finished after " + std::to_string(sleep_ms) + " ms");
    return "slept " + std::to_string(sleep_ms) + " ms";
  }

private:
  agenthost::HostServices host_;
};

AGENTHOST_PLUGIN("sleepy", "1.0.0", "Slow tools for the host's timeout and cancel tests", Sleepy, Stubborn)
