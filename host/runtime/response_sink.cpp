#include "runtime/response_sink.hpp"

#include <string_view>

namespace agenthost::runtime {
namespace {

std::string_view view(ah_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

} // namespace

bool ResponseSink::on_event(const ah_event& event) {
  try {
    switch (event.type) {
    case AH_EVENT_TEXT_DELTA: {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        reply_.text.append(view(event.text));
      }
      deltas_.add(view(event.text));
      break;
    }
    case AH_EVENT_TOOL_CALL_DELTA: {
      // Only for backends that never send the complete call: the fragments, joined.
      std::lock_guard<std::mutex> lock(mutex_);
      PartialCall& partial = calls_[event.index];
      if (partial.complete) break;
      if (event.id.len > 0) partial.call.backend_id = std::string(view(event.id));
      if (event.name.len > 0) partial.call.name = std::string(view(event.name));
      partial.call.arguments.append(view(event.arguments));
      break;
    }
    case AH_EVENT_TOOL_CALL: {
      std::lock_guard<std::mutex> lock(mutex_);
      PartialCall& partial = calls_[event.index];
      partial.call = RequestedToolCall{std::string(view(event.id)), std::string(view(event.name)),
                                       std::string(view(event.arguments))};
      partial.complete = true;
      break;
    }
    case AH_EVENT_USAGE: {
      // Totals so far for this call, not increments.
      std::lock_guard<std::mutex> lock(mutex_);
      reply_.input_tokens = event.input_tokens;
      reply_.output_tokens = event.output_tokens;
      break;
    }
    case AH_EVENT_FINISH: {
      std::lock_guard<std::mutex> lock(mutex_);
      reply_.finish_reason = std::string(view(event.text));
      break;
    }
    default: break; // keepalives, reasoning, warnings: not part of the stored reply
    }
    return true;
  } catch (...) {
    return false; // out of memory: stop the call rather than let an exception cross into the plugin
  }
}

BackendReply ResponseSink::reply() const {
  std::lock_guard<std::mutex> lock(mutex_);
  BackendReply out = reply_;
  for (const auto& entry : calls_) {
    if (!entry.second.call.name.empty()) out.tool_calls.push_back(entry.second.call);
  }
  return out;
}

} // namespace agenthost::runtime
