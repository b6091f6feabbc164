#include "../expression.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace calculator {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::optional<EvalError> error_of(std::string_view expression) {
    try {
        const double value = evaluate(expression);
        ADD_FAILURE() << "expected an error for \"" << expression << "\", got " << value;
    } catch (const EvalError& error) {
        return error;
    }
    return std::nullopt;
}

// Checks kind, position and that the full message contains `message_part`.
void expect_error(std::string_view expression, EvalErrorKind kind, std::size_t position, std::string_view message_part) {
    SCOPED_TRACE(std::string(expression));
    const std::optional<EvalError> error = error_of(expression);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->kind(), kind) << error->what();
    EXPECT_EQ(error->position(), position) << error->what();
    EXPECT_NE(std::string(error->what()).find(message_part), std::string::npos)
        << "message \"" << error->what() << "\" lacks \"" << message_part << "\"";
}

// ------------------------------------------------------------------------- arithmetic

TEST(Evaluate, NumberLiterals) {
    EXPECT_EQ(evaluate("42"), 42);
    EXPECT_EQ(evaluate("1.25"), 1.25);
    EXPECT_EQ(evaluate(".5"), 0.5);
    EXPECT_EQ(evaluate("5."), 5);
    EXPECT_EQ(evaluate("1e3"), 1000);
    EXPECT_EQ(evaluate("2.5E-2"), 0.025);
    EXPECT_EQ(evaluate("1e+2"), 100);
    EXPECT_EQ(evaluate("007"), 7);
    EXPECT_EQ(evaluate("1e-400"), 0) << "underflow rounds to zero rather than failing";
}

TEST(Evaluate, PrecedenceOfBinaryOperators) {
    EXPECT_EQ(evaluate("2+3*4"), 14);
    EXPECT_EQ(evaluate("(2+3)*4"), 20);
    EXPECT_EQ(evaluate("10-4-3"), 3) << "'-' is left-associative";
    EXPECT_EQ(evaluate("64/4/2"), 8) << "'/' is left-associative";
    EXPECT_EQ(evaluate("2*3^2"), 18);
    EXPECT_EQ(evaluate("1+10%4*2"), 5) << "'%' binds like '*'";
    EXPECT_EQ(evaluate("7-2*3+1"), 2);
}

TEST(Evaluate, PowerIsRightAssociativeAndBindsTighterThanUnaryMinus) {
    EXPECT_EQ(evaluate("2^3^2"), 512);
    EXPECT_EQ(evaluate("(2^3)^2"), 64);
    EXPECT_EQ(evaluate("-2^2"), -4);
    EXPECT_EQ(evaluate("(-2)^2"), 4);
    EXPECT_EQ(evaluate("2^-1"), 0.5);
    EXPECT_EQ(evaluate("2^-1^2"), 0.5) << "2^(-(1^2))";
    EXPECT_EQ(evaluate("2**10"), 1024) << "'**' is an alias for '^'";
    EXPECT_EQ(evaluate("0^0"), 1);
    EXPECT_EQ(evaluate("(-8)^3"), -512) << "negative base with integer exponent is fine";
}

TEST(Evaluate, UnaryChains) {
    EXPECT_EQ(evaluate("--2"), 2);
    EXPECT_EQ(evaluate("-(-3)"), 3);
    EXPECT_EQ(evaluate("+-+-4"), 4);
    EXPECT_EQ(evaluate("3--2"), 5);
    EXPECT_EQ(evaluate("3*-2"), -6);
    EXPECT_EQ(evaluate("-3^2*-1"), 9);
}

TEST(Evaluate, RemainderHasTheSignOfTheDividend) {
    EXPECT_EQ(evaluate("7%3"), 1);
    EXPECT_EQ(evaluate("-7%3"), -1);
    EXPECT_EQ(evaluate("7%-3"), 1);
    EXPECT_EQ(evaluate("5.5%2"), 1.5);
}

TEST(Evaluate, NegativeZeroIsNormalised) {
    const double result = evaluate("-0");
    EXPECT_EQ(result, 0);
    EXPECT_FALSE(std::signbit(result));
    EXPECT_FALSE(std::signbit(evaluate("0*-1")));
}

