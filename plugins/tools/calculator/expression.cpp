// Evaluation happens in three passes: the lexer (lexer.cpp) turns text into tokens, the parser
// here turns tokens into a postfix program (checking all syntax, names and arities against the
// table in functions.cpp), and a small stack machine runs the program (checking every
// intermediate for domain errors and overflow). Running a flat program instead of walking a
// tree keeps evaluation iterative however long the input is.
#include "expression.hpp"

#include "diagnostics.hpp"
#include "functions.hpp"
#include "lexer.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace calculator {

EvalError::EvalError(EvalErrorKind kind, std::string reason, std::size_t position, std::string_view hint)
    : std::runtime_error(reason + " at position " + std::to_string(position) +
                         (hint.empty() ? std::string() : "; " + std::string(hint))),
      kind_(kind), reason_(std::move(reason)), position_(position) {}

namespace {

using detail::Constant;
using detail::expected_arguments;
using detail::fail;
using detail::find_constant;
using detail::find_function;
using detail::Function;
using detail::known_names_hint;
using detail::power;
using detail::quoted;
using detail::Token;
using detail::TokenKind;

// ---------------------------------------------------------------------------------- parser

enum class OpCode { push, negate, add, subtract, multiply, divide, modulo, power, call };

struct Instruction {
    OpCode op;
    std::size_t position;  // of the operator or function name, for error messages
    double value = 0.0;
    const Function* function = nullptr;
    std::size_t argument_count = 0;
};

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    std::vector<Instruction> parse() {
        if (next_is(TokenKind::end)) fail(EvalErrorKind::syntax, 0, "empty expression", "write something like 2 + 3");
        parse_sum();
        if (!next_is(TokenKind::end)) reject_after_operand(peek());
        return std::move(program_);
    }

private:
    // Opens one nesting level for as long as it lives; see kMaxNestingDepth.
    class Nesting {
    public:
        Nesting(Parser& parser, std::size_t position) : parser_(parser) {
            if (parser_.depth_ == kMaxNestingDepth) {
                fail(EvalErrorKind::too_deep, position,
                     "expression nests too deeply (more than " + std::to_string(kMaxNestingDepth) + " levels)",
                     "simplify it or split it into several calculations");
            }
            ++parser_.depth_;
        }
        ~Nesting() { --parser_.depth_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;

    private:
        Parser& parser_;
    };

    const Token& peek() const { return tokens_[next_]; }
    const Token& take() { return tokens_[next_++]; }
    bool next_is(TokenKind kind) const { return peek().kind == kind; }
    void emit(OpCode op, std::size_t position) { program_.push_back({op, position}); }

    void parse_sum() {
        parse_product();
        while (next_is(TokenKind::plus) || next_is(TokenKind::minus)) {
            const Token& op = take();
            parse_product();
            emit(op.kind == TokenKind::plus ? OpCode::add : OpCode::subtract, op.position);
        }
    }

    void parse_product() {
        parse_signed();
        while (next_is(TokenKind::times) || next_is(TokenKind::divide) || next_is(TokenKind::modulo)) {
            const Token& op = take();
            parse_signed();
            emit(op.kind == TokenKind::times ? OpCode::multiply
                 : op.kind == TokenKind::divide ? OpCode::divide : OpCode::modulo, op.position);
        }
    }

    void parse_signed() {
        if (!next_is(TokenKind::plus) && !next_is(TokenKind::minus)) return parse_power();
        const Token& sign = take();
        const Nesting nesting(*this, sign.position);
        parse_signed();
        if (sign.kind == TokenKind::minus) emit(OpCode::negate, sign.position);
    }

    void parse_power() {
        parse_operand();
        if (!next_is(TokenKind::power)) return;
        const Token& op = take();
        const Nesting nesting(*this, op.position);
        parse_signed();  // recursing (rather than looping) makes '^' right-associative
        emit(OpCode::power, op.position);
    }

    void parse_operand() {
        const Token& token = peek();
        if (token.kind == TokenKind::number) {
            take();
            program_.push_back({OpCode::push, token.position, token.value});
        } else if (token.kind == TokenKind::name) {
            parse_name();
        } else if (token.kind == TokenKind::open_paren) {
            take();
            const Nesting nesting(*this, token.position);
            parse_sum();
            expect_close(token);
        } else {
            reject_missing_operand(token);
        }
    }

    void parse_name() {
        const Token& name = take();
        const bool called = next_is(TokenKind::open_paren);
        if (const Constant* constant = find_constant(name.text)) {
            // "pi(2)" then fails at '(' with the implicit-multiplication hint.
            program_.push_back({OpCode::push, name.position, constant->value});
            return;
        }
        const Function* function = find_function(name.text);
        if (function == nullptr) {
            fail(EvalErrorKind::unknown_name, name.position,
                 (called ? "unknown function " : "unknown name ") + quoted(name.text), known_names_hint());
        }
        if (!called) {
            fail(EvalErrorKind::syntax, name.position, "function " + quoted(name.text) + " needs its arguments in parentheses",
                 "write e.g. " + std::string(function->name) + "(2)");
        }
        const Token& open = take();
        const Nesting nesting(*this, open.position);
        std::size_t argument_count = 0;
        while (!next_is(TokenKind::close_paren) || argument_count > 0) {
            parse_sum();
            ++argument_count;
            if (!next_is(TokenKind::comma)) break;
            take();
        }
        expect_close(open);
        if (argument_count < function->min_args || argument_count > function->max_args) {
            fail(EvalErrorKind::wrong_arity, name.position,
                 std::string(function->name) + " expects " + expected_arguments(*function) + " (got " +
                     std::to_string(argument_count) + ")");
        }
        program_.push_back({OpCode::call, name.position, 0.0, function, argument_count});
    }

