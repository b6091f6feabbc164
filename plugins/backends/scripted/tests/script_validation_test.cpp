// Bad scripts are refused when the instance is created, with a message naming the file and the
// position of the problem, never later in a chat.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace scripted_test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST_F(ScriptedTest, AMissingScriptFileIsRejectedWithItsPath) {
  const std::string path = dir_ + "/does-not-exist.json";
  try {
    create({{"script", path}});
    FAIL() << "creating with a missing script succeeded";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("cannot open script " + path), HasSubstr("No such file"),
                                HasSubstr("check the 'script' setting")));
  }
}

TEST_F(ScriptedTest, ADirectoryIsNotAScript) {
  try {
    create({{"script", dir_}});
    FAIL() << "creating with a directory as the script succeeded";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("script " + dir_));
  }
}

TEST_F(ScriptedTest, InvalidJsonIsRejectedWithTheFileAndPosition) {
  const std::string error = create_error("{\"replies\": [\n  {\"steps\": [],}\n]}");
  EXPECT_THAT(error, AllOf(HasSubstr("script " + dir_ + "/script.json is not valid JSON"), HasSubstr("line 2")));
}

struct BadScript {
  const char* name;
  const char* script;
  const char* expected; // after "script <path>: "
};

class BadScriptTest : public ScriptedTest, public ::testing::WithParamInterface<BadScript> {};

TEST_P(BadScriptTest, IsRejectedAtCreateNamingTheFileAndTheEntry) {
  const std::string error = create_error(GetParam().script);
  EXPECT_THAT(error, HasSubstr("script " + dir_ + "/script.json: " + GetParam().expected));
}

const BadScript kBadScripts[] = {
    {"top_level_string", R"("hello")", "the top level: expected an object {\"replies\": [...]} or an array of replies, got string"},
    {"unknown_top_level_key", R"({"replies": [], "replys": []})", "the top level: unknown key 'replys'; allowed keys: replies, models"},
    {"missing_replies", R"({"models": ["m"]})", "the top level: 'replies' is missing"},
    {"replies_not_array", R"({"replies": {}})", "replies: expected an array, got object"},
    {"no_replies", R"({"replies": []})", "replies: the script has no replies"},
    {"empty_models", R"({"models": [], "replies": [{"steps": []}]})", "models: expected a non-empty array of model names"},
    {"duplicate_model", R"({"models": ["a", "a"], "replies": [{"steps": []}]})", "models[1]: model 'a' is listed twice"},
    {"reply_not_object", R"([{"match": "x", "steps": []}, "hi"])", "replies[1]: a reply must be an object with \"steps\", got string"},
    {"unknown_reply_key", R"([{"steps": [], "after_tool": true}])", "replies[0]: unknown key 'after_tool'; allowed keys: match, regex, steps, then"},
    {"missing_steps", R"([{"match": "x"}])", "replies[0]: 'steps' is missing"},
    {"steps_not_array", R"([{"steps": {"text": "a"}}])", "replies[0].steps: expected an array of steps, got object"},
    {"empty_match", R"([{"match": "", "steps": []}])", "replies[0].match: must not be empty"},
    {"match_and_regex", R"([{"match": "a", "regex": "b", "steps": []}])", "replies[0]: has both 'match' and 'regex'; keep one"},
    {"bad_regex", R"([{"regex": "(unclosed", "steps": []}])", "replies[0].regex: '(unclosed' is not a valid ECMAScript regular expression"},
    {"unreachable_after_default", R"([{"steps": []}, {"match": "x", "steps": []}])",
     "replies[1]: can never be chosen: replies[0] has no 'match' or 'regex'"},
    {"unknown_step_kind", R"([{"steps": [{"text": "ok"}, {"txt": "typo"}]}])",
     "replies[0].steps[1]: unknown step kind 'txt'; expected one of: text, reasoning, tool_call, usage, error, finish, pause_ms"},
    {"empty_step", R"([{"steps": [{}]}])", "replies[0].steps[0]: empty step"},
    {"step_not_object", R"([{"steps": ["hello"]}])", "replies[0].steps[0]: a step must be an object"},
    {"two_kinds", R"([{"steps": [{"text": "a", "finish": "stop"}]}])", "replies[0].steps[0]: has two kinds, 'text' and 'finish'"},
    {"unknown_step_key", R"([{"steps": [{"text": "a", "delay": 5}]}])", "replies[0].steps[0]: unknown key 'delay'; allowed keys: text, delay_ms"},
    {"delay_on_finish", R"([{"steps": [{"finish": "stop", "delay_ms": 5}]}])", "replies[0].steps[0]: unknown key 'delay_ms'; allowed keys: finish"},
    {"negative_delay", R"([{"steps": [{"text": "a", "delay_ms": -1}]}])", "replies[0].steps[0].delay_ms: expected a non-negative integer, got -1"},
    {"text_not_string", R"([{"steps": [{"text": 5}]}])", "replies[0].steps[0].text: expected a string, got number"},
    {"tool_call_without_name", R"([{"steps": [{"tool_call": {"arguments": {}}}]}])", "replies[0].steps[0].tool_call: 'name' is missing"},
    {"tool_call_array_arguments", R"([{"steps": [{"tool_call": {"name": "t", "arguments": [1]}}]}])",
     "replies[0].steps[0].tool_call.arguments: expected an object (or a string of raw JSON text), got array"},
    {"tool_call_unknown_key", R"([{"steps": [{"tool_call": {"name": "t", "args": {}}}]}])",
     "replies[0].steps[0].tool_call: unknown key 'args'; allowed keys: name, arguments, id"},
    {"usage_empty", R"([{"steps": [{"usage": {}}]}])", "replies[0].steps[0].usage: give 'input', 'output' or both"},
    {"usage_negative", R"([{"steps": [{"usage": {"output": -2}}]}])", "replies[0].steps[0].usage.output: expected a non-negative integer"},
    {"error_unknown_status", R"([{"steps": [{"error": {"status": "broken", "message": "m"}}]}])",
     "replies[0].steps[0].error.status: unknown status 'broken'; one of: invalid_argument, not_found"},
    {"error_without_message", R"([{"steps": [{"error": {"status": "internal"}}]}])", "replies[0].steps[0].error: 'message' is missing"},
    {"empty_finish", R"([{"steps": [{"finish": ""}]}])", "replies[0].steps[0].finish: must not be empty"},
    {"pause_not_integer", R"([{"steps": [{"pause_ms": "1s"}]}])", "replies[0].steps[0].pause_ms: expected a non-negative integer"},
    {"step_after_finish", R"([{"steps": [{"finish": "stop"}, {"text": "late"}]}])",
     "replies[0].steps[1]: is never reached: the response ends at the finish step before it"},
    {"step_after_error", R"([{"steps": [{"error": {"status": "internal", "message": "m"}}, {"text": "late"}]}])",
     "replies[0].steps[1]: is never reached: the response ends at the error step before it"},
    {"then_without_tool_call", R"([{"steps": [{"text": "a"}], "then": [{"text": "b"}]}])",
     "replies[0].then: is only played after tool results, but 'steps' calls no tool"},
    {"bad_step_in_then", R"([{"steps": [{"tool_call": {"name": "t"}}], "then": [{"text": "a"}, {"bogus": 1}]}])",
     "replies[0].then[1]: unknown step kind 'bogus'"},
};

INSTANTIATE_TEST_SUITE_P(Scripts, BadScriptTest, ::testing::ValuesIn(kBadScripts),
                         [](const ::testing::TestParamInfo<BadScript>& info) { return std::string(info.param.name); });

} // namespace
} // namespace scripted_test