TEST(Evaluate, Constants) {
    EXPECT_DOUBLE_EQ(evaluate("pi"), kPi);
    EXPECT_DOUBLE_EQ(evaluate("\u03C0"), kPi);
    EXPECT_DOUBLE_EQ(evaluate("tau"), 2 * kPi);
    EXPECT_DOUBLE_EQ(evaluate("e"), std::exp(1.0));
    EXPECT_DOUBLE_EQ(evaluate("PI"), kPi) << "names are case-insensitive";
    EXPECT_DOUBLE_EQ(evaluate("2*pi"), 2 * kPi);
}

TEST(Evaluate, UnicodeOperatorAliases) {
    EXPECT_EQ(evaluate("6\u00D77"), 42);      // ×
    EXPECT_EQ(evaluate("84\u00F72"), 42);     // ÷
    EXPECT_EQ(evaluate("50\u22128"), 42);     // − (minus sign)
    EXPECT_EQ(evaluate("\u22122^2"), -4);     // − as unary minus keeps -2^2 = -4
    EXPECT_DOUBLE_EQ(evaluate("2\u00D7\u03C0"), 2 * kPi);
}

TEST(Evaluate, WhitespaceIsIgnored) {
    EXPECT_EQ(evaluate("  1 +\t2 *\n3  "), 7);
    EXPECT_EQ(evaluate("max ( 1 , 5 , 3 )"), 5);
    EXPECT_EQ(evaluate("2\u00A0+\u00A02"), 4) << "no-break space";
    EXPECT_EQ(evaluate("\r\n-\v2\f"), -2);
}

// -------------------------------------------------------------------------- functions

TEST(Functions, RootsPowersAndAbsoluteValue) {
    EXPECT_EQ(evaluate("sqrt(16)"), 4);
    EXPECT_EQ(evaluate("cbrt(-27)"), -3) << "exact, although libm's cbrt is off by an ulp here";
    EXPECT_EQ(evaluate("cbrt(1e15)"), 1e5);
    EXPECT_DOUBLE_EQ(evaluate("cbrt(2)"), std::cbrt(2.0));
    EXPECT_EQ(evaluate("abs(-2.5)"), 2.5);
    EXPECT_EQ(evaluate("pow(2, 10)"), 1024);
    EXPECT_EQ(evaluate("hypot(3, 4)"), 5);
    EXPECT_EQ(evaluate("hypot(2, 3, 6)"), 7);
    EXPECT_DOUBLE_EQ(evaluate("exp(1)"), std::exp(1.0));
}

TEST(Functions, Trigonometry) {
    EXPECT_NEAR(evaluate("sin(pi/2)"), 1, 1e-15);
    EXPECT_NEAR(evaluate("cos(pi)"), -1, 1e-15);
    EXPECT_NEAR(evaluate("tan(pi/4)"), 1, 1e-15);
    EXPECT_DOUBLE_EQ(evaluate("asin(1)"), kPi / 2);
    EXPECT_DOUBLE_EQ(evaluate("acos(-1)"), kPi);
    EXPECT_DOUBLE_EQ(evaluate("atan(1)"), kPi / 4);
    EXPECT_DOUBLE_EQ(evaluate("atan2(1, -1)"), 3 * kPi / 4) << "atan2 takes (y, x)";
    EXPECT_DOUBLE_EQ(evaluate("sinh(1)"), std::sinh(1.0));
    EXPECT_DOUBLE_EQ(evaluate("cosh(1)"), std::cosh(1.0));
    EXPECT_DOUBLE_EQ(evaluate("tanh(0.5)"), std::tanh(0.5));
}

TEST(Functions, Logarithms) {
    EXPECT_EQ(evaluate("ln(e)"), 1);
    EXPECT_EQ(evaluate("log(1000)"), 3) << "log is base 10, and exact for powers of 10";
    EXPECT_EQ(evaluate("log10(0.01)"), -2);
    EXPECT_EQ(evaluate("log2(1024)"), 10);
    EXPECT_EQ(evaluate("log(81, 3)"), 4) << "log(x, base) is exact for integer powers";
    EXPECT_EQ(evaluate("log(1e15, 10)"), 15);
    EXPECT_DOUBLE_EQ(evaluate("log(10, 2)"), std::log2(10.0));
    EXPECT_DOUBLE_EQ(evaluate("log(0.5, 4)"), -0.5);
}

TEST(Functions, Rounding) {
    EXPECT_EQ(evaluate("floor(-2.5)"), -3);
    EXPECT_EQ(evaluate("ceil(-2.5)"), -2);
    EXPECT_EQ(evaluate("round(2.5)"), 3);
    EXPECT_EQ(evaluate("round(-2.5)"), -3) << "half away from zero";
    EXPECT_EQ(evaluate("trunc(-2.7)"), -2);
}

