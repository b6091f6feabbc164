// Safe arithmetic expression evaluator behind the `calculator` tool plugin.
//
// Input is untrusted text (usually written by a model), so evaluation never executes anything,
// never recurses without bound, never hangs, and reports every problem as an EvalError whose
// message says what was wrong, where, and (when there is an obvious fix) what to write instead.
//
// Grammar (whitespace between tokens is ignored):
//   sum      := product (('+' | '-') product)*
//   product  := signed (('*' | '/' | '%') signed)*
//   signed   := ('+' | '-') signed | power
//   power    := operand ('^' signed)?            right-associative, binds tighter than unary
//                                                minus: -2^2 = -4, 2^-1 = 0.5, 2^3^2 = 512
//   operand  := number | constant | function '(' sum (',' sum)* ')' | '(' sum ')'
//   number   := 12 | 1.25 | .5 | 5. | 1e3 | 2.5E-4        (no '_' separators, no hex)
// Aliases: '×' for '*', '÷' for '/', '−' (U+2212) for '-', '**' for '^', 'π' for pi.
// '%' is the C/JavaScript remainder: the result has the sign of the dividend (-7 % 3 = -1).
// Names are case-insensitive. Constants: pi, e, tau. Functions: abs acos asin atan atan2 cbrt
// ceil cos cosh exp fact factorial floor hypot ln log (base 10, or log(x, base)) log10 log2 max
// min pow round (half away from zero) sin sinh sqrt tan tanh trunc. Trigonometry uses radians.
// Implicit multiplication ("2pi", "2(3)") is rejected with a hint to write '*'.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace calculator {

// Longer input is rejected before it is looked at (measured in bytes of UTF-8).
inline constexpr std::size_t kMaxExpressionLength = 10'000;

// How many levels may be open at once; each '(' (grouping or function call), unary sign and
// '^' exponent opens one. Bounds parser recursion so hostile input cannot exhaust the stack.
inline constexpr std::size_t kMaxNestingDepth = 200;

enum class EvalErrorKind {
    syntax,            // malformed input: empty, stray character, missing operand, unbalanced ( )
    unknown_name,      // identifier that is neither a constant nor a function
    wrong_arity,       // function called with the wrong number of arguments
    division_by_zero,  // x / 0, x % 0, 0 ^ negative
    domain,            // argument outside a function's domain: sqrt(-1), ln(0), fact(2.5)
    overflow,          // a result or intermediate value is too large for a double
    too_long,          // input longer than kMaxExpressionLength
    too_deep,          // nesting deeper than kMaxNestingDepth
};

// what() is the complete human-readable message, e.g.
//   "unexpected '(' at position 1; use '*' for multiplication"
// Positions are 0-based and counted in characters (Unicode code points), not bytes, so they
// line up with what a person or model sees; a position equal to the length means "at the end".
class EvalError : public std::runtime_error {
public:
    EvalError(EvalErrorKind kind, std::string reason, std::size_t position, std::string_view hint = {});

    EvalErrorKind kind() const noexcept { return kind_; }
    // The message without position and hint, e.g. "division by zero".
    const std::string& reason() const noexcept { return reason_; }
    std::size_t position() const noexcept { return position_; }

private:
    EvalErrorKind kind_;
    std::string reason_;
    std::size_t position_;
};

// Evaluates `expression`; the result is always finite (never NaN or ±infinity) and never -0.
// Throws EvalError for anything else. All syntax is checked before any arithmetic happens, so a
// malformed expression reports its syntax error even if it also divides by zero.
double evaluate(std::string_view expression);

// Shortest decimal text that reads back as exactly `value`, in JavaScript's Number-to-string
// style: plain notation when the decimal exponent is in [-6, 21), otherwise scientific with an
// explicit exponent sign. Examples: 4, -0.5, 0.1, 0.30000000000000004, 123456789012,
// 100000000000000000000, 1e+21, 1.5e-7. -0 prints as "0"; non-finite values as nan/inf/-inf.
std::string format_number(double value);

}  // namespace calculator
