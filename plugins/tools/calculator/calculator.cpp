// calculator: a tool that evaluates arithmetic so the model does not have to do it in its head.
//
// The plugin is a thin adapter: argument checking and error mapping live here, the evaluation
// itself in expression.hpp. Every problem with the input, including the evaluator's EvalError,
// becomes AH_ERR_INVALID_ARGUMENT with a message the model can act on ("division by zero at
// position 1"), so it can fix the expression and call again.
//
//   [tool.calculator]
//   plugin = calculator
#include "agenthost/sdk.hpp"

#include "expression.hpp"

#include <cstddef>
#include <string>

namespace {

constexpr const char* kParametersSchema = R"({
  "type": "object",
  "properties": {
    "expression": {
      "type": "string",
      "minLength": 1,
      "maxLength": 10000,
      "description": "The expression, e.g. \"(17.5 - 3) * 4 / 2\" or \"sqrt(2) * sin(pi / 4)\". Operators: + - * / % (remainder) ^ (power), parentheses. Constants: pi, e, tau. Functions: abs acos asin atan atan2 cbrt ceil cos cosh exp fact floor hypot ln log (base 10, or log(x, base)) log10 log2 max min pow round sin sinh sqrt tan tanh trunc; angles in radians. Write '*' explicitly (2*pi, not 2pi) and no thousands separators (1000, not 1,000)."
    }
  },
  "required": ["expression"],
  "additionalProperties": false
})";

struct Calculator : agenthost::Tool {
  static constexpr const char* type_name = "calculator";
  static constexpr const char* description =
      "Evaluates an arithmetic expression and returns the result as a decimal number (double "
      "precision). Use it for any calculation instead of working it out yourself.";
  // No settings: the default schema {"type":"object","properties":{}} makes the host reject any
  // key an operator sets, rather than silently ignoring a typo.
  static constexpr bool thread_safe = true; // no state at all

  std::string parameters_schema() const override { return kParametersSchema; }

  agenthost::ToolOutput invoke(agenthost::Call&, const agenthost::json::Value& arguments) override {
    // Strict, like the schema's additionalProperties: a model that invents an argument (say
    // "precision") learns that it has no effect instead of trusting that it did.
    for (const auto& member : arguments.as_object()) {
      if (member.first != "expression")
        throw agenthost::CallError::invalid_argument("unknown argument " + agenthost::quote_for_message(member.first) +
                                                     "; the only argument is 'expression'");
    }
    const agenthost::json::Value* expression = arguments.find("expression");
    if (!expression)
      throw agenthost::CallError::invalid_argument(
          "missing argument 'expression': give the arithmetic to evaluate, e.g. {\"expression\": \"2 * (3 + 4)\"}");
    if (!expression->is_string())
      throw agenthost::CallError::invalid_argument(std::string("'expression' must be a string such as \"2 * (3 + 4)\", got ") +
                                                   agenthost::json::type_name(expression->type()));
    try {
      return calculator::format_number(calculator::evaluate(expression->as_string()));
    } catch (const calculator::EvalError& error) {
      throw agenthost::CallError::invalid_argument(error.what());
    }
  }
};

} // namespace

AGENTHOST_PLUGIN("calculator", "1.0.0", "Safe arithmetic evaluation for models", Calculator)
