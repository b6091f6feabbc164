#include "store/agent_store.hpp"

#include "common/error.hpp"
#include "store/ids.hpp"
#include "store/timestamps.hpp"

#include <map>

namespace agenthost::store {
namespace {

constexpr const char* kAgentColumns =
    "id, owner_id, name, backend, model, strategy, params, created_at, updated_at";

AgentRecord agent_of(const Row& row) {
  AgentRecord agent;
  agent.id = row.text(0);
  agent.owner_id = row.text(1);
  agent.fields.name = row.text(2);
  agent.fields.backend = row.text(3);
  agent.fields.model = row.text(4);
  agent.fields.strategy = row.optional_text(5);
  agent.fields.params_json = row.text(6);
  agent.created_at = row.integer(7);
  agent.updated_at = row.integer(8);
  return agent;
}

// Fills tools and system prompts of `agents` with two statements, whatever their number.
void load_lists(Connection& connection, std::vector<AgentRecord>& agents) {
  if (agents.empty()) return;
  std::map<std::string, AgentRecord*, std::less<>> by_id;
  SqlParams ids;
  for (AgentRecord& agent : agents) {
    by_id[agent.id] = &agent;
    ids.emplace_back(agent.id);
  }
  const std::string in = "(" + placeholders(ids.size()) + ")";
  for (const Row& row : connection.query("SELECT agent_id, tool FROM agent_tools WHERE agent_id IN " + in +
                                             " ORDER BY agent_id, position",
                                         ids)) {
    by_id.find(row.text(0))->second->fields.tools.push_back(row.text(1));
  }
  for (const Row& row : connection.query("SELECT agent_id, content FROM system_prompts WHERE agent_id IN " + in +
                                             " ORDER BY agent_id, position",
                                         ids)) {
    by_id.find(row.text(0))->second->fields.system_prompts.push_back(row.text(1));
  }
}

void insert_list(Connection& connection, const char* table, const char* column, const std::string& agent_id,
                 const std::vector<std::string>& values) {
  SqlParams rows;
  for (std::size_t i = 0; i < values.size(); ++i) rows.insert(rows.end(), {agent_id, static_cast<std::int64_t>(i), values[i]});
  connection.insert_rows(std::string("INSERT INTO ") + table + " (agent_id, position, " + column + ")", 3, rows);
}

void replace_lists(Connection& connection, const AgentRecord& agent, bool tools, bool prompts) {
  if (tools) {
    connection.execute("DELETE FROM agent_tools WHERE agent_id = ?", {agent.id});
    insert_list(connection, "agent_tools", "tool", agent.id, agent.fields.tools);
  }
  if (prompts) {
    connection.execute("DELETE FROM system_prompts WHERE agent_id = ?", {agent.id});
    insert_list(connection, "system_prompts", "content", agent.id, agent.fields.system_prompts);
  }
}

[[noreturn]] void name_taken(const std::string& name) {
  throw Error(ErrorKind::conflict, "you already have an agent named '" + name + "'", "name");
}

AgentRecord insert_agent(Connection& connection, std::string_view owner_id, const AgentFields& fields) {
  AgentRecord agent;
  agent.id = new_id("agt_");
  agent.owner_id = std::string(owner_id);
  agent.fields = fields;
  agent.created_at = agent.updated_at = now_ms();
  try {
    connection.execute("INSERT INTO agents (" + std::string(kAgentColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {agent.id, agent.owner_id, fields.name, fields.backend, fields.model, nullable(fields.strategy),
                        fields.params_json, agent.created_at, agent.updated_at});
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::conflict) name_taken(fields.name);
    throw;
  }
  replace_lists(connection, agent, true, true);
  return agent;
}

std::optional<AgentRecord> find_in(Connection& connection, std::string_view owner_id, const char* key,
                                   std::string_view value) {
  std::optional<Row> row = connection.query_one(std::string("SELECT ") + kAgentColumns +
                                                    " FROM agents WHERE owner_id = ? AND " + key + " = ?",
                                                {std::string(owner_id), std::string(value)});
  if (!row) return std::nullopt;
  std::vector<AgentRecord> agents{agent_of(*row)};
  load_lists(connection, agents);
  return std::move(agents.front());
}

AgentRecord write_changes(Connection& connection, AgentRecord agent, const AgentChanges& changes) {
  if (changes.name) agent.fields.name = *changes.name;
  if (changes.backend) agent.fields.backend = *changes.backend;
  if (changes.model) agent.fields.model = *changes.model;
  if (changes.system_prompts) agent.fields.system_prompts = *changes.system_prompts;
  if (changes.tools) agent.fields.tools = *changes.tools;
  if (changes.strategy) agent.fields.strategy = *changes.strategy;
  if (changes.params_json) agent.fields.params_json = *changes.params_json;
  agent.updated_at = now_ms();
  try {
    connection.execute(
        "UPDATE agents SET name = ?, backend = ?, model = ?, strategy = ?, params = ?, updated_at = ? WHERE id = ?",
        {agent.fields.name, agent.fields.backend, agent.fields.model, nullable(agent.fields.strategy),
         agent.fields.params_json, agent.updated_at, agent.id});
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::conflict) name_taken(agent.fields.name);
    throw;
  }
  replace_lists(connection, agent, changes.tools.has_value(), changes.system_prompts.has_value());
  return agent;
}

} // namespace

