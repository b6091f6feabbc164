// Agents with their system prompts and tools. Every read is a fixed number of statements
// whatever the number of agents, prompts or tools: the agents, then all their tools, then all
// their prompts (three statements for one agent or a page of a hundred).
#pragma once

#include "store/database.hpp"
#include "store/pagination.hpp"
#include "store/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace agenthost::store {

class AgentStore {
public:
  explicit AgentStore(Database& database) : database_(database) {}

  // Throws Error(conflict) when the owner already has an agent with that name.
  AgentRecord create(std::string_view owner_id, const AgentFields& fields);
  // Another owner's agent is nullopt, exactly like an unknown id.
  std::optional<AgentRecord> find(std::string_view owner_id, std::string_view id);
  std::optional<AgentRecord> find_by_name(std::string_view owner_id, std::string_view name);
  Page<AgentRecord> list(std::string_view owner_id, const PageRequest& page);
  // Throws Error(not_found) for an unknown (or another owner's) id, Error(conflict) for a
  // name clash. Returns the agent as stored after the change.
  AgentRecord update(std::string_view owner_id, std::string_view id, const AgentChanges& changes);
  // Throws Error(not_found); Error(conflict) while conversations still use the agent.
  void remove(std::string_view owner_id, std::string_view id);
  // Creates the agent, or replaces the fields of the owner's agent with that name (the
  // config's [agent.NAME] sections). Returns it and whether it was created.
  std::pair<AgentRecord, bool> upsert_by_name(std::string_view owner_id, const AgentFields& fields);

private:
  Database& database_;
};

} // namespace agenthost::store
