// agenthost SDK: an ah_event with its strings copied, safe to keep after the call that carried
// it. The host records events with it and the fake host in testing.hpp does too, so both sides
// copy events the same way.
#pragma once

#include "agenthost/plugin.h"

#include <cstdint>
#include <string>

namespace agenthost {

struct EventRecord {
  ah_event_type type = 0;
  std::string text, id, name, arguments;
  std::int32_t index = 0;
  std::int64_t input_tokens = 0, output_tokens = 0, completed = 0, total = 0;

  // `event` must already be a full ah_event (members its sender lacks zeroed): copying
  // min(struct_size, known) is the receiver's job, before this.
  static EventRecord of(const ah_event& event) {
    EventRecord out;
    out.type = event.type;
    out.text = copy(event.text);
    out.id = copy(event.id);
    out.name = copy(event.name);
    out.arguments = copy(event.arguments);
    out.index = event.index;
    out.input_tokens = event.input_tokens;
    out.output_tokens = event.output_tokens;
    out.completed = event.completed;
    out.total = event.total;
    return out;
  }

private:
  static std::string copy(ah_str s) { return s.ptr ? std::string(s.ptr, s.len) : std::string(); }
};

} // namespace agenthost
