#include "stream_decoder.hpp"

#include "api_error.hpp"

#include <utility>

namespace anthropic {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

CallError malformed(std::string_view event, const std::string& what) {
  return CallError::upstream("Anthropic sent a malformed '" + std::string(event) + "' event: " + what +
                             " (the stream does not follow the Messages API; check base_url points at an "
                             "Anthropic-compatible server)");
}

const json::Value& object_field(const json::Value& data, std::string_view key, std::string_view event) {
  const json::Value* v = data.find(key);
  if (!v || !v->is_object()) throw malformed(event, "no '" + std::string(key) + "' object");
  return *v;
}

std::string string_field(const json::Value& object, std::string_view key, std::string_view event) {
  const json::Value* v = object.find(key);
  if (!v || !v->is_string()) throw malformed(event, "no '" + std::string(key) + "' string");
  return v->as_string();
}

// Prompt tokens billed: fresh input plus what was written to or read from the prompt cache.
int64_t input_tokens_of(const json::Value& usage) {
  return usage.get_or<int64_t>("input_tokens", 0) + usage.get_or<int64_t>("cache_creation_input_tokens", 0) +
         usage.get_or<int64_t>("cache_read_input_tokens", 0);
}

} // namespace

std::string finish_reason_for(std::string_view stop_reason) {
  if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return "stop";
  if (stop_reason == "max_tokens") return "length";
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "refusal") return "content_filter";
  if (stop_reason.empty()) return "stop";
  return std::string(stop_reason); // e.g. pause_turn: passed on as the provider named it
}

StreamDecoder::StreamDecoder(agenthost::Call& call, std::string api_key, bool fast_path)
    : call_(call), api_key_(std::move(api_key)), fast_path_(fast_path) {}

void StreamDecoder::handle(const agenthost::SseEvent& event) {
  if (fast_path_ && event.type == "content_block_delta" && try_fast_text_delta(event.data)) {
    ++fast_events_;
    return;
  }
  if (event.type == "error") throw stream_error(event.data, api_key_);
  if (event.type == "ping") {
    saw_event_ = true;
    return call_.keepalive();
  }
  json::Value data;
  try {
    data = json::parse(event.data);
  } catch (const json::ParseError& e) {
    throw malformed(event.type, std::string("its data is not valid JSON (") + e.what() + ")");
  }
  if (!data.is_object()) throw malformed(event.type, "its data is not a JSON object");
  // The `event:` line and the data's "type" name the same thing; servers that omit the line
  // (type "message") are understood by the data alone.
  const std::string type = event.type == "message" ? data.get_or<std::string>("type", "") : std::string(event.type);
  if (type == "error") throw stream_error(event.data, api_key_);
  saw_event_ = true;
  if (type == "message_start") on_message_start(data);
  else if (type == "content_block_start") on_block_start(data);
  else if (type == "content_block_delta") on_block_delta(data);
  else if (type == "content_block_stop") on_block_stop(data);
  else if (type == "message_delta") on_message_delta(data);
  else if (type == "message_stop") on_message_stop();
  else if (type == "ping") call_.keepalive();
  // Anthropic documents that new event types may appear: ignoring them is the contract.
}

// {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}} for a started
// text block, in any key order with any other top-level fields, without a JSON tree. Returns
// false — having emitted nothing — for anything else: json::parse decides those.
bool StreamDecoder::try_fast_text_delta(std::string_view data) {
  std::string_view text;
  if (!shape_.match(data, text, scratch_)) {
    holes_.spans.clear();
    holes_.target = -1;
    json::scan::Scanner scan(data, &holes_);
    if (!scan.enter_object()) return false;
    std::string_view key, value;
    int64_t index = -1;
    bool saw_type = false, saw_delta = false;
    while (scan.next_member(key)) {
      if (key == "type") {
        if (saw_type || !scan.read_string(value, scratch_) || value != "content_block_delta") return false;
        saw_type = true;
      } else if (key == "index") {
        if (index >= 0 || !scan.read_small_uint(index)) return false;
      } else if (key == "delta") {
        if (saw_delta || !scan.enter_object()) return false;
        saw_delta = true;
        bool saw_delta_type = false, saw_text = false;
        while (scan.next_member(key)) {
          if (key == "type") {
            if (saw_delta_type || !scan.read_string(value, scratch_) || value != "text_delta") return false;
            saw_delta_type = true;
          } else if (key == "text") {
            if (saw_text || !scan.read_target_string(text, scratch_)) return false;
            saw_text = true;
          } else {
            return false;
          }
        }
        if (!saw_delta_type || !saw_text) return false;
      } else if (!scan.skip_value()) {
        return false;
      }
    }
    if (index < 0 || !saw_delta || !scan.finished()) return false;
    shape_.learn(data, holes_);
    fast_index_ = index;
  }
  // The layout fixes the index; the block it names must be a started text block.
  const auto block = blocks_.find(fast_index_);
  if (block == blocks_.end() || block->second.kind != "text") return false;
  saw_event_ = true;
  call_.text(text);
  return true;
}

