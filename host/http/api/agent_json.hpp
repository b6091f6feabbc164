// Agents as the API shows and accepts them (see the contract's Agent object), and the checks
// of what an agent refers to: backend, tool and strategy names must be configured instances,
// and params must be in range. The same checks serve POST/PATCH and the config's
// [agent.NAME] sections (upserted at startup).
#pragma once

#include "plugins/instance.hpp"
#include "store/pagination.hpp"
#include "store/records.hpp"

#include <agenthost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::http {

json::Value agent_json(const store::AgentRecord& agent);
// {"data":[Agent...],"next_cursor":...|null}
json::Value agent_page_json(const store::Page<store::AgentRecord>& page);

// A POST body: name, backend and model required; the rest optional. Throws Error(unprocessable)
// naming the field for read-only, unknown, missing or ill-typed members and out-of-range params.
// Instance names are not checked here (see check_agent_references).
store::AgentFields read_agent_fields(const json::Value& body);
// A PATCH body: any subset of the POST fields.
store::AgentChanges read_agent_changes(const json::Value& body);

// `params` (an object) checked against the contract's ranges, as JSON text to store. Throws
// Error(unprocessable) with the field "params.<name>" (under `path`).
std::string checked_params_json(const json::Value& params, const std::string& path = "params");

// "summarize, budget" → {"summarize","budget"}. Throws Error(unprocessable, field "strategy")
// for an empty name in the chain.
std::vector<std::string> strategy_chain(std::string_view strategy);

// Every instance the agent names exists in `instances`, and its params are valid. Throws
// Error(unprocessable, message, field) with the field "backend", "tools[i]", "strategy" or
// "params.<name>".
void check_agent_references(const store::AgentFields& fields, const plugins::InstanceDirectory& instances);
// The same for the fields a PATCH sets.
void check_agent_references(const store::AgentChanges& changes, const plugins::InstanceDirectory& instances);

} // namespace agenthost::http
