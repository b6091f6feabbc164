// hello_tool: the smallest useful agenthost plugin. It greets whoever the model names, in the
// greeting the operator configured:
//
//   [tool.hello]
//   plugin = hello
//   greeting = Hello
#include "agenthost/sdk.hpp"

#include <string>

namespace {

struct Hello : agenthost::Tool {
  static constexpr const char* type_name = "hello";
  static constexpr const char* description = "Greets someone by name";
  static constexpr const char* settings_schema = R"({
    "type": "object",
    "properties": {
      "greeting": {"type": "string", "default": "Hello", "minLength": 1,
                   "description": "The word to greet with"}
    }
  })";
  static constexpr bool thread_safe = true; // no mutable state

  explicit Hello(const agenthost::Context& context) : greeting_(context.settings["greeting"].as_string()) {}

  std::string parameters_schema() const override {
    return R"({"type": "object",
               "properties": {"name": {"type": "string", "description": "Who to greet"}},
               "required": ["name"]})";
  }

  agenthost::ToolOutput invoke(agenthost::Call&, const agenthost::json::Value& arguments) override {
    const agenthost::json::Value& name = arguments["name"];
    if (!name.is_string() || name.as_string().empty())
      throw agenthost::CallError::invalid_argument("'name' must be a non-empty string");
    return greeting_ + ", " + name.as_string() + "!";
  }

private:
  std::string greeting_;
};

} // namespace

AGENTHOST_PLUGIN("hello_tool", "1.0.0", "An example tool built out of tree", Hello)