AgentRecord AgentStore::create(std::string_view owner_id, const AgentFields& fields) {
  return database_.transaction([&](Connection& connection) { return insert_agent(connection, owner_id, fields); });
}

std::optional<AgentRecord> AgentStore::find(std::string_view owner_id, std::string_view id) {
  Connection connection = database_.connect();
  return find_in(connection, owner_id, "id", id);
}

std::optional<AgentRecord> AgentStore::find_by_name(std::string_view owner_id, std::string_view name) {
  Connection connection = database_.connect();
  return find_in(connection, owner_id, "name", name);
}

Page<AgentRecord> AgentStore::list(std::string_view owner_id, const PageRequest& page) {
  Connection connection = database_.connect();
  std::string sql = std::string("SELECT ") + kAgentColumns + " FROM agents WHERE owner_id = ?";
  SqlParams params{std::string(owner_id)};
  append_keyset_page(sql, params, page);
  std::vector<AgentRecord> agents;
  for (const Row& row : connection.query(sql, params)) agents.push_back(agent_of(row));
  Page<AgentRecord> result = make_page(std::move(agents), page, [](const AgentRecord& agent) { return agent.id; });
  load_lists(connection, result.items);
  return result;
}

AgentRecord AgentStore::update(std::string_view owner_id, std::string_view id, const AgentChanges& changes) {
  return database_.transaction([&](Connection& connection) {
    std::optional<AgentRecord> agent = find_in(connection, owner_id, "id", id);
    if (!agent) throw Error(ErrorKind::not_found, "no agent " + std::string(id));
    return write_changes(connection, std::move(*agent), changes);
  });
}

void AgentStore::remove(std::string_view owner_id, std::string_view id) {
  database_.transaction([&](Connection& connection) {
    const std::optional<Row> agent = connection.query_one(
        "SELECT (SELECT COUNT(*) FROM conversations c WHERE c.agent_id = a.id) FROM agents a "
        "WHERE a.owner_id = ? AND a.id = ?",
        {std::string(owner_id), std::string(id)});
    if (!agent) throw Error(ErrorKind::not_found, "no agent " + std::string(id));
    const std::int64_t conversations = agent->integer(0);
    if (conversations > 0) {
      throw Error(ErrorKind::conflict, "agent " + std::string(id) + " still has " + std::to_string(conversations) +
                                           " conversation(s); delete them first");
    }
    connection.execute("DELETE FROM agents WHERE id = ?", {std::string(id)});
  });
}

std::pair<AgentRecord, bool> AgentStore::upsert_by_name(std::string_view owner_id, const AgentFields& fields) {
  return database_.transaction([&](Connection& connection) {
    std::optional<AgentRecord> existing = find_in(connection, owner_id, "name", fields.name);
    if (!existing) return std::make_pair(insert_agent(connection, owner_id, fields), true);
    AgentChanges changes;
    changes.backend = fields.backend;
    changes.model = fields.model;
    changes.system_prompts = fields.system_prompts;
    changes.tools = fields.tools;
    changes.strategy = fields.strategy;
    changes.params_json = fields.params_json;
    return std::make_pair(write_changes(connection, std::move(*existing), changes), false);
  });
}

} // namespace agenthost::store
