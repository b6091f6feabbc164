#include "store/strategy_state_store.hpp"

#include "store/timestamps.hpp"

namespace agenthost::store {

std::map<std::string, std::string, std::less<>> StrategyStateStore::load(std::string_view conversation_id) {
  Connection connection = database_.connect();
  std::map<std::string, std::string, std::less<>> states;
  for (const Row& row : connection.query("SELECT instance, state FROM strategy_states WHERE conversation_id = ?",
                                         {std::string(conversation_id)})) {
    states.emplace(row.text(0), row.text(1));
  }
  return states;
}

void StrategyStateStore::save(std::string_view conversation_id, std::string_view instance,
                              std::string_view state_json) {
  Connection connection = database_.connect();
  // One statement on both engines (SQLite >= 3.24 and PostgreSQL share the upsert syntax), so
  // two hosts saving at once cannot both insert.
  connection.execute("INSERT INTO strategy_states (conversation_id, instance, state, updated_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (conversation_id, instance) DO UPDATE SET state = excluded.state, "
                     "updated_at = excluded.updated_at",
                     {std::string(conversation_id), std::string(instance), std::string(state_json), now_ms()});
}

} // namespace agenthost::store