TEST(Functions, MinMaxAcceptAnyNumberOfArguments) {
    EXPECT_EQ(evaluate("min(3)"), 3);
    EXPECT_EQ(evaluate("min(3, -1, 2)"), -1);
    EXPECT_EQ(evaluate("max(3, -1, 2, 10 - 1)"), 9);
    EXPECT_EQ(evaluate("max(min(1, 2), min(3, 4))"), 3);
}

TEST(Functions, Factorial) {
    EXPECT_EQ(evaluate("fact(0)"), 1);
    EXPECT_EQ(evaluate("fact(5)"), 120);
    EXPECT_EQ(evaluate("factorial(10)"), 3628800);
    EXPECT_EQ(evaluate("fact(20)"), 2432902008176640000.0);
    EXPECT_NEAR(evaluate("fact(170)") / 7.257415615307994e306, 1, 1e-12);
}

TEST(Functions, NamesAreCaseInsensitiveAndNestable) {
    EXPECT_EQ(evaluate("SQRT(Abs(-16))"), 4);
    EXPECT_EQ(evaluate("sqrt(sqrt(sqrt(256)))"), 2);
}

// ----------------------------------------------------------------------------- errors

TEST(Errors, MessageCarriesPositionAndHint) {
    const std::optional<EvalError> error = error_of("2(3)");
    ASSERT_TRUE(error.has_value());
    EXPECT_STREQ(error->what(), "unexpected '(' at position 1; use '*' for multiplication");
    EXPECT_EQ(error->reason(), "unexpected '('");
    EXPECT_EQ(error->position(), 1u);
}

TEST(Errors, ArithmeticFailures) {
    expect_error("1/0", EvalErrorKind::division_by_zero, 1, "division by zero");
    expect_error("1 / (2 - 2)", EvalErrorKind::division_by_zero, 2, "division by zero");
    expect_error("5 % 0", EvalErrorKind::division_by_zero, 2, "modulo by zero");
    expect_error("0^-1", EvalErrorKind::division_by_zero, 1, "0 raised to a negative power");
    expect_error("10^400", EvalErrorKind::overflow, 2, "result overflows (too large)");
    expect_error("1e308*10", EvalErrorKind::overflow, 5, "result overflows (too large)");
    expect_error("exp(1000)", EvalErrorKind::overflow, 0, "result overflows (too large)");
    expect_error("1e400", EvalErrorKind::overflow, 0, "number '1e400' is too large");
    expect_error("(-8)^(1/3)", EvalErrorKind::domain, 4, "a negative number (-8) raised to a non-integer power (0.3333333333333333) is not real");
}

TEST(Errors, OverflowInAnIntermediateIsReportedEvenIfTheResultWouldBeFinite) {
    expect_error("1e300*1e300/1e300", EvalErrorKind::overflow, 5, "overflows");
}

TEST(Errors, DomainErrorsNameTheArgument) {
    expect_error("sqrt(-1)", EvalErrorKind::domain, 0, "sqrt of a negative number is not real (got -1)");
    expect_error("1 + ln(0)", EvalErrorKind::domain, 4, "ln is only defined for positive numbers (got 0)");
    expect_error("log(-10)", EvalErrorKind::domain, 0, "log is only defined for positive numbers");
    expect_error("log2(0)", EvalErrorKind::domain, 0, "log2 is only defined for positive numbers");
    expect_error("log(8, 1)", EvalErrorKind::domain, 0, "log base must be positive and not 1 (got 1)");
    expect_error("asin(2)", EvalErrorKind::domain, 0, "asin is only defined for -1 <= x <= 1 (got 2)");
    expect_error("acos(-1.5)", EvalErrorKind::domain, 0, "(got -1.5)");
    expect_error("fact(-1)", EvalErrorKind::domain, 0, "non-negative integers (got -1)");
    expect_error("factorial(2.5)", EvalErrorKind::domain, 0, "non-negative integers (got 2.5)");
    expect_error("fact(171)", EvalErrorKind::overflow, 0, "fact(170) is the largest");
}

