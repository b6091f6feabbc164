#include "app/command_line.hpp"
#include "app/ingest_command_line.hpp"
#include "app/verb_options.hpp"

#include <boost/program_options.hpp>

#include <utility>
#include <vector>

namespace po = boost::program_options;

namespace agenthost::app {
namespace {

const char* const kGeneralUsage = R"(usage: agenthost <verb> [options]

verbs:
  serve                     run the host: migrate the database, load plugins, serve the HTTP API
  migrate                   apply the database migrations this build knows (serve does it too)
  users create NAME         create a user and print its first API token (--admin for an admin)
  users list                list the users
  tokens create NAME        print a new API token for the user NAME
  tokens list NAME          list the user's tokens (prefix, name, created, revoked)
  tokens revoke PREFIX      revoke the token that starts with PREFIX (from `tokens list`)
  ingest --user NAME PATH…  add local files (directories recursively) to the user's documents
  plugins list              list the plugins found on the search path (and those refused)
  plugins inspect FILE      load one plugin file and show what it declares, or why it is refused
  config check              validate a config file; print every error
  --version                 print the version
  --help                    this text; `agenthost <verb> --help` for a verb's options

common options:
  --config FILE             the config file (default: config/agenthost.conf if it exists)
  --data-dir DIR            where the database and the admin token live (default: ./var)
)";

// What a verb's one positional argument is, if it takes one.
enum class Positional { none, file, name };

struct VerbSpec {
  Verb verb;
  const char* usage_line;
  Positional positional;
  const char* positional_label; // for "missing NAME argument"
  bool takes_listen;
  bool takes_json;
  bool takes_data_dir;
  bool takes_admin = false;
};

Command parse_verb(const VerbSpec& spec, const std::vector<std::string>& rest) {
  po::options_description options("options");
  options.add_options()("help,h", "show this help")("config", po::value<std::string>()->value_name("FILE"),
                                                     "config file (default: config/agenthost.conf)");
  if (spec.takes_data_dir)
    options.add_options()("data-dir", po::value<std::string>()->value_name("DIR"), "data directory (default: ./var)");
  if (spec.takes_listen)
    options.add_options()("listen", po::value<std::string>()->value_name("HOST:PORT"),
                          "override [server] listen");
  if (spec.takes_json) options.add_options()("json", "machine-readable JSON output");
  if (spec.takes_admin) options.add_options()("admin", "the user is an administrator");

  po::options_description all;
  all.add(options);
  po::positional_options_description positional;
  if (spec.positional != Positional::none) {
    all.add_options()("argument", po::value<std::string>());
    positional.add("argument", 1);
  }

  const std::string usage = verb_usage_text(spec.usage_line, options);
  const po::variables_map vm = parse_verb_options(rest, all, positional, usage);
  if (vm.count("help")) return help_command(usage);

  Command command;
  command.verb = spec.verb;
  take_location_options(vm, command);
  if (vm.count("listen")) command.listen = vm["listen"].as<std::string>();
  command.json = vm.count("json") > 0;
  command.admin = vm.count("admin") > 0;
  if (spec.positional != Positional::none) {
    if (!vm.count("argument")) throw UsageError(std::string("missing ") + spec.positional_label + " argument", usage);
    std::string& target = spec.positional == Positional::file ? command.file : command.name;
    target = vm["argument"].as<std::string>();
  }
  return command;
}

} // namespace

std::string general_usage() { return kGeneralUsage; }

