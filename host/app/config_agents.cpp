#include "app/config_agents.hpp"

#include "agenthost/json.hpp"
#include "common/error.hpp"
#include "http/api/agent_json.hpp"

#include <cmath>
#include <optional>

namespace agenthost::app {
namespace {

// Params the API defines as integers: written as JSON integers, not 1024.0.
bool is_integer_param(const std::string& key) { return key == "max_tokens" || key == "top_k" || key == "seed"; }

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

// The API's checks (instances exist, params in range), reported in the config's terms.
void check_configured_agent_references(const store::AgentFields& fields, const plugins::InstanceDirectory& instances,
                                       const config::AgentConfig& agent, const std::string& config_file) {
  try {
    http::check_agent_references(fields, instances);
  } catch (const Error& error) {
    const std::string key = error.field().empty() ? std::string() : " (" + error.field() + ")";
    throw Error(ErrorKind::config, config_file + ":" + std::to_string(agent.line) + ": [agent." + agent.name + "]" +
                                       key + ": " + error.what());
  }
}

} // namespace

store::AgentFields agent_fields_of(const config::AgentConfig& agent) {
  store::AgentFields fields;
  fields.name = agent.name;
  fields.backend = agent.backend;
  fields.model = agent.model;
  fields.system_prompts = agent.system_prompts;
  fields.tools = agent.tools;
  if (!agent.strategy.empty()) fields.strategy = join(agent.strategy, ", ");
  json::Value params = json::Value::object();
  for (const auto& [key, value] : agent.params) {
    const bool integral = std::nearbyint(value) == value;
    if (is_integer_param(key) && integral) {
      params.set(key, static_cast<std::int64_t>(value));
    } else {
      params.set(key, value);
    }
  }
  fields.params_json = json::dump(params);
  return fields;
}

store::UserRecord configured_agents_owner(store::UserStore& users) {
  // Lists are newest first: the last admin seen is the oldest. Users are few; admins fewer.
  std::optional<store::UserRecord> oldest_admin;
  store::PageRequest page;
  page.limit = store::kMaxPageSize;
  while (true) {
    store::Page<store::UserRecord> users_page = users.list_users(page);
    for (store::UserRecord& user : users_page.items)
      if (user.is_admin) oldest_admin = std::move(user);
    if (!users_page.next_cursor) break;
    page.after_id = store::decode_cursor(*users_page.next_cursor);
  }
  if (!oldest_admin) {
    throw Error(ErrorKind::config, "the config has [agent.*] sections but the database has no admin user to own "
                                   "them; create one with `agenthost users create NAME --admin`");
  }
  return *oldest_admin;
}

void sync_configured_agents(const config::Config& config, const plugins::InstanceDirectory& instances,
                            store::UserStore& users, store::AgentStore& agents, Logger& logger) {
  if (config.agents.empty()) return;
  const store::UserRecord owner = configured_agents_owner(users);
  for (const config::AgentConfig& agent : config.agents) {
    const store::AgentFields fields = agent_fields_of(agent);
    check_configured_agent_references(fields, instances, agent, config.file);
    const auto [record, created] = agents.upsert_by_name(owner.id, fields);
    logger.info(created ? "agent created from config" : "agent updated from config",
                {{"agent", record.fields.name}, {"id", record.id}, {"owner", owner.name}});
  }
}

} // namespace agenthost::app
