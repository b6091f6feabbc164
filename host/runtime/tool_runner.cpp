#include "runtime/tool_runner.hpp"

#include "plugins/call_status.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace agenthost::runtime {
namespace {

using Clock = std::chrono::steady_clock;

// Shared by the waiting turn and the tool threads; a thread that outlives the wait (a timed
// out tool) keeps it alive through its shared_ptr.
struct Board {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<ToolOutcome>> outcomes;
  std::vector<std::shared_ptr<plugins::CollectingSink>> sinks;
};

ToolOutcome invoke(plugins::Instance& tool, plugins::CollectingSink& sink, const std::string& arguments) {
  const ah_status status = tool.invoke(sink, arguments);
  if (status == AH_OK) return ToolOutcome{ToolOutcome::Kind::succeeded, sink.result()};
  if (status == AH_ERR_CANCELLED || sink.cancelled()) return ToolOutcome{ToolOutcome::Kind::cancelled, {}};
  std::string message = sink.error_message();
  if (message.empty()) message = "the tool failed (" + plugins::status_name(status) + ") without saying why";
  return ToolOutcome{ToolOutcome::Kind::failed, std::move(message)};
}

void start_call(const std::shared_ptr<Board>& board, std::size_t index, plugins::Instance* tool,
                std::string arguments) {
  std::thread([board, index, tool, arguments = std::move(arguments)] {
    ToolOutcome outcome;
    try {
      outcome = invoke(*tool, *board->sinks[index], arguments);
    } catch (const std::exception& error) {
      outcome = ToolOutcome{ToolOutcome::Kind::failed, std::string("the host failed to run the tool: ") + error.what()};
    }
    std::lock_guard<std::mutex> lock(board->mutex);
    if (!board->outcomes[index]) board->outcomes[index] = std::move(outcome); // timeouts were recorded already
    board->changed.notify_all();
  }).detach();
}

} // namespace

ToolRunner::ToolRunner(const plugins::InstanceDirectory& instances, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds cancel_wait)
    : instances_(instances), timeout_(timeout), cancel_wait_(cancel_wait) {}

void ToolRunner::run(const std::vector<ToolInvocation>& calls, const std::atomic<bool>& cancel_flag,
                     const OnOutcome& on_outcome) const {
  auto board = std::make_shared<Board>();
  board->outcomes.resize(calls.size());
  for (const ToolInvocation& call : calls) {
    board->sinks.push_back(std::make_shared<plugins::CollectingSink>());
    board->sinks.back()->set_owner(call.owner_id);
    board->sinks.back()->set_cache_counters(call.cache_counters);
  }

  const Clock::time_point deadline = Clock::now() + timeout_;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    plugins::Instance* tool =
        calls[i].allowed ? instances_.find(plugins::ComponentKind::tool, calls[i].name) : nullptr;
    if (tool == nullptr) {
      board->outcomes[i] = ToolOutcome{ToolOutcome::Kind::failed, "no tool named '" + calls[i].name +
                                                                      "' is available to this agent; use one of "
                                                                      "the tools listed in the request"};
      continue;
    }
    start_call(board, i, tool, calls[i].arguments_json);
  }

  std::vector<bool> reported(calls.size(), false);
  std::size_t remaining = calls.size();
  std::optional<Clock::time_point> cancel_deadline;
  std::unique_lock<std::mutex> lock(board->mutex);
  while (remaining > 0) {
    const Clock::time_point now = Clock::now();
    if (!cancel_deadline && cancel_flag.load(std::memory_order_acquire)) {
      cancel_deadline = now + cancel_wait_;
      for (const auto& sink : board->sinks) sink->cancel();
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
      if (board->outcomes[i]) continue;
      if (cancel_deadline && now >= *cancel_deadline) {
        board->outcomes[i] = ToolOutcome{ToolOutcome::Kind::cancelled, {}};
      } else if (now >= deadline) {
        board->sinks[i]->cancel();
        board->outcomes[i] = ToolOutcome{ToolOutcome::Kind::timed_out, {}};
      }
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
      if (reported[i] || !board->outcomes[i]) continue;
      reported[i] = true;
      --remaining;
      const ToolOutcome outcome = *board->outcomes[i];
      lock.unlock();
      on_outcome(i, outcome);
      lock.lock();
    }
    if (remaining == 0) break;
    // Short slices: the cancel flag is an atomic nobody notifies us about.
    board->changed.wait_for(lock, std::chrono::milliseconds(20));
  }
}

} // namespace agenthost::runtime