Command parse_command_line(const std::vector<std::string>& args) {
  using P = Positional;
  static const VerbSpec serve{Verb::serve, "agenthost serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR]",
                              P::none, "", true, false, true};
  static const VerbSpec migrate{Verb::migrate, "agenthost migrate [--config FILE] [--data-dir DIR]", P::none, "",
                                false, false, true};
  static const VerbSpec users_create{Verb::users_create,
                                     "agenthost users create NAME [--admin] [--config FILE] [--data-dir DIR]\n\n"
                                     "Creates the user and prints its first API token on stdout, once: the token "
                                     "cannot be shown again\n(`agenthost tokens create NAME` makes another).",
                                     P::name, "NAME", false, false, true, true};
  static const VerbSpec users_list{Verb::users_list, "agenthost users list [--config FILE] [--data-dir DIR]", P::none,
                                   "", false, false, true};
  static const VerbSpec tokens_create{Verb::tokens_create,
                                      "agenthost tokens create NAME [--config FILE] [--data-dir DIR]\n\n"
                                      "Prints a new API token for the existing user NAME on stdout, once.",
                                      P::name, "NAME", false, false, true};
  static const VerbSpec tokens_list{Verb::tokens_list,
                                    "agenthost tokens list NAME [--config FILE] [--data-dir DIR]\n\n"
                                    "Lists the user's tokens by prefix (the token itself is never stored).",
                                    P::name, "NAME", false, false, true};
  static const VerbSpec tokens_revoke{Verb::tokens_revoke,
                                      "agenthost tokens revoke TOKEN_PREFIX [--config FILE] [--data-dir DIR]\n\n"
                                      "Revokes the one live token that starts with TOKEN_PREFIX (at least 8 "
                                      "characters,\ne.g. the prefix `tokens list` shows, or the whole token).",
                                      P::name, "TOKEN_PREFIX", false, false, true};
  static const VerbSpec plugins_list{Verb::plugins_list, "agenthost plugins list [--json] [--config FILE]", P::none,
                                     "", false, true, false};
  static const VerbSpec plugins_inspect{Verb::plugins_inspect, "agenthost plugins inspect FILE [--json]", P::file,
                                        "FILE", false, true, false};
  static const VerbSpec config_check{Verb::config_check, "agenthost config check [--config FILE] [--data-dir DIR]",
                                     P::none, "", false, false, true};

  // Verbs that come in groups ("plugins list"): the group, its usage, its sub-commands.
  struct Group {
    const char* name;
    const char* usage;
    std::vector<std::pair<const char*, const VerbSpec*>> subs;
  };
  static const std::vector<Group> groups = {
      {"plugins", "usage: agenthost plugins list|inspect ...  (--help on each)\n",
       {{"list", &plugins_list}, {"inspect", &plugins_inspect}}},
      {"config", "usage: agenthost config check [--config FILE]\n", {{"check", &config_check}}},
      {"users", "usage: agenthost users create|list ...  (--help on each)\n",
       {{"create", &users_create}, {"list", &users_list}}},
      {"tokens", "usage: agenthost tokens create|list|revoke ...  (--help on each)\n",
       {{"create", &tokens_create}, {"list", &tokens_list}, {"revoke", &tokens_revoke}}},
  };

  if (args.empty()) throw UsageError("missing verb", general_usage());
  const std::string& verb = args[0];
  auto rest_from = [&](size_t i) { return std::vector<std::string>(args.begin() + static_cast<long>(i), args.end()); };

  if (verb == "--help" || verb == "-h" || verb == "help") {
    Command c;
    c.help_text = general_usage();
    return c;
  }
  if (verb == "--version" || verb == "version") {
    if (args.size() > 1) throw UsageError("--version takes no arguments", general_usage());
    Command c;
    c.verb = Verb::version;
    return c;
  }
  if (verb == "serve") return parse_verb(serve, rest_from(1));
  if (verb == "migrate") return parse_verb(migrate, rest_from(1));
  if (verb == "ingest") return parse_ingest_command(rest_from(1));
  for (const Group& group : groups) {
    if (verb != group.name) continue;
    if (args.size() < 2) throw UsageError("missing sub-command after '" + verb + "'", group.usage);
    const std::string& sub = args[1];
    if (sub == "--help" || sub == "-h") {
      Command c;
      c.help_text = group.usage;
      return c;
    }
    for (const auto& [sub_name, spec] : group.subs)
      if (sub == sub_name) return parse_verb(*spec, rest_from(2));
    throw UsageError("unknown sub-command '" + verb + " " + sub + "'", group.usage);
  }
  if (!verb.empty() && verb[0] == '-') throw UsageError("unknown option '" + verb + "'", general_usage());
  throw UsageError("unknown verb '" + verb + "'", general_usage());
}

} // namespace agenthost::app