TEST(Errors, UnknownNamesListWhatIsKnown) {
    expect_error("foo(2)", EvalErrorKind::unknown_name, 0, "unknown function 'foo' at position 0; known constants:");
    expect_error("2 * x", EvalErrorKind::unknown_name, 4, "unknown name 'x'");
    const std::optional<EvalError> error = error_of("foo(1)");
    ASSERT_TRUE(error.has_value());
    for (const char* name : {"sqrt", "atan2", "factorial", "log2", "pi", "tau"}) {
        EXPECT_NE(std::string(error->what()).find(name), std::string::npos) << name;
    }
    const std::optional<EvalError> long_name = error_of(std::string(5000, 'z'));
    ASSERT_TRUE(long_name.has_value());
    EXPECT_LT(long_name->reason().size(), 80u) << "long names are abbreviated in messages";
}

TEST(Errors, WrongArity) {
    expect_error("sqrt(1, 2)", EvalErrorKind::wrong_arity, 0, "sqrt expects 1 argument (got 2)");
    expect_error("sqrt()", EvalErrorKind::wrong_arity, 0, "sqrt expects 1 argument (got 0)");
    expect_error("1+atan2(1)", EvalErrorKind::wrong_arity, 2, "atan2 expects 2 arguments (got 1)");
    expect_error("log(1, 2, 3)", EvalErrorKind::wrong_arity, 0, "log expects 1 or 2 arguments (got 3)");
    expect_error("max()", EvalErrorKind::wrong_arity, 0, "max expects at least 1 argument (got 0)");
    expect_error("hypot(1)", EvalErrorKind::wrong_arity, 0, "hypot expects at least 2 arguments (got 1)");
}

TEST(Errors, SyntaxEmptyAndTrailingOperators) {
    expect_error("", EvalErrorKind::syntax, 0, "empty expression");
    expect_error("   ", EvalErrorKind::syntax, 0, "empty expression");
    expect_error("2 +", EvalErrorKind::syntax, 2, "missing operand after '+'");
    expect_error("2 * -", EvalErrorKind::syntax, 4, "missing operand after '-'");
    expect_error("2^", EvalErrorKind::syntax, 1, "missing operand after '^'");
    expect_error("2 + * 3", EvalErrorKind::syntax, 4, "unexpected '*'");
    expect_error("*3", EvalErrorKind::syntax, 0, "unexpected '*'");
}

TEST(Errors, SyntaxUnbalancedParentheses) {
    expect_error("(1 + 2", EvalErrorKind::syntax, 0, "unclosed '('");
    expect_error("1 + (2 * (3)", EvalErrorKind::syntax, 4, "unclosed '('");
    expect_error("1 + 2)", EvalErrorKind::syntax, 5, "unmatched ')'");
    expect_error("()", EvalErrorKind::syntax, 1, "unexpected ')'");
    expect_error("(", EvalErrorKind::syntax, 0, "missing operand after '('");
    expect_error("sqrt(4", EvalErrorKind::syntax, 4, "unclosed '('");
    expect_error("max(1,)", EvalErrorKind::syntax, 6, "unexpected ')'");
}

TEST(Errors, ImplicitMultiplicationIsRejectedWithAHint) {
    expect_error("2 3", EvalErrorKind::syntax, 2, "unexpected '3' at position 2; use '*' for multiplication");
    expect_error("2pi", EvalErrorKind::syntax, 1, "unexpected 'pi' at position 1; use '*'");
    expect_error("(1)(2)", EvalErrorKind::syntax, 3, "unexpected '(' at position 3; use '*'");
    expect_error("pi(2)", EvalErrorKind::syntax, 2, "use '*' for multiplication");
    expect_error("2 sqrt(4)", EvalErrorKind::syntax, 2, "unexpected 'sqrt' at position 2; use '*'");
}

TEST(Errors, SyntaxMalformedNumbersAndStrayCharacters) {
    expect_error("1_000", EvalErrorKind::syntax, 1, "'_' is not allowed in numbers");
    expect_error("1.2.3", EvalErrorKind::syntax, 0, "malformed number '1.2.'");
    expect_error("1e", EvalErrorKind::syntax, 0, "an exponent needs digits");
    expect_error("2e+", EvalErrorKind::syntax, 0, "malformed number '2e+'");
    expect_error("1 + .", EvalErrorKind::syntax, 4, "unexpected '.'");
    expect_error("2 $ 3", EvalErrorKind::syntax, 2, "unexpected character '$'");
    expect_error("5!", EvalErrorKind::syntax, 1, "use fact(n)");
    expect_error("2+2=", EvalErrorKind::syntax, 3, "without '='");
    expect_error("1,000", EvalErrorKind::syntax, 1, "write 1000, not 1,000");
    expect_error("sqrt", EvalErrorKind::syntax, 0, "needs its arguments in parentheses");
    expect_error("1\x01", EvalErrorKind::syntax, 1, "unexpected control character (code 1)");
    expect_error("1 \u00B7 2", EvalErrorKind::syntax, 2, "unexpected character '\u00B7'");
}

