// Migration 4: what the context filter keeps between turns.
#include "store/schema_parts.hpp"

namespace agenthost::store {
namespace {

const std::vector<std::string> kStrategyStates = {
    // One row per (conversation, strategy instance): e.g. the summarization strategy's running
    // summary and the last message it covers, so later turns summarize only the new overflow.
    "CREATE TABLE strategy_states ("
    " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " instance TEXT NOT NULL,"
    " state TEXT NOT NULL," // JSON, as the strategy returned it
    " updated_at BIGINT NOT NULL,"
    " PRIMARY KEY (conversation_id, instance))",
};

} // namespace

Migration context_filter_migration() { return {4, "context filter state", kStrategyStates, kStrategyStates}; }

} // namespace agenthost::store
