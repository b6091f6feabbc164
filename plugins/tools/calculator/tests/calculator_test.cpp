// The calculator plugin as the host sees it: the built shared library loaded through FakeHost,
// every call going through the C ABI. The evaluator's own behaviour is covered in
// expression_test.cpp; this checks the descriptor, the tool's contract and the error mapping.
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built calculator plugin"
#endif

namespace {

using agenthost::json::Value;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;

class CalculatorPlugin : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }

  CallResult evaluate(const std::string& expression) {
    auto calculator = host.create("calculator");
    return calculator.invoke(agenthost::json::dump(Value::object({{"expression", expression}})));
  }

  FakeHost host;
};

// A failed call reports the status, the message, and no result the model could mistake for one.
void expect_invalid(const CallResult& r, const std::string& message) {
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << r.error;
  EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(r.error, message);
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty()) << "a failed call must not also emit a result";
}

void expect_invalid_containing(const CallResult& r, const std::string& part) {
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << r.error;
  EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(r.error.find(part), std::string::npos) << "message \"" << r.error << "\" lacks \"" << part << "\"";
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty());
}

// ------------------------------------------------------------------------------- descriptor

TEST_F(CalculatorPlugin, DescriptorDeclaresOneThreadSafeTool) {
  const ah_plugin_descriptor& d = host.descriptor();
  EXPECT_STREQ(d.name, "calculator");
  EXPECT_STREQ(d.version, "1.0.0");
  EXPECT_EQ(d.abi_major, AGENTHOST_ABI_MAJOR);
  EXPECT_GT(std::string(d.description).size(), 0u);
  ASSERT_EQ(d.component_count, 1u);
  const ah_component& c = *d.components[0];
  EXPECT_STREQ(c.type_name, "calculator");
  EXPECT_EQ(c.kind, AH_KIND_TOOL);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  EXPECT_NE(std::string(c.description).find("arithmetic"), std::string::npos) << c.description;
}

TEST_F(CalculatorPlugin, SettingsSchemaIsUsableAndDeclaresNoSettings) {
  const Value schema = agenthost::json::parse(host.component("calculator").settings_schema);
  EXPECT_TRUE(agenthost::settings::check_schema(schema).empty());
  EXPECT_EQ(schema["properties"], Value::object());
}

TEST_F(CalculatorPlugin, UnknownSettingIsRejectedAtCreate) {
  try {
    host.create("calculator", {{"precision", "3"}});
    FAIL() << "a setting the calculator does not have must be rejected";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown setting 'precision'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("takes no settings"), std::string::npos) << e.what();
  }
}

TEST_F(CalculatorPlugin, DescribeGivesDescriptionAndParametersSchema) {
  auto calculator = host.create("calculator");
  const CallResult r = calculator.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.of(AH_EVENT_RESULT).size(), 1u);
  EXPECT_EQ(r.of(AH_EVENT_RESULT)[0].name, "application/json");
  const Value described = r.result_json();
  EXPECT_EQ(described["description"].as_string(), host.component("calculator").description);

  const Value& parameters = described["parameters"];
  EXPECT_EQ(parameters["type"], Value("object"));
  EXPECT_EQ(parameters["required"], Value::array({"expression"}));
  EXPECT_EQ(parameters["properties"].size(), 1u);
  const Value& expression = parameters["properties"]["expression"];
  EXPECT_EQ(expression["type"], Value("string"));
  // The model only learns the grammar from here, so the description must teach the key points.
  const std::string& hint = expression["description"].as_string();
  for (const char* needed : {"sqrt", "pi", "radians", "^", "2*pi"})
    EXPECT_NE(hint.find(needed), std::string::npos) << "parameter description lacks " << needed;
}

// ---------------------------------------------------------------------------------- results

TEST_F(CalculatorPlugin, ResultIsTheFormattedNumber) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1+2", "3"},
      {"2 * (3 + 4)", "14"},
      {"10/4", "2.5"},
      {"0.1 + 0.2", "0.30000000000000004"},
      {"2^0.5", "1.4142135623730951"},
      {"-7 % 3", "-1"},
      {"1e21", "1e+21"},
      {"-0", "0"},
      {"fact(20)", "2432902008176640000"},
      {"log(8, 2)", "3"},
      {"\u03C0", "3.141592653589793"},
      {"2 \u00D7 3 \u2212 1", "5"},
  };
  for (const auto& [expression, expected] : cases) {
    SCOPED_TRACE(expression);
    const CallResult r = evaluate(expression);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.of(AH_EVENT_RESULT).size(), 1u);
    EXPECT_EQ(r.result(), expected);
    EXPECT_TRUE(r.error.empty());
  }
}

