// Loading and checking a script. Every check that can be made without a conversation is made
// here, so that the only surprises left at chat time are the ones a script asks for.
#include "script.hpp"

#include "agenthost/sdk.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <stdexcept>

namespace scripted {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

constexpr const char* kStepKinds = "text, reasoning, tool_call, usage, error, finish, pause_ms";

struct StatusName {
  const char* name;
  ah_status status;
};
// AH_ERR_* without the prefix. "cancelled" is left out: a cancelled call is the caller's doing.
constexpr StatusName kStatuses[] = {
    {"invalid_argument", AH_ERR_INVALID_ARGUMENT}, {"not_found", AH_ERR_NOT_FOUND},
    {"unsupported", AH_ERR_UNSUPPORTED},           {"timeout", AH_ERR_TIMEOUT},
    {"unavailable", AH_ERR_UNAVAILABLE},           {"permission", AH_ERR_PERMISSION},
    {"rate_limited", AH_ERR_RATE_LIMITED},         {"too_large", AH_ERR_TOO_LARGE},
    {"upstream", AH_ERR_UPSTREAM},                 {"internal", AH_ERR_INTERNAL}};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Reads one script, remembering its name so that every message can say where the problem is.
class ScriptReader {
public:
  explicit ScriptReader(std::string source) : source_(std::move(source)) {}

  Script read(std::string_view text) {
    json::Value document;
    try {
      document = json::parse(text);
    } catch (const json::ParseError& e) {
      throw CallError::invalid_argument("script " + source_ + " is not valid JSON: " + e.what());
    }
    Script script;
    const json::Value* replies = &document;
    if (document.is_object()) {
      check_keys(document, "the top level", {"replies", "models"});
      replies = document.find("replies");
      if (!replies) fail("the top level", "'replies' is missing; list the replies as \"replies\": [{\"steps\": [...]}]");
      if (const json::Value* models = document.find("models")) script.models = read_models(*models);
    } else if (!document.is_array()) {
      fail("the top level", std::string("expected an object {\"replies\": [...]} or an array of replies, got ") +
                                json::type_name(document.type()));
    }
    if (!replies->is_array()) fail("replies", std::string("expected an array, got ") + json::type_name(replies->type()));
    if (replies->size() == 0) {
      fail("replies", "the script has no replies; add at least one, or remove the 'script' setting to echo messages");
    }
    std::optional<std::size_t> first_default;
    for (std::size_t i = 0; i < replies->size(); ++i) {
      const std::string where = "replies[" + std::to_string(i) + "]";
      if (first_default) {
        fail(where, "can never be chosen: replies[" + std::to_string(*first_default) +
                        "] has no 'match' or 'regex' and so answers every message; put the default reply last");
      }
      script.replies.push_back(read_reply((*replies)[i], where));
      if (script.replies.back().is_default()) first_default = i;
    }
    if (script.models.empty()) script.models.push_back("demo");
    return script;
  }

private:
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw CallError::invalid_argument("script " + source_ + ": " + where + ": " + what);
  }

