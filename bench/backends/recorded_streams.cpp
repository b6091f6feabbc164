#include "recorded_streams.hpp"

#include <algorithm>
#include <string>

namespace bench_backends {

namespace {

// A text piece as a model streams it: a word or two, with a JSON escape now and then.
std::string piece(int i) {
  static const char* const words[] = {"The ", "quick ", "brown ", "fox ", "jumps ", "over ", "the ", "lazy ",
                                      "dog, ", "and ", "then ", "says \\\"hi\\\" ", "twice.\\n", "Meanwhile ",
                                      "über ", "naïve "};
  return std::string(words[i % 16]) + (i % 5 == 0 ? std::string(words[(i + 3) % 16]) : std::string());
}

constexpr const char* kCreated = "2026-11-29T10:00:00.123456789Z";

// Ollama stamps every line with the time it was made, to the nanosecond: no two lines share it.
std::string created_at(int line) {
  std::string stamp = kCreated;
  const std::string nanos = std::to_string(123456789 + line * 21377);
  stamp.replace(20, 9, std::string(9 - std::min<std::size_t>(9, nanos.size()), '0') + nanos.substr(0, 9));
  return stamp;
}

} // namespace

RecordedStream ollama_chat_stream(int deltas) {
  RecordedStream out;
  for (int i = 0; i < deltas; ++i) {
    out.bytes += std::string("{\"model\":\"llama3.1:8b\",\"created_at\":\"") + created_at(i) +
                 "\",\"message\":{\"role\":\"assistant\",\"content\":\"" + piece(i) + "\"},\"done\":false}\n";
    ++out.text_deltas;
  }
  out.bytes += std::string("{\"model\":\"llama3.1:8b\",\"created_at\":\"") + kCreated +
               "\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
               "{\"function\":{\"name\":\"calc\",\"arguments\":{\"expression\":\"2*(3+4)\"}}},"
               "{\"function\":{\"name\":\"clock\",\"arguments\":{}}}]},\"done\":false}\n";
  out.tool_calls = 2;
  out.bytes += std::string("{\"model\":\"llama3.1:8b\",\"created_at\":\"") + kCreated +
               "\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
               "\"total_duration\":4883583458,\"load_duration\":1334875,\"prompt_eval_count\":26,"
               "\"prompt_eval_duration\":342546000,\"eval_count\":" + std::to_string(deltas) +
               ",\"eval_duration\":4535599000}\n";
  return out;
}

RecordedStream openai_chat_stream(int deltas) {
  RecordedStream out;
  const std::string head = "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1764410400,"
                           "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,"
                           "\"delta\":";
  out.bytes += head + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],"
                      "\"usage\":null}\n\n";
  for (int i = 0; i < deltas; ++i) {
    out.bytes += head + "{\"content\":\"" + piece(i) + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
    ++out.text_deltas;
  }
  // Two tool calls, their arguments in fragments, interleaved by index.
  out.bytes += head + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                      "{\"name\":\"calc\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  out.bytes += head + "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":"
                      "{\"name\":\"clock\",\"arguments\":\"{}\"}}]},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  out.bytes += head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"expression\\\":\"}}]},"
                      "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  out.bytes += head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"2*(3+4)\\\"}\"}}]},"
                      "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
  out.tool_calls = 2;
  out.bytes += head + "{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n";
  out.bytes += "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1764410400,"
               "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":" +
               std::to_string(deltas) + ",\"total_tokens\":" + std::to_string(deltas + 26) + "}}\n\n";
  out.bytes += "data: [DONE]\n\n";
  return out;
}

RecordedStream anthropic_messages_stream(int deltas) {
  RecordedStream out;
  out.bytes += "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
               "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,"
               "\"stop_sequence\":null,\"usage\":{\"input_tokens\":26,\"output_tokens\":1}}}\n\n";
  out.bytes += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
               "{\"type\":\"text\",\"text\":\"\"}}\n\n";
  out.bytes += "event: ping\ndata: {\"type\": \"ping\"}\n\n";
  for (int i = 0; i < deltas; ++i) {
    out.bytes += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                 "{\"type\":\"text_delta\",\"text\":\"" + piece(i) + "\"}}\n\n";
    ++out.text_deltas;
  }
  out.bytes += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
  const char* const tools[][3] = {{"toolu_a", "calc", "{\\\"expression\\\": \\\"2*(3+4)\\\"}"},
                                  {"toolu_b", "clock", "{}"}};
  for (int t = 0; t < 2; ++t) {
    const std::string index = std::to_string(t + 1);
    out.bytes += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index +
                 ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + tools[t][0] + "\",\"name\":\"" + tools[t][1] +
                 "\",\"input\":{}}}\n\n";
    out.bytes += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index +
                 ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + tools[t][2] + "\"}}\n\n";
    out.bytes += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
  }
  out.tool_calls = 2;
  out.bytes += "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
               "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + std::to_string(deltas) + "}}\n\n";
  out.bytes += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  return out;
}

} // namespace bench_backends
