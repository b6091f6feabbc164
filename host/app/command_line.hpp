// The agenthost command line: verbs, their flags, their help texts.
//
// Parsing only: it turns argv into a Command or throws UsageError (exit status 2, with the
// usage of the verb that was being parsed). What each verb does lives in its own file.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace agenthost::app {

enum class Verb {
  help,
  version,
  serve,
  plugins_list,
  plugins_inspect,
  config_check,
  migrate,
  users_create,
  users_list,
  tokens_create,
  tokens_list,
  tokens_revoke,
  ingest,
};

struct Command {
  Verb verb = Verb::help;
  std::string config_path;  // --config; empty when not given
  std::string data_dir;     // --data-dir; empty when not given
  std::string listen;       // serve --listen HOST:PORT; empty when not given
  std::string file;         // plugins inspect FILE
  std::string name;         // users create NAME, tokens create|list NAME, tokens revoke TOKEN_PREFIX
  bool admin = false;       // users create --admin
  bool json = false;        // --json
  std::string user;                // ingest --user NAME
  std::string pipeline;            // ingest --pipeline P; empty: the default per content type
  std::vector<std::string> paths;  // ingest FILE|DIR...
  std::string help_text;    // for Verb::help: what to print
};

class UsageError : public std::runtime_error {
public:
  UsageError(const std::string& message, std::string usage)
      : std::runtime_error(message), usage_(std::move(usage)) {}
  const std::string& usage() const { return usage_; }

private:
  std::string usage_;
};

Command parse_command_line(const std::vector<std::string>& args);

// The top-level usage (all verbs).
std::string general_usage();

} // namespace agenthost::app
