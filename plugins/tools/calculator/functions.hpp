// Internal to the evaluator: the named constants and functions an expression may use, with
// their domain checks, and the '^' operator they share with pow().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace calculator::detail {

struct Constant {
    std::string_view name;
    double value;
};

// Domain checks live in the functions so their messages can name the function and argument.
// `position` is that of the function name, for the EvalError a check throws.
using Apply = double (*)(const double* args, std::size_t count, std::size_t position);

struct Function {
    std::string_view name;
    std::size_t min_args;
    std::size_t max_args;  // kUnbounded for variadic functions such as max
    Apply apply;
};

inline constexpr std::size_t kUnbounded = SIZE_MAX;

// Case-insensitive lookups; nullptr when there is no such name.
const Constant* find_constant(std::string_view name);
const Function* find_function(std::string_view name);

// "known constants: pi (π), e, tau; known functions: abs, acos, ..." for unknown-name errors.
std::string known_names_hint();

// "1 argument", "2 arguments", "1 or 2 arguments", "at least 2 arguments".
std::string expected_arguments(const Function& function);

// base ^ exponent, shared by the '^' operator and pow(). Throws EvalError for 0 to a negative
// power (division by zero) and a negative base to a non-integer power (not real).
double power(double base, double exponent, std::size_t position);

}  // namespace calculator::detail
