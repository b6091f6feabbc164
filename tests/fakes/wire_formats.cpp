#include "wire_formats.hpp"

#include "agenthost/json.hpp"

#include <algorithm>

namespace agenthost::fakes {
namespace {

using json::Value;

// Fixed so recorded streams are byte-for-byte reproducible.
constexpr std::int64_t kCreatedUnix = 1700000000;
constexpr const char* kOllamaCreatedAt = "2026-01-01T00:00:00.000000000Z";

std::string sse_data(const Value& v) { return "data: " + json::dump(v) + "\n\n"; }
std::string sse_event(const std::string& event, const Value& v) {
  return "event: " + event + "\ndata: " + json::dump(v) + "\n\n";
}
std::string ndjson_line(const Value& v) { return json::dump(v) + "\n"; }

std::string tool_id(Provider provider, const FakeToolCall& call, std::size_t index, int response) {
  if (!call.id.empty()) return call.id;
  const std::string prefix = provider == Provider::anthropic ? "toolu_fake" : "call_fake";
  return prefix + std::to_string(response) + "_" + std::to_string(index);
}

std::string finish_reason(const Scenario& s, const char* with_tools, const char* without_tools) {
  if (!s.finish_reason.empty()) return s.finish_reason;
  return s.tool_calls.empty() ? without_tools : with_tools;
}

std::string model_of(const Scenario& s, const RequestFacts& f) {
  if (!s.model.empty()) return s.model;
  return f.model.empty() ? "fake-model" : f.model;
}

// ---- OpenAI: data: {chat.completion.chunk}\n\n ... data: [DONE]\n\n
Value openai_chunk(const Scenario& s, const RequestFacts& f, Value choices) {
  Value chunk = Value::object({{"id", "chatcmpl-fake" + std::to_string(f.response_number)},
                               {"object", "chat.completion.chunk"},
                               {"created", kCreatedUnix},
                               {"model", model_of(s, f)},
                               {"system_fingerprint", "fp_fake"},
                               {"choices", std::move(choices)}});
  if (f.include_usage) chunk.set("usage", nullptr);
  return chunk;
}

Value openai_choice(Value delta, Value finish) {
  return Value::array({Value::object(
      {{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr}, {"finish_reason", std::move(finish)}})});
}

std::vector<Frame> openai_frames(const Scenario& s, const RequestFacts& f) {
  std::vector<Frame> out;
  out.push_back({FrameKind::preamble,
                 sse_data(openai_chunk(s, f, openai_choice(Value::object({{"role", "assistant"}, {"content", ""},
                                                                           {"refusal", nullptr}}),
                                                            nullptr)))});
  for (const auto& piece : split_utf8(s.text, s.tokens))
    out.push_back({FrameKind::text_token,
                   sse_data(openai_chunk(s, f, openai_choice(Value::object({{"content", piece}}), nullptr)))});
  for (std::size_t i = 0; i < s.tool_calls.size(); ++i) {
    const auto& call = s.tool_calls[i];
    Value first = Value::object({{"index", i},
                                 {"id", tool_id(Provider::openai, call, i, f.response_number)},
                                 {"type", "function"},
                                 {"function", Value::object({{"name", call.name}, {"arguments", ""}})}});
    out.push_back({FrameKind::rest, sse_data(openai_chunk(
                                        s, f, openai_choice(Value::object({{"tool_calls", Value::array({first})}}),
                                                            nullptr)))});
    for (const auto& piece : split_utf8(call.arguments_json, s.argument_pieces)) {
      Value delta = Value::object({{"index", i}, {"function", Value::object({{"arguments", piece}})}});
      out.push_back({FrameKind::rest, sse_data(openai_chunk(
                                          s, f, openai_choice(Value::object({{"tool_calls", Value::array({delta})}}),
                                                              nullptr)))});
    }
  }
  out.push_back({FrameKind::rest, sse_data(openai_chunk(s, f, openai_choice(Value::object(),
                                                                            finish_reason(s, "tool_calls", "stop"))))});
  if (f.include_usage && s.usage) {
    Value chunk = openai_chunk(s, f, Value::array());
    chunk.set("usage", Value::object({{"prompt_tokens", s.usage->input_tokens},
                                      {"completion_tokens", s.usage->output_tokens},
                                      {"total_tokens", s.usage->input_tokens + s.usage->output_tokens}}));
    out.push_back({FrameKind::rest, sse_data(chunk)});
  }
  out.push_back({FrameKind::rest, "data: [DONE]\n\n"});
  return out;
}

// ---- Anthropic: event: NAME\ndata: {json}\n\n
std::vector<Frame> anthropic_frames(const Scenario& s, const RequestFacts& f) {
  std::vector<Frame> out;
  const int input_tokens = s.usage ? s.usage->input_tokens : 0;
  Value message = Value::object({{"id", "msg_fake" + std::to_string(f.response_number)},
                                 {"type", "message"},
                                 {"role", "assistant"},
                                 {"model", model_of(s, f)},
                                 {"content", Value::array()},
                                 {"stop_reason", nullptr},
                                 {"stop_sequence", nullptr},
                                 {"usage", Value::object({{"input_tokens", input_tokens}, {"output_tokens", 1}})}});
  out.push_back({FrameKind::preamble,
                 sse_event("message_start", Value::object({{"type", "message_start"}, {"message", message}}))});
  if (s.ping_after_start) out.push_back({FrameKind::preamble, keepalive_frame(Provider::anthropic)});
  int block = 0;
  const auto pieces = split_utf8(s.text, s.tokens);
  if (!pieces.empty()) {
    out.push_back({FrameKind::preamble,
                   sse_event("content_block_start",
                             Value::object({{"type", "content_block_start"}, {"index", block},
                                            {"content_block", Value::object({{"type", "text"}, {"text", ""}})}}))});
    for (const auto& piece : pieces)
      out.push_back({FrameKind::text_token,
                     sse_event("content_block_delta",
                               Value::object({{"type", "content_block_delta"}, {"index", block},
                                              {"delta", Value::object({{"type", "text_delta"}, {"text", piece}})}}))});
    out.push_back({FrameKind::rest, sse_event("content_block_stop",
                                              Value::object({{"type", "content_block_stop"}, {"index", block}}))});
    ++block;
  }
  for (std::size_t i = 0; i < s.tool_calls.size(); ++i, ++block) {
    const auto& call = s.tool_calls[i];
    Value start_block = Value::object({{"type", "tool_use"},
                                       {"id", tool_id(Provider::anthropic, call, i, f.response_number)},
                                       {"name", call.name},
                                       {"input", Value::object()}});
    out.push_back({FrameKind::rest, sse_event("content_block_start",
                                              Value::object({{"type", "content_block_start"}, {"index", block},
                                                             {"content_block", start_block}}))});
    std::vector<std::string> parts{""}; // the API opens every tool_use block with an empty partial_json
    for (auto& piece : split_utf8(call.arguments_json, s.argument_pieces)) parts.push_back(std::move(piece));
    for (const auto& piece : parts)
      out.push_back({FrameKind::rest,
                     sse_event("content_block_delta",
                               Value::object({{"type", "content_block_delta"}, {"index", block},
                                              {"delta", Value::object({{"type", "input_json_delta"},
                                                                       {"partial_json", piece}})}}))});
    out.push_back({FrameKind::rest, sse_event("content_block_stop",
                                              Value::object({{"type", "content_block_stop"}, {"index", block}}))});
  }
  const int output_tokens = s.usage ? s.usage->output_tokens : 0;
  out.push_back({FrameKind::rest,
                 sse_event("message_delta",
                           Value::object({{"type", "message_delta"},
                                          {"delta", Value::object({{"stop_reason", finish_reason(s, "tool_use", "end_turn")},
                                                                   {"stop_sequence", nullptr}})},
                                          {"usage", Value::object({{"output_tokens", output_tokens}})}}))});
  out.push_back({FrameKind::rest, sse_event("message_stop", Value::object({{"type", "message_stop"}}))});
  return out;
}

// ---- Ollama: one JSON object per line
Value ollama_line(const Scenario& s, const RequestFacts& f, Value message, bool done) {
  return Value::object({{"model", model_of(s, f)}, {"created_at", kOllamaCreatedAt},
                        {"message", std::move(message)}, {"done", done}});
}

std::vector<Frame> ollama_frames(const Scenario& s, const RequestFacts& f) {
  std::vector<Frame> out;
  for (const auto& piece : split_utf8(s.text, s.tokens))
    out.push_back({FrameKind::text_token, ndjson_line(ollama_line(
                                              s, f, Value::object({{"role", "assistant"}, {"content", piece}}), false))});
  if (!s.tool_calls.empty()) {
    Value calls = Value::array();
    for (const auto& call : s.tool_calls)
      calls.push_back(Value::object({{"function", Value::object({{"name", call.name},
                                                                 {"arguments", json::parse(call.arguments_json)}})}}));
    out.push_back({FrameKind::rest,
                   ndjson_line(ollama_line(
                       s, f, Value::object({{"role", "assistant"}, {"content", ""}, {"tool_calls", calls}}), false))});
  }
  Value last = ollama_line(s, f, Value::object({{"role", "assistant"}, {"content", ""}}), true);
  last.set("done_reason", finish_reason(s, "stop", "stop"));
  last.set("total_duration", 1000000);
  last.set("load_duration", 1000);
  last.set("prompt_eval_count", s.usage ? s.usage->input_tokens : 0);
  last.set("prompt_eval_duration", 1000);
  last.set("eval_count", s.usage ? s.usage->output_tokens : 0);
  last.set("eval_duration", 1000);
  out.push_back({FrameKind::rest, ndjson_line(last)});
  return out;
}

} // namespace

std::vector<std::string> split_utf8(const std::string& text, int pieces) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  const std::size_t n = static_cast<std::size_t>(std::max(1, pieces));
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= n && begin < text.size(); ++i) {
    std::size_t end = i == n ? text.size() : text.size() * i / n;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    if (end > begin) out.push_back(text.substr(begin, end - begin));
    begin = std::max(begin, end);
  }
  return out;
}