    void expect_close(const Token& open) {
        if (next_is(TokenKind::close_paren)) {
            take();
        } else if (next_is(TokenKind::end)) {
            fail(EvalErrorKind::syntax, open.position, "unclosed '('", "add a matching ')'");
        } else {
            reject_after_operand(peek());
        }
    }

    // `token` follows a complete operand but no operator can join them.
    [[noreturn]] static void reject_after_operand(const Token& token) {
        switch (token.kind) {
        case TokenKind::close_paren:
            fail(EvalErrorKind::syntax, token.position, "unmatched ')'", "remove it or add a '(' before it");
        case TokenKind::comma:
            fail(EvalErrorKind::syntax, token.position, "unexpected ','",
                 "',' only separates function arguments; write 1000, not 1,000");
        default:
            fail(EvalErrorKind::syntax, token.position, "unexpected " + quoted(token.text), "use '*' for multiplication");
        }
    }

    [[noreturn]] void reject_missing_operand(const Token& token) const {
        if (token.kind == TokenKind::end && next_ > 0) {
            const Token& previous = tokens_[next_ - 1];
            fail(EvalErrorKind::syntax, previous.position, "missing operand after " + quoted(previous.text),
                 "the expression must not end with an operator or '('");
        }
        fail(EvalErrorKind::syntax, token.position, "unexpected " + quoted(token.text),
             "expected a number, a name or '(' here");
    }

    std::vector<Token> tokens_;
    std::size_t next_ = 0;
    std::size_t depth_ = 0;
    std::vector<Instruction> program_;
};

// --------------------------------------------------------------------------------- machine

// Every intermediate passes through here, so no NaN or infinity can propagate to the result.
double finite_or_fail(double value, std::size_t position) {
    if (std::isnan(value)) fail(EvalErrorKind::domain, position, "result is not a real number");
    if (std::isinf(value)) fail(EvalErrorKind::overflow, position, "result overflows (too large)");
    return value;
}

double apply_binary(OpCode op, double lhs, double rhs, std::size_t position) {
    switch (op) {
    case OpCode::add: return lhs + rhs;
    case OpCode::subtract: return lhs - rhs;
    case OpCode::multiply: return lhs * rhs;
    case OpCode::divide:
        if (rhs == 0) fail(EvalErrorKind::division_by_zero, position, "division by zero");
        return lhs / rhs;
    case OpCode::modulo:
        if (rhs == 0) fail(EvalErrorKind::division_by_zero, position, "modulo by zero");
        return std::fmod(lhs, rhs);
    default: return power(lhs, rhs, position);
    }
}

double run(const std::vector<Instruction>& program) {
    std::vector<double> stack;
    for (const Instruction& instruction : program) {
        switch (instruction.op) {
        case OpCode::push: stack.push_back(instruction.value); break;
        case OpCode::negate: stack.back() = -stack.back(); break;
        case OpCode::call: {
            const std::size_t first = stack.size() - instruction.argument_count;
            const double result = instruction.function->apply(&stack[first], instruction.argument_count, instruction.position);
            stack.resize(first);
            stack.push_back(finite_or_fail(result, instruction.position));
            break;
        }
        default: {
            const double rhs = stack.back();
            stack.pop_back();
            stack.back() = finite_or_fail(apply_binary(instruction.op, stack.back(), rhs, instruction.position), instruction.position);
        }
        }
    }
    return stack.back();
}

}  // namespace

double evaluate(std::string_view expression) {
    if (expression.size() > kMaxExpressionLength) {
        fail(EvalErrorKind::too_long, 0,
             "expression is too long (" + std::to_string(expression.size()) + " bytes, limit " +
                 std::to_string(kMaxExpressionLength) + ")",
             "split it into several calculations");
    }
    const double result = run(Parser(detail::tokenize(expression)).parse());
    return result == 0 ? 0.0 : result;  // turns -0 into 0
}

std::string format_number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (value == 0) return "0";
    // Without a precision, to_chars yields the shortest digits that round-trip: "-1.25e+02".
    char buffer[64];
    const char* const end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    const std::size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e)) {
        if (c >= '0' && c <= '9') digits += c;
    }
    int exponent = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), end, exponent);

    const int digit_count = static_cast<int>(digits.size());
    const int point = exponent + 1;  // how many digits stand before the decimal point
    std::string out = value < 0 ? "-" : "";
    if (point >= digit_count && point <= 21) {
        out += digits + std::string(static_cast<std::size_t>(point - digit_count), '0');
    } else if (point > 0 && point <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    } else if (point > -6 && point <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else {
        out += digits.substr(0, 1) + (digit_count > 1 ? "." + digits.substr(1) : "");
        out += (exponent < 0 ? "e-" : "e+") + std::to_string(std::abs(exponent));
    }
    return out;
}

}  // namespace calculator
