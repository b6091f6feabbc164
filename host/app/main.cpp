// agenthost: parse the command line and run the verb. Exit status: 0 success, 1 the verb
// failed (its message says why), 2 usage error.
#include "app/command_line.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace agenthost::app;
  Command command;
  try {
    command = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "agenthost: " << e.what() << "\n\n" << e.usage();
    return 2;
  }
  try {
    switch (command.verb) {
    case Verb::help: std::cout << command.help_text; return 0;
    case Verb::version: return run_version();
    case Verb::serve: return run_serve(command);
    case Verb::plugins_list: return run_plugins_list(command);
    case Verb::plugins_inspect: return run_plugins_inspect(command);
    case Verb::config_check: return run_config_check(command);
    case Verb::migrate: return run_migrate(command);
    case Verb::users_create: return run_users_create(command);
    case Verb::users_list: return run_users_list(command);
    case Verb::tokens_create: return run_tokens_create(command);
    case Verb::tokens_list: return run_tokens_list(command);
    case Verb::tokens_revoke: return run_tokens_revoke(command);
    case Verb::ingest: return run_ingest(command);
    }
  } catch (const agenthost::Error& e) {
    std::cerr << "agenthost: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "agenthost: unexpected error: " << e.what() << "\n";
    return 1;
  }
  return 1;
}
