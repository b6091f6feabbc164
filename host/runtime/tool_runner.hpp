// Runs the tool calls of one model reply: all at once (one thread each), each bounded by the
// tool timeout, all stopped when the turn is cancelled. Every call gets an outcome, so the
// transcript can answer every call the model made.
#pragma once

#include "plugins/cache_counters.hpp"
#include "plugins/instance.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace agenthost::runtime {

struct ToolInvocation {
  std::string name;
  std::string arguments_json;
  bool allowed = true; // false: the agent does not have this tool; the call fails without running
  // The user the turn runs for: the tool's call carries it (CallSink::owner_id), so host
  // services such as search_documents act on that user's data only. Empty: nobody's.
  std::string owner_id{};
  // Where the tool's cache_get/cache_put are counted (the turn's counters); null: nowhere.
  std::shared_ptr<plugins::CacheCounters> cache_counters{};
};

struct ToolOutcome {
  enum class Kind { succeeded, failed, timed_out, cancelled };
  Kind kind = Kind::failed;
  std::string text; // succeeded: the tool's result; otherwise: why it has none (for the model)
};

class ToolRunner {
public:
  // `cancel_wait`: after the turn is cancelled, how long running tools get to notice before
  // they are recorded as cancelled and left to finish on their own.
  ToolRunner(const plugins::InstanceDirectory& instances, std::chrono::milliseconds timeout,
             std::chrono::milliseconds cancel_wait = std::chrono::milliseconds(300));

  using OnOutcome = std::function<void(std::size_t index, const ToolOutcome& outcome)>;
  // Calls `on_outcome` on this thread once per call, as each one ends, and returns when all
  // have. A call past the timeout is told to stop and reported as timed out without waiting
  // for it: a tool that ignores cancellation cannot hold the turn.
  void run(const std::vector<ToolInvocation>& calls, const std::atomic<bool>& cancel_flag,
           const OnOutcome& on_outcome) const;

private:
  const plugins::InstanceDirectory& instances_;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds cancel_wait_;
};

} // namespace agenthost::runtime
