// A seeded generator of strategy requests for the property tests: mixed roles, assistant
// messages with 1-4 tool calls followed by their results, system prompts at the start, very
// long and empty messages, Unicode (CJK, emoji, combining marks), random token counts, and now
// and then broken data a host could still send (a tool result without its call, a call missing a
// result, tool-call ids reused across turns as some providers do).
#pragma once

#include "agenthost/json.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace strategy_test {

// splitmix64: tiny, seedable and the same on every platform (std distributions are not).
class Random {
public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }

private:
  std::uint64_t state_;
};

inline std::string random_text(Random& random) {
  static const char* const pieces[] = {"hello ",  "the tool said ", "x",   "{\"k\": [1, 2]} ", "你好，世界。",
                                       "日本語のテキスト", "😀", "👍🏽 ",       "e\xCC\x81", "a\xCC\x8A\xCC\x81 ",
                                       "\n",      "\t",            "Ωmega ", "ßtraße "};
  const int kind = static_cast<int>(random.between(0, 39));
  if (kind < 2) return "";                        // empty
  std::int64_t count = kind == 2 ? random.between(1000, 3000) // very long (10-30 KB)
                                 : random.between(1, 30);
  std::string text;
  for (std::int64_t i = 0; i < count; ++i) text += pieces[random.between(0, sizeof pieces / sizeof *pieces - 1)];
  return text;
}

inline std::int64_t random_tokens(Random& random, const std::string& content) {
  switch (random.between(0, 9)) {
  case 0: return 0;
  case 1: return random.between(1, 5);
  case 2: return random.between(2000, 40000); // a huge message
  case 3: return random.between(1, 2000);
  default: return static_cast<std::int64_t>((content.size() + 3) / 4) + 4; // as the host estimates
  }
}

struct GeneratedConversation {
  std::vector<agenthost::json::Value> messages;
};

inline GeneratedConversation generate_conversation(Random& random) {
  using agenthost::json::Value;
  GeneratedConversation out;
  int next_id = 0;
  int next_call = 0;
  auto add = [&](const std::string& role, Value extra = Value::object()) -> Value& {
    const std::string content = random_text(random);
    Value m = Value::object({{"id", "m" + std::to_string(next_id++)}, {"role", role}, {"content", content},
                             {"tokens", random_tokens(random, content)}});
    for (auto& [k, v] : extra.as_object()) m.set(k, v);
    out.messages.push_back(std::move(m));
    return out.messages.back();
  };
  const std::int64_t systems = random.between(0, 3);
  for (std::int64_t i = 0; i < systems; ++i) add("system");
  const std::int64_t steps = random.chance(5) ? random.between(100, 400) : random.between(0, 40);
  for (std::int64_t step = 0; step < steps; ++step) {
    const int kind = static_cast<int>(random.between(0, 99));
    if (kind < 35) {
      add("user");
    } else if (kind < 60) {
      add("assistant");
    } else if (kind < 97) {
      // A tool-call group: 1-4 calls, then their results (in order or not).
      const std::int64_t calls = random.between(1, 4);
      std::vector<std::string> ids;
      Value list = Value::array();
      for (std::int64_t c = 0; c < calls; ++c) {
        // Some providers number calls per message (call_0, call_1, ...): ids repeat across groups.
        ids.push_back(random.chance(30) ? "call_" + std::to_string(c) : "c" + std::to_string(next_call++));
        list.push_back(Value::object({{"id", ids.back()}, {"name", "tool" + std::to_string(c)}, {"arguments", "{}"}}));
      }
      add("assistant", Value::object({{"tool_calls", list}}));
      if (random.chance(50))
        for (std::size_t k = ids.size(); k > 1; --k) std::swap(ids[k - 1], ids[static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(k) - 1))]);
      const bool incomplete = random.chance(3); // a call missing its result
      for (std::size_t k = incomplete ? 1 : 0; k < ids.size(); ++k)
        add("tool", Value::object({{"tool_call_id", ids[k]}, {"name", "tool"}}));
    } else {
      add("tool", Value::object({{"tool_call_id", "orphan" + std::to_string(step)}, {"name", "tool"}}));
    }
  }
  return out;
}

} // namespace strategy_test