std::vector<Frame> stream_frames(Provider provider, const Scenario& scenario, const RequestFacts& facts) {
  switch (provider) {
  case Provider::openai: return openai_frames(scenario, facts);
  case Provider::anthropic: return anthropic_frames(scenario, facts);
  case Provider::ollama: return ollama_frames(scenario, facts);
  }
  return {};
}

std::string content_type_for_stream(Provider provider) {
  return provider == Provider::ollama ? "application/x-ndjson" : "text/event-stream; charset=utf-8";
}

std::string error_type_for_status(Provider provider, int status) {
  if (provider == Provider::anthropic) {
    switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 529: return "overloaded_error";
    default: return "api_error";
    }
  }
  switch (status) {
  case 400: return "invalid_request_error";
  case 401: return "invalid_request_error";
  case 404: return "invalid_request_error";
  case 429: return "rate_limit_exceeded";
  default: return status >= 500 ? "server_error" : "invalid_request_error";
  }
}

std::string error_body(Provider provider, int status, const std::string& type, const std::string& message) {
  const std::string t = type.empty() ? error_type_for_status(provider, status) : type;
  switch (provider) {
  case Provider::anthropic:
    return json::dump(Value::object(
        {{"type", "error"}, {"error", Value::object({{"type", t}, {"message", message}})}}));
  case Provider::openai:
    return json::dump(Value::object({{"error", Value::object({{"message", message}, {"type", t},
                                                              {"param", nullptr}, {"code", t}})}}));
  case Provider::ollama: return json::dump(Value::object({{"error", message}}));
  }
  return {};
}

std::string mid_stream_error_frame(Provider provider, const std::string& type, const std::string& message) {
  switch (provider) {
  case Provider::anthropic:
    return sse_event("error", Value::object({{"type", "error"},
                                             {"error", Value::object({{"type", type}, {"message", message}})}}));
  case Provider::openai:
    return sse_data(Value::object({{"error", Value::object({{"message", message}, {"type", type},
                                                            {"param", nullptr}, {"code", type}})}}));
  case Provider::ollama: return ndjson_line(Value::object({{"error", message}}));
  }
  return {};
}

std::string malformed_frame(Provider provider) {
  switch (provider) {
  case Provider::anthropic: return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\n\n";
  case Provider::openai: return "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"delta\":{\"cont\n\n";
  case Provider::ollama: return "{\"model\":\"fake-model\",\"message\":{\"role\":\"assis\n";
  }
  return {};
}

std::string keepalive_frame(Provider provider) {
  switch (provider) {
  case Provider::anthropic: return sse_event("ping", Value::object({{"type", "ping"}}));
  case Provider::openai: return ": keep-alive\n\n"; // an SSE comment; clients ignore it
  case Provider::ollama: return "";
  }
  return {};
}

} // namespace agenthost::fakes