void StreamDecoder::on_message_start(const json::Value& data) {
  const json::Value& message = object_field(data, "message", "message_start");
  if (const json::Value* usage = message.find("usage"); usage && usage->is_object()) {
    input_tokens_ = input_tokens_of(*usage);
    output_tokens_ = usage->get_or<int64_t>("output_tokens", 0);
  }
  started_ = true;
}

StreamDecoder::Block& StreamDecoder::block_at(const json::Value& data, const char* event) {
  const json::Value* index = data.find("index");
  if (!index || !index->is_int()) throw malformed(event, "no integer 'index'");
  const auto it = blocks_.find(index->as_int());
  if (it == blocks_.end())
    throw malformed(event, "content block " + std::to_string(index->as_int()) + " was never started");
  return it->second;
}

void StreamDecoder::on_block_start(const json::Value& data) {
  const json::Value* index = data.find("index");
  if (!index || !index->is_int()) throw malformed("content_block_start", "no integer 'index'");
  const json::Value& content = object_field(data, "content_block", "content_block_start");
  Block block;
  block.kind = content.get_or<std::string>("type", "");
  if (block.kind == "tool_use") {
    block.id = string_field(content, "id", "content_block_start");
    block.name = string_field(content, "name", "content_block_start");
    block.tool_index = tool_calls_++;
    call_.tool_call_delta(block.tool_index, block.id, block.name, "");
  } else if (block.kind == "text") {
    // The start normally carries "", but a server may put the first text here.
    if (const std::string text = content.get_or<std::string>("text", ""); !text.empty()) call_.text(text);
  }
  blocks_[index->as_int()] = std::move(block);
}

void StreamDecoder::on_block_delta(const json::Value& data) {
  Block& block = block_at(data, "content_block_delta");
  const json::Value& delta = object_field(data, "delta", "content_block_delta");
  const std::string type = delta.get_or<std::string>("type", "");
  if (type == "text_delta") {
    call_.text(string_field(delta, "text", "content_block_delta"));
  } else if (type == "input_json_delta") {
    if (block.kind != "tool_use") throw malformed("content_block_delta", "input_json_delta for a " + block.kind + " block");
    const std::string piece = string_field(delta, "partial_json", "content_block_delta");
    block.input_json += piece;
    if (!piece.empty()) call_.tool_call_delta(block.tool_index, {}, {}, piece);
  } else if (type == "thinking_delta") {
    call_.reasoning(delta.get_or<std::string>("thinking", ""));
  }
  // signature_delta, citations_delta and newer kinds carry nothing the host shows.
}

void StreamDecoder::on_block_stop(const json::Value& data) {
  Block& block = block_at(data, "content_block_stop");
  if (block.kind != "tool_use") return;
  // An empty input (a tool without parameters) streams no pieces at all.
  const std::string arguments = block.input_json.empty() ? "{}" : block.input_json;
  try {
    if (!json::parse(arguments).is_object()) throw json::TypeError("not a JSON object");
  } catch (const std::exception& e) {
    throw malformed("content_block_stop", "the input of tool call " + agenthost::quote_for_message(block.name) +
                                              " is not a JSON object (" + e.what() + ")");
  }
  call_.tool_call(block.tool_index, block.id, block.name, arguments);
}

void StreamDecoder::on_message_delta(const json::Value& data) {
  if (const json::Value* delta = data.find("delta"); delta && delta->is_object()) {
    if (const json::Value* reason = delta->find("stop_reason"); reason && reason->is_string())
      stop_reason_ = reason->as_string();
  }
  if (const json::Value* usage = data.find("usage"); usage && usage->is_object()) {
    // Counts here are cumulative; input counts appear here only on some API versions.
    if (const json::Value* out = usage->find("output_tokens"); out && out->is_int()) output_tokens_ = out->as_int();
    if (usage->find("input_tokens")) input_tokens_ = input_tokens_of(*usage);
  }
}

void StreamDecoder::on_message_stop() {
  if (!started_) throw malformed("message_stop", "it arrived before any message_start");
  finished_ = true;
  call_.usage(input_tokens_, output_tokens_);
  call_.finish(finish_reason_for(stop_reason_));
}

} // namespace anthropic