  void check_keys(const json::Value& object, const std::string& where, std::initializer_list<const char*> allowed) const {
    for (const auto& [key, value] : object.as_object()) {
      (void)value;
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(where, "unknown key '" + key + "'; allowed keys: " + list);
      }
    }
  }

  std::string string_of(const json::Value& v, const std::string& where, bool allow_empty) const {
    if (!v.is_string()) fail(where, std::string("expected a string, got ") + json::type_name(v.type()));
    if (!allow_empty && v.as_string().empty()) fail(where, "must not be empty");
    return v.as_string();
  }

  int64_t count_of(const json::Value& v, const std::string& where) const {
    if (!v.is_int() || v.as_int() < 0) fail(where, "expected a non-negative integer, got " + json::dump(v));
    return v.as_int();
  }

  std::vector<std::string> read_models(const json::Value& models) const {
    if (!models.is_array() || models.size() == 0) fail("models", "expected a non-empty array of model names");
    std::vector<std::string> names;
    for (std::size_t i = 0; i < models.size(); ++i) {
      const std::string where = "models[" + std::to_string(i) + "]";
      std::string name = string_of(models[i], where, false);
      if (std::find(names.begin(), names.end(), name) != names.end()) fail(where, "model '" + name + "' is listed twice");
      names.push_back(std::move(name));
    }
    return names;
  }

  Reply read_reply(const json::Value& v, const std::string& where) const {
    if (!v.is_object()) fail(where, std::string("a reply must be an object with \"steps\", got ") + json::type_name(v.type()));
    check_keys(v, where, {"match", "regex", "steps", "then"});
    Reply reply;
    if (const json::Value* match = v.find("match")) reply.match = lower_ascii(string_of(*match, where + ".match", false));
    if (const json::Value* regex = v.find("regex")) {
      if (!reply.match.empty()) fail(where, "has both 'match' and 'regex'; keep one");
      const std::string pattern = string_of(*regex, where + ".regex", false);
      try {
        reply.regex.emplace(pattern);
      } catch (const std::invalid_argument& e) {
        fail(where + ".regex", "'" + pattern + "' is not a valid ECMAScript regular expression: " + e.what());
      }
    }
    const json::Value* steps = v.find("steps");
    if (!steps) fail(where, "'steps' is missing; give the response, e.g. \"steps\": [{\"text\": \"Hello\"}]");
    reply.steps = read_steps(*steps, where + ".steps");
    if (const json::Value* then = v.find("then")) {
      const bool calls_tools = std::any_of(reply.steps.begin(), reply.steps.end(),
                                           [](const Step& s) { return s.kind == StepKind::tool_call; });
      if (!calls_tools) {
        fail(where + ".then", "is only played after tool results, but 'steps' calls no tool; add a tool_call step or remove 'then'");
      }
      reply.then = read_steps(*then, where + ".then");
    }
    return reply;
  }

  std::vector<Step> read_steps(const json::Value& v, const std::string& where) const {
    if (!v.is_array()) fail(where, std::string("expected an array of steps, got ") + json::type_name(v.type()));
    std::vector<Step> steps;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string step_where = where + "[" + std::to_string(i) + "]";
      if (!steps.empty() && (steps.back().kind == StepKind::finish || steps.back().kind == StepKind::error)) {
        fail(step_where, "is never reached: the response ends at the " +
                             std::string(steps.back().kind == StepKind::finish ? "finish" : "error") +
                             " step before it; remove it or move it earlier");
      }
      steps.push_back(read_step(v[i], step_where));
    }
    return steps;
  }

  Step read_step(const json::Value& v, const std::string& where) const {
    if (!v.is_object()) {
      fail(where, std::string("a step must be an object such as {\"text\": \"Hello\"}, got ") + json::type_name(v.type()));
    }
    static const char* const kinds[] = {"text", "reasoning", "tool_call", "usage", "error", "finish", "pause_ms"};
    const char* kind = nullptr;
    for (const char* k : kinds) {
      if (!v.contains(k)) continue;
      if (kind) fail(where, std::string("has two kinds, '") + kind + "' and '" + k + "'; split it into two steps");
      kind = k;
    }
    if (!kind) {
      if (v.size() == 0) fail(where, std::string("empty step; a step is one of: ") + kStepKinds);
      fail(where, "unknown step kind '" + v.as_object().front().first + "'; expected one of: " + kStepKinds);
    }
    const std::string kind_name = kind;
    const std::string inner = where + "." + kind_name;
    const json::Value& body = *v.find(kind_name);
    Step step;
    if (kind_name == "text" || kind_name == "reasoning" || kind_name == "tool_call") {
      check_keys(v, where, {kind, "delay_ms"});
      if (const json::Value* delay = v.find("delay_ms")) step.delay_ms = count_of(*delay, where + ".delay_ms");
    } else {
      check_keys(v, where, {kind});
    }
    if (kind_name == "text" || kind_name == "reasoning") {
      step.kind = kind_name == "text" ? StepKind::text : StepKind::reasoning;
      step.text = string_of(body, inner, true);
    } else if (kind_name == "tool_call") {
      step.kind = StepKind::tool_call;
      read_tool_call(body, inner, step);
    } else if (kind_name == "usage") {
      step.kind = StepKind::usage;
      if (!body.is_object()) fail(inner, "expected an object {\"input\": n, \"output\": n}");
      check_keys(body, inner, {"input", "output"});
      if (body.size() == 0) fail(inner, "give 'input', 'output' or both");
      if (const json::Value* n = body.find("input")) step.input_tokens = count_of(*n, inner + ".input");
      if (const json::Value* n = body.find("output")) step.output_tokens = count_of(*n, inner + ".output");
    } else if (kind_name == "error") {
      step.kind = StepKind::error;
      read_error(body, inner, step);
    } else if (kind_name == "finish") {
      step.kind = StepKind::finish;
      step.text = string_of(body, inner, false);
    } else {
      step.kind = StepKind::pause;
      step.delay_ms = count_of(body, inner);
    }
    return step;
  }

  void read_tool_call(const json::Value& body, const std::string& where, Step& step) const {
    if (!body.is_object()) fail(where, "expected an object {\"name\": \"...\", \"arguments\": {...}}");
    check_keys(body, where, {"name", "arguments", "id"});
    const json::Value* name = body.find("name");
    if (!name) fail(where, "'name' is missing; give the tool's name");
    step.tool_name = string_of(*name, where + ".name", false);
    if (const json::Value* id = body.find("id")) step.tool_id = string_of(*id, where + ".id", false);
    step.arguments = "{}";
    if (const json::Value* arguments = body.find("arguments")) {
      // An object is what a well-behaved model sends; a string is emitted verbatim, so a script
      // can also play a model that produces broken JSON.
      if (arguments->is_object()) step.arguments = json::dump(*arguments);
      else if (arguments->is_string()) step.arguments = arguments->as_string();
      else fail(where + ".arguments", std::string("expected an object (or a string of raw JSON text), got ") +
                                          json::type_name(arguments->type()));
    }
  }

  void read_error(const json::Value& body, const std::string& where, Step& step) const {
    if (!body.is_object()) fail(where, "expected an object {\"status\": \"unavailable\", \"message\": \"...\"}");
    check_keys(body, where, {"status", "message"});
    std::string names;
    for (const StatusName& s : kStatuses) names += (names.empty() ? "" : ", ") + std::string(s.name);
    const json::Value* status = body.find("status");
    if (!status) fail(where, "'status' is missing; one of: " + names);
    const std::string name = string_of(*status, where + ".status", false);
    const auto* found = std::find_if(std::begin(kStatuses), std::end(kStatuses), [&](const StatusName& s) { return name == s.name; });
    if (found == std::end(kStatuses)) fail(where + ".status", "unknown status '" + name + "'; one of: " + names);
    step.status = found->status;
    const json::Value* message = body.find("message");
    if (!message) fail(where, "'message' is missing; say what the simulated failure is");
    step.text = string_of(*message, where + ".message", false);
  }

  std::string source_;
};

} // namespace

bool Reply::matches(std::string_view user_text) const {
  if (is_default()) return true;
  if (!match.empty()) return lower_ascii(user_text).find(match) != std::string::npos;
  return regex->found_in(user_text);
}

const Reply* Script::find(std::string_view user_text) const {
  for (const Reply& reply : replies)
    if (reply.matches(user_text)) return &reply;
  return nullptr;
}

Script parse_script(std::string_view text, const std::string& source) { return ScriptReader(source).read(text); }

Script load_script(const std::string& path) {
  const auto hint = "; check the 'script' setting (a relative path resolves against the config file's directory)";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw CallError::invalid_argument("cannot open script " + path + ": " + std::strerror(errno) + hint);
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) {
    throw CallError::invalid_argument("cannot read script " + path + ": " + std::strerror(errno) + hint);
  }
  return parse_script(text, path);
}

} // namespace scripted
