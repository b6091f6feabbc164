// The exact bytes each provider puts on the wire, as pure functions (no sockets), so the framing
// can be unit-tested on its own and the server only decides when to send which frame.
#pragma once

#include "provider_fake.hpp"

#include <string>
#include <vector>

namespace agenthost::fakes {

// What a stream frame is, so the server knows where "after N tokens" faults go.
enum class FrameKind { preamble, text_token, rest };

struct Frame {
  FrameKind kind;
  std::string bytes; // complete, framed: SSE event incl. the blank line, or one NDJSON line incl. '\n'
};

struct RequestFacts {
  std::string model;          // the request's "model" (a scenario's model overrides it)
  bool include_usage = false; // OpenAI stream_options.include_usage
  int response_number = 1;    // makes ids unique per response: chatcmpl-fake1, msg_fake1
};

// Splits text into up to `pieces` non-empty parts, never inside a UTF-8 sequence.
std::vector<std::string> split_utf8(const std::string& text, int pieces);

// The whole successful stream of a scenario, in order.
std::vector<Frame> stream_frames(Provider provider, const Scenario& scenario, const RequestFacts& facts);

std::string content_type_for_stream(Provider provider); // text/event-stream or application/x-ndjson
std::string error_type_for_status(Provider provider, int status);
std::string error_body(Provider provider, int status, const std::string& type, const std::string& message);
std::string mid_stream_error_frame(Provider provider, const std::string& type, const std::string& message);
std::string malformed_frame(Provider provider);
std::string keepalive_frame(Provider provider); // empty for Ollama, which has no keep-alive

} // namespace agenthost::fakes
