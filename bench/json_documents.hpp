// The JSON documents bench_json parses and writes. Generated, deterministic (same bytes every
// run), and shaped like what the host handles: chat requests, big listings, text-heavy payloads.
#pragma once

#include "agenthost/json.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace bench::documents {

namespace json = agenthost::json;

// A small deterministic generator so documents vary without depending on <random>'s
// implementation-defined distributions.
class Lcg {
public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33);
  }
  std::size_t below(std::size_t n) { return next() % n; }

private:
  std::uint64_t state_;
};

inline std::string sentence(Lcg& random, std::size_t words) {
  static const char* const vocabulary[] = {
      "the",    "model",   "answer", "context", "window", "tool",    "call",   "result", "please", "summarize",
      "report", "numbers", "from",   "this",    "table",  "quarter", "growth", "was",    "about",  "percent",
      "and",    "then",    "we",     "compare", "it",     "with",    "last",   "year's", "figure", "carefully"};
  std::string out;
  for (std::size_t i = 0; i < words; ++i) {
    if (i) out += ' ';
    out += vocabulary[random.below(sizeof vocabulary / sizeof *vocabulary)];
  }
  out += random.below(4) == 0 ? "?" : ".";
  return out;
}

// A chat request as the turn engine sends it to a backend: system prompt, 50 messages of
// user/assistant/tool traffic (some with tool calls), two tool definitions, parameters.
inline std::string chat_request() {
  using json::Value;
  Lcg random(42);
  Value messages = Value::array();
  messages.push_back(
      Value::object({{"role", "system"}, {"content", "You are a careful assistant.\n" + sentence(random, 40)}}));
  for (int i = 1; i < 50; ++i) {
    if (i % 10 == 4) {
      Value call = Value::object({{"id", "call_" + std::to_string(i)},
                                  {"name", "calculator"},
                                  {"arguments", R"({"expression":"(17.5 - 3) * 4 / 2"})"}});
      messages.push_back(Value::object(
          {{"role", "assistant"}, {"content", sentence(random, 8)}, {"tool_calls", Value::array({call})}}));
    } else if (i % 10 == 5) {
      messages.push_back(Value::object({{"role", "tool"},
                                        {"tool_call_id", "call_" + std::to_string(i - 1)},
                                        {"name", "calculator"},
                                        {"content", "29"}}));
    } else {
      std::string content;
      for (std::size_t s = 0, n = 1 + random.below(4); s < n; ++s)
        content += sentence(random, 10 + random.below(25)) + "\n";
      messages.push_back(Value::object({{"role", i % 2 ? "user" : "assistant"}, {"content", content}}));
    }
  }
  const Value expression_schema = json::parse(
      R"({"type":"object","properties":{"expression":{"type":"string","minLength":1,"maxLength":10000,)"
      R"("description":"The expression, e.g. \"(17.5 - 3) * 4 / 2\""}},"required":["expression"],"additionalProperties":false})");
  const Value clock_schema = json::parse(
      R"({"type":"object","properties":{"timezone":{"type":"string","description":"IANA name, e.g. Europe/Berlin"}}})");
  Value tools = Value::array(
      {Value::object(
           {{"name", "calculator"}, {"description", "Evaluates arithmetic."}, {"parameters", expression_schema}}),
       Value::object({{"name", "clock"}, {"description", "Tells the current time."}, {"parameters", clock_schema}})});
  Value request = Value::object({{"model", "demo-large"}});
  request.set("messages", std::move(messages));
  request.set("tools", std::move(tools));
  request.set("params", Value::object({{"temperature", 0.7}, {"max_tokens", 512}, {"top_p", 0.95}}));
  return json::dump(request);
}

// A listing of small records, at least `min_bytes` of JSON text.
inline std::string array_of_small_objects(std::size_t min_bytes) {
  Lcg random(7);
  std::string out = "[";
  for (std::int64_t id = 0; out.size() < min_bytes; ++id) {
    json::Value item =
        json::Value::object({{"id", id},
                             {"name", "item-" + std::to_string(id)},
                             {"price", static_cast<double>(random.below(100000)) / 4.0},
                             {"in_stock", random.below(2) == 0},
                             {"tags", json::Value::array({"tag" + std::to_string(random.below(50)), "x"})},
                             {"note", nullptr}});
    if (id) out += ',';
    json::dump_to(out, item);
  }
  out += ']';
  return out;
}

// Strings full of what makes string handling slow: escapes (\" \\ \n \t \/), \u escapes
// including surrogate pairs, and raw multi-byte UTF-8, in records of a few fields. At least
// `min_bytes` of JSON text, written by hand so the escapes stay as written.
inline std::string string_heavy(std::size_t min_bytes) {
  static const char* const pieces[] = {
      R"(She said \"hello\" and left.)",
      R"(C:\\Users\\agent\\notes.txt)",
      R"(line one\nline two\n\tindented)",
      R"(caf\u00e9 cr\u00e8me br\u00fbl\u00e9e)",
      R"(emoji \ud83d\ude00 and \ud83d\ude80 by escape)",
      "raw UTF-8: caf\xC3\xA9, \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E, \xF0\x9F\x99\x82",
      R"(a\/b\/c with slashes)",
      R"(control \u0001\u001f and en dash \u2013 here)",
      "Gr\xC3\xBC\xC3\x9F"
      "e aus K\xC3\xB6ln, \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
  };
  constexpr std::size_t kPieces = sizeof pieces / sizeof *pieces;
  Lcg random(1234);
  std::string out = "[";
  for (std::size_t n = 0; out.size() < min_bytes; ++n) {
    if (n) out += ',';
    out += R"({"title":")";
    out += pieces[random.below(kPieces)];
    out += R"(","body":")";
    for (std::size_t k = 0, count = 3 + random.below(6); k < count; ++k) {
      if (k) out += ' ';
      out += pieces[random.below(kPieces)];
    }
    out += R"(","lang":")";
    out += random.below(2) ? "en" : "de";
    out += "\"}";
  }
  out += ']';
  return out;
}

} // namespace bench::documents
