// Internal to the evaluator: turns expression text into tokens.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace calculator::detail {

enum class TokenKind { number, name, plus, minus, times, divide, modulo, power, open_paren, close_paren, comma, end };

struct Token {
    TokenKind kind;
    std::string_view text;  // a view into the source (or into a static spelling for aliases)
    double value;           // for numbers only
    std::size_t position;   // in characters
};

// Splits `source` into tokens; the last is always TokenKind::end, positioned at the length of
// the source in characters. Aliases ('×', '÷', '−', '**') come back as their canonical kinds,
// 'π' as a name. Throws EvalError for stray characters, invalid UTF-8 and malformed or
// too-large numbers. The tokens view `source`, which must outlive them.
std::vector<Token> tokenize(std::string_view source);

}  // namespace calculator::detail
