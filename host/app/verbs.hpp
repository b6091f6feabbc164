// The CLI verbs. Each returns the process exit status; failures a user can fix are reported
// as agenthost::Error (printed by main, exit 1).
#pragma once

#include "app/command_line.hpp"

namespace agenthost::app {

int run_version();
int run_serve(const Command& command);
int run_plugins_list(const Command& command);
int run_plugins_inspect(const Command& command);
int run_config_check(const Command& command);
int run_migrate(const Command& command);
int run_users_create(const Command& command);
int run_users_list(const Command& command);
int run_tokens_create(const Command& command);
int run_tokens_list(const Command& command);
int run_tokens_revoke(const Command& command);
int run_ingest(const Command& command);

} // namespace agenthost::app
