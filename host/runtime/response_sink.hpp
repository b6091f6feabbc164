// The receiving end of one backend chat call: text deltas go to the coalescer (and so to the
// event log) as they come; the reply text, the tool calls, the usage and the finish reason are
// collected for the turn to store.
#pragma once

#include "plugins/call_sink.hpp"
#include "runtime/delta_coalescer.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agenthost::runtime {

struct RequestedToolCall {
  std::string backend_id; // the id the backend gave it (may be empty)
  std::string name;
  std::string arguments; // JSON text as the model wrote it
};

struct BackendReply {
  std::string text;
  std::vector<RequestedToolCall> tool_calls; // in the backend's index order
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::string finish_reason;
};

class ResponseSink : public plugins::CallSink {
public:
  explicit ResponseSink(DeltaCoalescer& deltas) : deltas_(deltas) {}

  bool on_event(const ah_event& event) override;
  // What was received so far (complete once chat returned).
  BackendReply reply() const;

private:
  struct PartialCall {
    RequestedToolCall call;
    bool complete = false; // a TOOL_CALL event came; deltas no longer matter
  };

  DeltaCoalescer& deltas_;
  mutable std::mutex mutex_;
  BackendReply reply_;
  std::map<int, PartialCall> calls_; // by the backend's index
};

} // namespace agenthost::runtime
