// What the API route handlers share: the store's repositories, the configured instances (to
// check and list backend/tool/strategy names), and server options. Built once at startup;
// everything in it is safe to use from many request threads at once.
#pragma once

#include "plugins/instance.hpp"
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

#include <string>

namespace agenthost::http {

struct ApiContext {
  ApiContext(store::Database& database_, const plugins::InstanceDirectory& instances_)
      : database(database_), users(database_), agents(database_), conversations(database_), instances(instances_) {}

  store::Database& database;
  store::UserStore users;
  store::AgentStore agents;
  store::ConversationStore conversations;
  const plugins::InstanceDirectory& instances;
  bool debug_queries = false; // [server] debug_queries: X-DB-Queries on every API response
};

} // namespace agenthost::http
