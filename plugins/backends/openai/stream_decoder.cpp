#include "stream_decoder.hpp"

#include "agenthost/json.hpp"

namespace openai_backend {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

// A malformed payload is quoted this far into the error message: enough to recognise it.
constexpr std::size_t kQuotedPayloadBytes = 120;

std::string string_of(const json::Value& v) { return v.is_string() ? v.as_string() : std::string(); }

int64_t count_of(const json::Value& usage, std::string_view key) {
  const json::Value& v = usage[key];
  return v.is_int() ? v.as_int() : 0;
}

} // namespace

void StreamDecoder::on_data(std::string_view data) {
  if (done_) return; // nothing after [DONE] belongs to the response
  if (data == "[DONE]") {
    done_ = true;
    return;
  }
  if (fast_path_ && try_fast(data)) {
    ++fast_payloads_;
    return;
  }
  json::Value chunk;
  try {
    chunk = json::parse(data);
  } catch (const json::ParseError& e) {
    throw CallError::upstream("the server sent a stream data line that is not valid JSON (" + std::string(e.what()) +
                              "): " + agenthost::quote_for_message(data, kQuotedPayloadBytes));
  }
  if (!chunk.is_object()) {
    throw CallError::upstream("the server sent a stream data line that is not a JSON object: " +
                              agenthost::quote_for_message(data, kQuotedPayloadBytes));
  }
  // Errors after the headers came (e.g. overload mid-generation) arrive as a data payload.
  if (const json::Value& error = chunk["error"]; !error.is_null()) {
    std::string message = error.is_string() ? error.as_string() : string_of(error["message"]);
    if (message.empty()) message = json::dump(error);
    throw CallError::upstream("the server reported an error in the middle of the stream: " + message);
  }
  if (const json::Value& choices = chunk["choices"]; choices.is_array()) {
    for (const json::Value& choice : choices.as_array()) {
      const json::Value& index = choice["index"];
      if (index.is_null() || (index.is_int() && index.as_int() == 0)) on_choice(choice);
    }
  }
  // Usage comes in the last chunk (choices: []) with include_usage; some servers put it on the
  // chunk carrying finish_reason instead. The last one seen wins.
  if (const json::Value& usage = chunk["usage"]; usage.is_object()) {
    usage_ = std::make_pair(count_of(usage, "prompt_tokens"), count_of(usage, "completion_tokens"));
  }
}

// The common chunk, {...,"choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null,…}],
// "usage":null} in any key order with any other fields, without a JSON tree. Returns false —
// having emitted nothing — for anything else (an error, reasoning, tool calls, a finish, usage, a
// duplicate key that matters, text the scanner gives up on): json::parse decides those.
bool StreamDecoder::try_fast(std::string_view data) {
  std::string_view content;
  if (!shape_.match(data, content, scratch_)) {
    holes_.spans.clear();
    holes_.target = -1;
    json::scan::Scanner scan(data, &holes_);
    if (!scan.enter_object()) return false;
    std::string_view key;
    bool saw_choices = false, saw_usage = false, saw_content = false;
    while (scan.next_member(key)) {
      if (key == "choices") {
        if (saw_choices || !scan.enter_array() || !scan.next_element() || !scan.enter_object()) return false;
        saw_choices = true;
        bool saw_index = false, saw_delta = false, saw_finish = false;
        while (scan.next_member(key)) {
          if (key == "index") {
            int64_t index = -1;
            if (saw_index || !scan.read_small_uint(index) || index != 0) return false;
            saw_index = true;
          } else if (key == "delta") {
            if (saw_delta || !scan.enter_object()) return false;
            saw_delta = true;
            while (scan.next_member(key)) {
              if (key == "content") {
                if (saw_content || !scan.read_target_string(content, scratch_)) return false;
                saw_content = true;
              } else if (key != "role" || !scan.skip_value()) {
                return false; // tool_calls, reasoning, refusal, anything newer: the full parse decides
              }
            }
          } else if (key == "finish_reason") {
            if (saw_finish || !scan.read_null()) return false;
            saw_finish = true;
          } else if (!scan.skip_value()) {
            return false;
          }
        }
        if (scan.next_element()) return false; // a second choice
      } else if (key == "usage") {
        if (saw_usage || !scan.read_null()) return false;
        saw_usage = true;
      } else if (key == "error" || !scan.skip_value()) {
        return false;
      }
    }
    if (!saw_choices || !scan.finished()) return false;
    shape_.learn(data, holes_);
  }
  if (!content.empty()) {
    call_.text(content);
    emitted_content_ = true;
  }
  return true;
}

void StreamDecoder::on_choice(const json::Value& choice) {
  const json::Value& delta = choice["delta"];
  // Reasoning models behind compatible servers (vLLM, DeepSeek) stream their thinking separately.
  for (const char* key : {"reasoning_content", "reasoning"}) {
    if (const std::string text = string_of(delta[key]); !text.empty()) {
      call_.reasoning(text);
      emitted_content_ = true;
    }
  }
  if (const std::string text = string_of(delta["content"]); !text.empty()) {
    call_.text(text);
    emitted_content_ = true;
  }
  if (const json::Value& calls = delta["tool_calls"]; calls.is_array()) {
    int position = 0;
    for (const json::Value& call : calls.as_array()) on_tool_call_delta(call, position++);
  }
  if (const std::string reason = string_of(choice["finish_reason"]); !reason.empty()) {
    finish_reason_ = reason;
    emit_tool_calls();
  }
}

void StreamDecoder::on_tool_call_delta(const json::Value& delta, int position) {
  // Servers that send whole calls at once sometimes leave out "index": the position stands in.
  const json::Value& index_value = delta["index"];
  const int index = index_value.is_int() ? static_cast<int>(index_value.as_int()) : position;
  PendingToolCall& pending = tool_calls_[index];
  const std::string id = string_of(delta["id"]);
  const json::Value& function = delta["function"];
  const std::string name = string_of(function["name"]);
  // Arguments are a string of JSON text; a server that sends an object is tolerated.
  const json::Value& arguments_value = function["arguments"];
  const std::string arguments = arguments_value.is_object() ? json::dump(arguments_value) : string_of(arguments_value);
  if (!id.empty()) pending.id = id;
  if (!name.empty()) pending.name += name; // some servers stream the name in pieces too
  pending.arguments += arguments;
  call_.tool_call_delta(index, id, name, arguments);
  emitted_content_ = true;
}

void StreamDecoder::emit_tool_calls() {
  if (tool_calls_emitted_) return;
  tool_calls_emitted_ = true;
  for (const auto& [index, pending] : tool_calls_) {
    if (pending.name.empty()) {
      throw CallError::upstream("the server streamed a tool call (index " + std::to_string(index) +
                                ") without a function name");
    }
    const std::string id = pending.id.empty() ? "call_" + std::to_string(index) : pending.id;
    call_.tool_call(index, id, pending.name, pending.arguments.empty() ? "{}" : pending.arguments);
  }
}

void StreamDecoder::on_end() {
  if (!done_ && finish_reason_.empty()) {
    throw CallError::upstream(std::string("the stream ended before the response was complete (no finish_reason and "
                                          "no [DONE]") +
                              (emitted_content_ ? "; the output so far is incomplete)" : ")"));
  }
  emit_tool_calls();
  if (usage_) call_.usage(usage_->first, usage_->second);
  std::string reason = finish_reason_;
  if (reason.empty()) reason = tool_calls_.empty() ? "stop" : "tool_calls";
  call_.finish(reason);
}

} // namespace openai_backend
