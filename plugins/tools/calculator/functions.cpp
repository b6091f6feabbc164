// The function and constant table. Each function checks its own domain, so a message can say
// "sqrt of a negative number is not real (got -1)" rather than a generic "not a number".
#include "functions.hpp"

#include "diagnostics.hpp"
#include "expression.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace calculator::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;

constexpr Constant kConstants[] = {{"pi", kPi}, {"\u03C0", kPi}, {"e", 2.71828182845904523536}, {"tau", 2 * kPi}};

[[noreturn]] void domain_error(std::size_t position, std::string_view what, double argument) {
    fail(EvalErrorKind::domain, position, std::string(what) + " (got " + format_number(argument) + ")");
}

double require_positive(double x, std::size_t position, std::string_view name) {
    if (x <= 0) domain_error(position, std::string(name) + " is only defined for positive numbers", x);
    return x;
}

// libm's cbrt can miss by an ulp (cbrt(27) = 3.0000000000000004); a calculator should say 3.
double cube_root(double x) {
    const double root = std::cbrt(x);
    const double integer = std::round(root);
    return integer * integer * integer == x ? integer : root;
}

double factorial(const double* args, std::size_t, std::size_t position) {
    const double n = args[0];
    if (n < 0 || n != std::trunc(n)) domain_error(position, "factorial is only defined for non-negative integers", n);
    if (n > 170) fail(EvalErrorKind::overflow, position, "result overflows (too large)", "fact(170) is the largest factorial");
    double result = 1;
    for (int i = 2; i <= static_cast<int>(n); ++i) result *= i;
    return result;
}

double log_any(const double* args, std::size_t count, std::size_t position) {
    const double x = require_positive(args[0], position, "log");
    if (count == 1) return std::log10(x);
    const double base = args[1];
    if (base <= 0 || base == 1) domain_error(position, "log base must be positive and not 1", base);
    // Like cube_root: the quotient can miss by an ulp, and log(81, 3) should be exactly 4.
    const double approximate = std::log(x) / std::log(base);
    const double integer = std::round(approximate);
    return std::pow(base, integer) == x ? integer : approximate;
}

// Sorted by name: the "known functions" hint lists them in this order.
const Function kFunctions[] = {
    {"abs", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::fabs(a[0]); }},
    {"acos", 1, 1, [](const double* a, std::size_t, std::size_t p) {
         if (std::fabs(a[0]) > 1) domain_error(p, "acos is only defined for -1 <= x <= 1", a[0]);
         return std::acos(a[0]);
     }},
    {"asin", 1, 1, [](const double* a, std::size_t, std::size_t p) {
         if (std::fabs(a[0]) > 1) domain_error(p, "asin is only defined for -1 <= x <= 1", a[0]);
         return std::asin(a[0]);
     }},
    {"atan", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::atan(a[0]); }},
    {"atan2", 2, 2, [](const double* a, std::size_t, std::size_t) { return std::atan2(a[0], a[1]); }},
    {"cbrt", 1, 1, [](const double* a, std::size_t, std::size_t) { return cube_root(a[0]); }},
    {"ceil", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::ceil(a[0]); }},
    {"cos", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::cos(a[0]); }},
    {"cosh", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::cosh(a[0]); }},
    {"exp", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::exp(a[0]); }},
    {"fact", 1, 1, factorial},
    {"factorial", 1, 1, factorial},
    {"floor", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::floor(a[0]); }},
    {"hypot", 2, kUnbounded, [](const double* a, std::size_t n, std::size_t) {
         return std::accumulate(a, a + n, 0.0, [](double sum, double x) { return std::hypot(sum, x); });
     }},
    {"ln", 1, 1, [](const double* a, std::size_t, std::size_t p) { return std::log(require_positive(a[0], p, "ln")); }},
    {"log", 1, 2, log_any},
    {"log10", 1, 1, [](const double* a, std::size_t, std::size_t p) { return std::log10(require_positive(a[0], p, "log10")); }},
    {"log2", 1, 1, [](const double* a, std::size_t, std::size_t p) { return std::log2(require_positive(a[0], p, "log2")); }},
    {"max", 1, kUnbounded, [](const double* a, std::size_t n, std::size_t) { return *std::max_element(a, a + n); }},
    {"min", 1, kUnbounded, [](const double* a, std::size_t n, std::size_t) { return *std::min_element(a, a + n); }},
    {"pow", 2, 2, [](const double* a, std::size_t, std::size_t p) { return power(a[0], a[1], p); }},
    {"round", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::round(a[0]); }},
    {"sin", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::sin(a[0]); }},
    {"sinh", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::sinh(a[0]); }},
    {"sqrt", 1, 1, [](const double* a, std::size_t, std::size_t p) {
         if (a[0] < 0) domain_error(p, "sqrt of a negative number is not real", a[0]);
         return std::sqrt(a[0]);
     }},
    {"tan", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::tan(a[0]); }},
    {"tanh", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::tanh(a[0]); }},
    {"trunc", 1, 1, [](const double* a, std::size_t, std::size_t) { return std::trunc(a[0]); }},
};

std::string lowercase(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return lower;
}

}  // namespace

double power(double base, double exponent, std::size_t position) {
    if (base == 0 && exponent < 0) fail(EvalErrorKind::division_by_zero, position, "0 raised to a negative power divides by zero");
    if (base < 0 && exponent != std::trunc(exponent)) {
        fail(EvalErrorKind::domain, position,
             "a negative number (" + format_number(base) + ") raised to a non-integer power (" + format_number(exponent) +
                 ") is not real");
    }
    return std::pow(base, exponent);
}

const Constant* find_constant(std::string_view name) {
    const std::string lower = lowercase(name);
    for (const Constant& constant : kConstants) {
        if (constant.name == lower) return &constant;
    }
    return nullptr;
}

const Function* find_function(std::string_view name) {
    const std::string lower = lowercase(name);
    for (const Function& function : kFunctions) {
        if (function.name == lower) return &function;
    }
    return nullptr;
}

std::string known_names_hint() {
    std::string hint = "known constants: pi (\u03C0), e, tau; known functions:";
    for (const Function& function : kFunctions) hint += " " + std::string(function.name) + ",";
    hint.pop_back();
    return hint;
}

std::string expected_arguments(const Function& function) {
    const auto arguments = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
    if (function.max_args == kUnbounded) return "at least " + arguments(function.min_args);
    if (function.max_args == function.min_args) return arguments(function.min_args);
    return std::to_string(function.min_args) + " or " + arguments(function.max_args);
}

}  // namespace calculator::detail
