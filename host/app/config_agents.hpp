// The config's [agent.NAME] sections, made real at start: each becomes (or updates) an agent
// owned by the admin, so the deployment's agents show up in the API like any other.
#pragma once

#include "common/logger.hpp"
#include "config/config.hpp"
#include "plugins/instance.hpp"
#include "store/agent_store.hpp"
#include "store/user_store.hpp"

namespace agenthost::app {

// [agent.NAME] as the fields the store keeps: params as a JSON object, the strategy chain as
// "a, b" (null when empty).
store::AgentFields agent_fields_of(const config::AgentConfig& agent);

// The owner of configured agents: the oldest admin. Throws Error(ErrorKind::config) when the
// database has no admin.
store::UserRecord configured_agents_owner(store::UserStore& users);

// Creates or updates every configured agent (by name, for the oldest admin), after checking
// that its backend, tools and strategies are configured instances. Logs each one. Does nothing
// (not even look for an admin) when the config has no agents.
void sync_configured_agents(const config::Config& config, const plugins::InstanceDirectory& instances,
                            store::UserStore& users, store::AgentStore& agents, Logger& logger);

} // namespace agenthost::app
