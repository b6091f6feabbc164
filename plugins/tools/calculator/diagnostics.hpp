// Internal to the evaluator: how the lexer, the function table and the parser raise EvalError
// and echo user text, so every message is built the same way.
#pragma once

#include "expression.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace calculator::detail {

[[noreturn]] inline void fail(EvalErrorKind kind, std::size_t position, std::string reason, std::string_view hint = {}) {
    throw EvalError(kind, std::move(reason), position, hint);
}

// Echoes user text inside messages without letting a 10'000-character name flood them.
inline std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxEcho = 40;
    if (text.size() <= kMaxEcho) return "'" + std::string(text) + "'";
    return "'" + std::string(text.substr(0, kMaxEcho)) + "...'";
}

}  // namespace calculator::detail
