// agenthost SDK testing: an agenthost::Call whose events are recorded in memory, for unit tests
// of code written against Call (a stream decoder, say) without loading the plugin's .so.
//
//   agenthost::testing::RecordingCall rec;
//   MyDecoder decoder(rec.call());
//   decoder.on_data(...);
//   EXPECT_EQ(rec.events().size(), 2u);
#pragma once

#include "agenthost/event_record.hpp"
#include "agenthost/sdk_types.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace agenthost::testing {

class RecordingCall {
public:
  RecordingCall() : call_(host_api(), reinterpret_cast<ah_call*>(this)) {}
  RecordingCall(const RecordingCall&) = delete;
  RecordingCall& operator=(const RecordingCall&) = delete;

  Call& call() { return call_; }
  const std::vector<EventRecord>& events() const { return events_; }
  void clear() { events_.clear(); }

  // Every event on one line each ("text:Hel", "tool_call:0:id:name:{...}", ...): easy to
  // compare and to read in a failure message.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const EventRecord& e : events_) {
      out.push_back(std::to_string(e.type) + ":" + e.text + "|" + std::to_string(e.index) + "|" + e.id + "|" + e.name +
                    "|" + e.arguments + "|" + std::to_string(e.input_tokens) + "/" + std::to_string(e.output_tokens));
    }
    return out;
  }

private:
  static ah_status emit(ah_call* call, const ah_event* event) {
    ah_event e{};
    std::memcpy(&e, event, event->struct_size < sizeof e ? event->struct_size : sizeof e);
    reinterpret_cast<RecordingCall*>(call)->events_.push_back(EventRecord::of(e));
    return AH_OK;
  }
  static const ah_host_api* host_api() {
    static const ah_host_api api = [] {
      ah_host_api a{};
      a.struct_size = sizeof a;
      a.abi_major = AGENTHOST_ABI_MAJOR;
      a.abi_minor = AGENTHOST_ABI_MINOR;
      a.emit = &emit;
      return a;
    }();
    return &api;
  }

  std::vector<EventRecord> events_;
  Call call_;
};

} // namespace agenthost::testing
