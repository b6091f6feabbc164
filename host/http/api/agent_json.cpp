#include "http/api/agent_json.hpp"

#include "common/error.hpp"
#include "http/api/json_input.hpp"
#include "runtime/context_filter.hpp"
#include "store/timestamps.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace agenthost::http {

namespace {

constexpr std::int64_t kAnyInteger = std::numeric_limits<std::int64_t>::max();

json::Value string_array(const std::vector<std::string>& items) {
  json::Value out = json::Value::array();
  for (const std::string& item : items) out.push_back(item);
  return out;
}

// Params are written by checked_params_json, so they parse; anything else (a hand-edited
// database) is shown as an empty object rather than failing every read of the agent.
json::Value stored_params(const std::string& text) {
  try {
    json::Value params = json::parse(text);
    if (params.is_object()) return params;
  } catch (const json::ParseError&) {
  }
  return json::Value::object();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "(none)" : out;
}

void check_instance(const plugins::InstanceDirectory& instances, plugins::ComponentKind kind,
                    const std::string& name, const std::string& field) {
  if (instances.find(kind, name)) return;
  const char* kind_text = plugins::kind_name(kind);
  throw Error(ErrorKind::unprocessable,
              field + ": '" + name + "' is not a configured " + kind_text + " instance; configured " +
                  plugins::kind_plural(kind) + ": " + joined(instances.names(kind)),
              field);
}

void check_tools(const std::vector<std::string>& tools, const plugins::InstanceDirectory& instances) {
  for (std::size_t i = 0; i < tools.size(); ++i) {
    const std::string field = "tools[" + std::to_string(i) + "]";
    check_instance(instances, plugins::ComponentKind::tool, tools[i], field);
  }
}

void check_strategy(const std::optional<std::string>& strategy, const plugins::InstanceDirectory& instances) {
  if (!strategy) return;
  for (const std::string& name : strategy_chain(*strategy))
    check_instance(instances, plugins::ComponentKind::strategy, name, "strategy");
}

// Tools are a set: naming one twice is a mistake worth pointing at.
std::vector<std::string> unique_tools(std::vector<std::string> tools) {
  for (std::size_t i = 1; i < tools.size(); ++i) {
    if (std::find(tools.begin(), tools.begin() + static_cast<std::ptrdiff_t>(i), tools[i]) ==
        tools.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    const std::string field = "tools[" + std::to_string(i) + "]";
    throw Error(ErrorKind::unprocessable, field + ": tool '" + tools[i] + "' is listed twice", field);
  }
  return tools;
}

std::string normalized_strategy(const std::string& strategy) {
  std::string out;
  for (const std::string& name : strategy_chain(strategy)) out += (out.empty() ? "" : ", ") + name;
  return out;
}

void reject_agent_read_only(ObjectReader& reader) {
  reader.reject_read_only({"id", "owner_id", "created_at", "updated_at"});
}

std::string params_from(ObjectReader& reader) {
  const json::Value* params = reader.optional_object("params");
  return params ? checked_params_json(*params, reader.path_of("params")) : std::string("{}");
}

} // namespace

json::Value agent_json(const store::AgentRecord& agent) {
  const store::AgentFields& fields = agent.fields;
  return json::Value::object({
      {"id", agent.id},
      {"name", fields.name},
      {"backend", fields.backend},
      {"model", fields.model},
      {"system_prompts", string_array(fields.system_prompts)},
      {"tools", string_array(fields.tools)},
      {"strategy", fields.strategy ? json::Value(*fields.strategy) : json::Value()},
      {"params", stored_params(fields.params_json)},
      {"created_at", store::format_timestamp(agent.created_at)},
      {"updated_at", store::format_timestamp(agent.updated_at)},
  });
}

json::Value agent_page_json(const store::Page<store::AgentRecord>& page) {
  json::Value data = json::Value::array();
  for (const store::AgentRecord& agent : page.items) data.push_back(agent_json(agent));
  return json::Value::object({
      {"data", std::move(data)},
      {"next_cursor", page.next_cursor ? json::Value(*page.next_cursor) : json::Value()},
  });
}

std::string checked_params_json(const json::Value& params, const std::string& path) {
  ObjectReader reader(params, path);
  json::Value out = json::Value::object();
  if (auto value = reader.optional_number("temperature", 0.0, 2.0)) out.set("temperature", *value);
  if (auto value = reader.optional_number("top_p", 0.0, 1.0)) out.set("top_p", *value);
  if (auto value = reader.optional_integer("top_k", 1, kAnyInteger)) out.set("top_k", *value);
  if (auto value = reader.optional_integer("max_tokens", 1, kAnyInteger)) out.set("max_tokens", *value);
  if (auto value = reader.optional_integer("seed", std::numeric_limits<std::int64_t>::min(), kAnyInteger))
    out.set("seed", *value);
  if (auto value = reader.optional_number("presence_penalty", -2.0, 2.0)) out.set("presence_penalty", *value);
  if (auto value = reader.optional_number("frequency_penalty", -2.0, 2.0)) out.set("frequency_penalty", *value);
  reader.finish();
  return json::dump(out);
}

std::vector<std::string> strategy_chain(std::string_view strategy) {
  std::vector<std::string> names = runtime::strategy_names_of(strategy);
  if (std::any_of(names.begin(), names.end(), [](const std::string& name) { return name.empty(); })) {
    throw Error(ErrorKind::unprocessable,
                "strategy has an empty name in its chain; give one strategy instance name or a chain such as "
                "\"summarize, budget\"",
                "strategy");
  }
  return names;
}

store::AgentFields read_agent_fields(const json::Value& body) {
  ObjectReader reader(body);
  reject_agent_read_only(reader);
  store::AgentFields fields;
  fields.name = reader.required_string("name");
  fields.backend = reader.required_string("backend");
  fields.model = reader.required_string("model");
  fields.system_prompts = reader.optional_string_array("system_prompts").value_or(std::vector<std::string>{});
  fields.tools = unique_tools(reader.optional_string_array("tools").value_or(std::vector<std::string>{}));
  if (auto strategy = reader.optional_nullable_string("strategy"); strategy && *strategy)
    fields.strategy = normalized_strategy(**strategy);
  fields.params_json = params_from(reader);
  reader.finish();
  return fields;
}

store::AgentChanges read_agent_changes(const json::Value& body) {
  ObjectReader reader(body);
  reject_agent_read_only(reader);
  store::AgentChanges changes;
  changes.name = reader.optional_string("name");
  changes.backend = reader.optional_string("backend");
  changes.model = reader.optional_string("model");
  changes.system_prompts = reader.optional_string_array("system_prompts");
  if (auto tools = reader.optional_string_array("tools")) changes.tools = unique_tools(std::move(*tools));
  if (auto strategy = reader.optional_nullable_string("strategy")) {
    std::optional<std::string> new_strategy; // null clears it
    if (*strategy) new_strategy = normalized_strategy(**strategy);
    changes.strategy.emplace(new_strategy);
  }
  if (const json::Value* params = reader.optional_object("params"))
    changes.params_json = checked_params_json(*params, reader.path_of("params"));
  reader.finish();
  return changes;
}

void check_agent_references(const store::AgentFields& fields, const plugins::InstanceDirectory& instances) {
  check_instance(instances, plugins::ComponentKind::backend, fields.backend, "backend");
  check_tools(fields.tools, instances);
  check_strategy(fields.strategy, instances);
  json::Value params;
  try {
    params = json::parse(fields.params_json);
  } catch (const json::ParseError& error) {
    throw Error(ErrorKind::unprocessable, std::string("params is not valid JSON: ") + error.what(), "params");
  }
  checked_params_json(params);
}

void check_agent_references(const store::AgentChanges& changes, const plugins::InstanceDirectory& instances) {
  if (changes.backend) check_instance(instances, plugins::ComponentKind::backend, *changes.backend, "backend");
  if (changes.tools) check_tools(*changes.tools, instances);
  if (changes.strategy) check_strategy(*changes.strategy, instances);
}

} // namespace agenthost::http