TEST(Errors, PositionsCountCharactersNotBytes) {
    // "×" and "π" are two bytes each; the '/' is the 5th character.
    expect_error("2\u00D7\u03C0 / 0", EvalErrorKind::division_by_zero, 4, "division by zero");
    expect_error("\u2212\u2212", EvalErrorKind::syntax, 1, "missing operand after '\u2212'");
}

TEST(Errors, InvalidUtf8NeverCrashes) {
    const std::string broken_inputs[] = {"1+\xff", "\xc3", "2*\x80\x80", "\xe2\x88", "\xc0\xaf", "1+\xed\xa0\x80"};
    for (const std::string& input : broken_inputs) {
        const std::optional<EvalError> error = error_of(input);
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->kind(), EvalErrorKind::syntax) << error->what();
        // The message must stay valid UTF-8 so it can be embedded in JSON.
        const std::string message = error->what();
        EXPECT_TRUE(std::all_of(message.begin(), message.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
            << message;
    }
}

// ----------------------------------------------------------------------------- limits

TEST(Limits, NestingUpToTheLimitWorksAndBeyondFails) {
    const auto nested = [](std::size_t depth) { return std::string(depth, '(') + "1" + std::string(depth, ')'); };
    EXPECT_EQ(evaluate(nested(kMaxNestingDepth)), 1);
    expect_error(nested(kMaxNestingDepth + 1), EvalErrorKind::too_deep, kMaxNestingDepth, "nests too deeply (more than 200 levels)");
    expect_error(nested(4000), EvalErrorKind::too_deep, kMaxNestingDepth, "nests too deeply");
}

TEST(Limits, UnarySignsFunctionsAndExponentChainsCountAsNesting) {
    EXPECT_EQ(evaluate(std::string(200, '-') + "1"), 1);
    expect_error(std::string(5000, '-') + "1", EvalErrorKind::too_deep, kMaxNestingDepth, "nests too deeply");
    std::string sqrts;
    for (int i = 0; i < 300; ++i) sqrts += "sqrt(";
    expect_error(sqrts + "1" + std::string(300, ')'), EvalErrorKind::too_deep, 5 * kMaxNestingDepth + 4, "nests too deeply");
    std::string tower = "1";
    for (int i = 0; i < 1000; ++i) tower += "^1";
    expect_error(tower, EvalErrorKind::too_deep, 2 * kMaxNestingDepth + 1, "nests too deeply");
}

TEST(Limits, LongFlatExpressionsAreFineUpToTheLengthLimit) {
    std::string sum = "1";
    while (sum.size() + 2 <= kMaxExpressionLength) sum += "+1";
    ASSERT_LE(sum.size(), kMaxExpressionLength);
    EXPECT_EQ(evaluate(sum), static_cast<double>((sum.size() + 1) / 2));
    expect_error(sum + "+1", EvalErrorKind::too_long, 0, "expression is too long (10001 bytes, limit 10000)");
    expect_error(std::string(1'000'000, '1'), EvalErrorKind::too_long, 0, "too long");
}

// ------------------------------------------------------------------------- formatting

TEST(FormatNumber, IntegersHaveNoFractionAndDecimalsAreShortest) {
    EXPECT_EQ(format_number(4), "4");
    EXPECT_EQ(format_number(-120), "-120");
    EXPECT_EQ(format_number(0.1), "0.1");
    EXPECT_EQ(format_number(-0.5), "-0.5");
    EXPECT_EQ(format_number(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(format_number(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(format_number(123456789012.5), "123456789012.5");
    EXPECT_EQ(format_number(0.0), "0");
    EXPECT_EQ(format_number(-0.0), "0");
}

TEST(FormatNumber, SwitchesToScientificOutsideReadableRange) {
    EXPECT_EQ(format_number(1e20), "100000000000000000000");
    EXPECT_EQ(format_number(1e21), "1e+21");
    EXPECT_EQ(format_number(-1.5e300), "-1.5e+300");
    EXPECT_EQ(format_number(0.000001), "0.000001");
    EXPECT_EQ(format_number(1.5e-7), "1.5e-7");
    EXPECT_EQ(format_number(5e-324), "5e-324");
    EXPECT_EQ(format_number(std::nan("")), "nan");
    EXPECT_EQ(format_number(-HUGE_VAL), "-inf");
}

TEST(FormatNumber, RoundTripsExactly) {
    std::mt19937_64 random(12345);
    std::uniform_real_distribution<double> mantissa(-10, 10);
    std::uniform_int_distribution<int> exponent(-320, 300);
    for (int i = 0; i < 5000; ++i) {
        const double value = mantissa(random) * std::pow(10.0, exponent(random));
        const std::string text = format_number(value);
        EXPECT_EQ(evaluate(text), value == 0 ? 0.0 : value) << text;
    }
}

// ------------------------------------------------------------------------------- fuzz

// Every input must either evaluate to a finite number or throw EvalError with a position that
// lies inside (or just after) the input; anything else (crash, hang, other exception) fails.
void expect_well_behaved(const std::string& input) {
    try {
        const double value = evaluate(input);
        EXPECT_TRUE(std::isfinite(value)) << input;
    } catch (const EvalError& error) {
        EXPECT_LE(error.position(), input.size()) << input << " -> " << error.what();
    } catch (...) {
        ADD_FAILURE() << "unexpected exception type for: " << input;
    }
}

TEST(Fuzz, RandomTokenSoupOnlyYieldsFiniteNumbersOrEvalErrors) {
    const std::vector<std::string> pieces = {
        "0", "1", "7", "42", ".5", "3.", "1e3", "2e-5", "1e308", "9e99", "e", "E", "+", "-", "*", "/",
        "%", "^", "**", "(", ")", ",", " ", "pi", "tau", "sqrt(", "ln(", "log(", "fact(", "max(", "min(",
        "atan2(", "pow(", "exp(", "asin(", "hypot(", "\u00D7", "\u00F7", "\u2212", "\u03C0", "_", ".",
        "foo", "!", "\xff", "\xc3", "=", "x",
    };
    std::mt19937 random(20240601);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 24);
    for (int i = 0; i < 20'000; ++i) {
        std::string input;
        for (int n = length(random); n > 0; --n) input += pieces[pick(random)];
        expect_well_behaved(input);
    }
}

// Builds syntactically valid expressions; they may only fail for mathematical reasons.
std::string random_expression(std::mt19937& random, int depth) {
    static const std::vector<std::string> atoms = {"0", "1", "2", "0.5", "10", "1e10", "1e200", "pi", "e", "-3"};
    static const std::vector<std::string> operators = {"+", "-", "*", "/", "%", "^", "\u00D7", "\u00F7", "\u2212"};
    static const std::vector<std::string> unary = {"sqrt", "ln", "exp", "fact", "asin", "tan", "log2", "cosh", "round"};
    std::uniform_int_distribution<int> choice(0, depth > 6 ? 0 : 4);
    const auto any = [&random](const std::vector<std::string>& from) {
        return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
    };
    switch (choice(random)) {
    case 0: return any(atoms);
    case 1: return random_expression(random, depth + 1) + any(operators) + random_expression(random, depth + 1);
    case 2: return "-(" + random_expression(random, depth + 1) + ")";
    case 3: return any(unary) + "(" + random_expression(random, depth + 1) + ")";
    default: return "max(" + random_expression(random, depth + 1) + ", " + random_expression(random, depth + 1) + ")";
    }
}

TEST(Fuzz, ValidExpressionsNeverProduceSyntaxErrors) {
    std::mt19937 random(7);
    int evaluated = 0;
    for (int i = 0; i < 10'000; ++i) {
        const std::string input = random_expression(random, 0);
        try {
            EXPECT_TRUE(std::isfinite(evaluate(input))) << input;
            ++evaluated;
        } catch (const EvalError& error) {
            const EvalErrorKind kind = error.kind();
            EXPECT_TRUE(kind == EvalErrorKind::division_by_zero || kind == EvalErrorKind::domain ||
                        kind == EvalErrorKind::overflow)
                << input << " -> " << error.what();
        }
    }
    EXPECT_GT(evaluated, 3000) << "the generator should mostly produce computable expressions";
}

}  // namespace
}  // namespace calculator