TEST_F(CalculatorPlugin, OneInstanceServesManyCallsAndThreads) {
  auto calculator = host.create("calculator");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string arguments = "{\"expression\": \"" + std::to_string(t) + " * 1000 + " + std::to_string(i) + "\"}";
        const CallResult r = calculator.invoke(arguments);
        if (!r.ok() || r.result() != std::to_string(t * 1000 + i)) ++wrong[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

// ------------------------------------------------------------------- evaluator errors, by kind

TEST_F(CalculatorPlugin, EveryEvaluatorErrorBecomesInvalidArgumentWithItsMessage) {
  expect_invalid(evaluate("2+"),
                 "missing operand after '+' at position 1; the expression must not end with an operator or '('");
  expect_invalid(evaluate("2pi"), "unexpected 'pi' at position 1; use '*' for multiplication");
  expect_invalid(evaluate(""), "empty expression at position 0; write something like 2 + 3");
  expect_invalid(evaluate("1 = 1"), "unexpected character '=' at position 2; give only the expression, without '='");
  expect_invalid(evaluate("1/0"), "division by zero at position 1");
  expect_invalid(evaluate("5 % 0"), "modulo by zero at position 2");
  expect_invalid(evaluate("sqrt(-1)"), "sqrt of a negative number is not real (got -1) at position 0");
  expect_invalid(evaluate("sqrt(1, 2)"), "sqrt expects 1 argument (got 2) at position 0");
  expect_invalid(evaluate("10^400"), "result overflows (too large) at position 2");
  expect_invalid_containing(evaluate("foo(2)"), "unknown function 'foo' at position 0; known constants: pi");
  expect_invalid_containing(evaluate(std::string(10'001, '1')), "expression is too long (10001 bytes, limit 10000)");
  expect_invalid_containing(evaluate(std::string(201, '(') + "1" + std::string(201, ')')),
                            "expression nests too deeply (more than 200 levels)");
}

// ------------------------------------------------------------------------- bad arguments

TEST_F(CalculatorPlugin, ArgumentsThatAreNotJsonAreRejected) {
  auto calculator = host.create("calculator");
  for (const char* text : {R"({"expression": )", R"({"expression": "1+2",})", "{'expression': '1+2'}", "1+2"}) {
    SCOPED_TRACE(text);
    expect_invalid_containing(calculator.invoke(text), "arguments are not valid JSON: line 1, column ");
  }
}

TEST_F(CalculatorPlugin, ArgumentsThatAreNotAnObjectAreRejected) {
  auto calculator = host.create("calculator");
  for (const char* text : {R"(["1+2"])", R"("1+2")", "42", "null", "true"}) {
    SCOPED_TRACE(text);
    expect_invalid(calculator.invoke(text), "arguments must be a JSON object");
  }
}

TEST_F(CalculatorPlugin, MissingExpressionIsRejectedWithAnExample) {
  auto calculator = host.create("calculator");
  for (const char* text : {"{}", ""}) { // the SDK reads empty arguments as {}
    SCOPED_TRACE(text);
    expect_invalid(calculator.invoke(text),
                   "missing argument 'expression': give the arithmetic to evaluate, e.g. {\"expression\": \"2 * (3 + 4)\"}");
  }
}

TEST_F(CalculatorPlugin, ExpressionOfTheWrongTypeIsRejectedNamingTheType) {
  auto calculator = host.create("calculator");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"expression": 3})", "number"},      {R"({"expression": 2.5})", "number"},
      {R"({"expression": null})", "null"},     {R"({"expression": true})", "boolean"},
      {R"({"expression": ["1+2"]})", "array"}, {R"({"expression": {"a": 1}})", "object"},
  };
  for (const auto& [text, type] : cases) {
    SCOPED_TRACE(text);
    expect_invalid(calculator.invoke(text), "'expression' must be a string such as \"2 * (3 + 4)\", got " + type);
  }
}

TEST_F(CalculatorPlugin, UnknownArgumentsAreRejectedNotIgnored) {
  auto calculator = host.create("calculator");
  expect_invalid(calculator.invoke(R"({"expression": "1+2", "precision": 2})"),
                 "unknown argument 'precision'; the only argument is 'expression'");
  // A huge invented name is cut short, on a character boundary.
  const std::string long_name = std::string(39, 'x') + "\u00E9" + std::string(100, 'y');
  const CallResult r = calculator.invoke("{\"" + long_name + "\": 1}");
  expect_invalid(r, "unknown argument '" + std::string(39, 'x') + "...'; the only argument is 'expression'");
}

} // namespace
