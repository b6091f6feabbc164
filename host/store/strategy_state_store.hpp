// What each context-filter strategy instance keeps per conversation between turns (table
// strategy_states, migration 4): e.g. the summarization strategy's running summary. The state
// is the strategy's JSON, stored as text and handed back to it unchanged.
#pragma once

#include "store/database.hpp"

#include <map>
#include <string>
#include <string_view>

namespace agenthost::store {

class StrategyStateStore {
public:
  explicit StrategyStateStore(Database& database) : database_(database) {}

  // Every instance's state for the conversation (instance name -> JSON text), one statement.
  std::map<std::string, std::string, std::less<>> load(std::string_view conversation_id);
  // Replaces the instance's state for the conversation (inserted the first time). The row goes
  // with the conversation (ON DELETE CASCADE).
  void save(std::string_view conversation_id, std::string_view instance, std::string_view state_json);

private:
  Database& database_;
};

} // namespace agenthost::store
