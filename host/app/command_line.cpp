#include "app/command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>

namespace po = boost::program_options;

namespace agenthost::app {
namespace {

const char* const kGeneralUsage = R"(usage: agenthost <verb> [options]

verbs:
  serve                     run the host: load plugins, serve the HTTP API
  plugins list              list the plugins found on the search path (and those refused)
  plugins inspect FILE      load one plugin file and show what it declares, or why it is refused
  config check              validate a config file; print every error
  --version                 print the version
  --help                    this text; `agenthost <verb> --help` for a verb's options

common options:
  --config FILE             the config file (default: config/agenthost.conf if it exists)
  --data-dir DIR            where the database and the admin token live (default: ./var)
)";

struct VerbSpec {
  Verb verb;
  const char* usage_line;
  bool takes_file;  // one positional FILE
  bool takes_listen;
  bool takes_json;
  bool takes_data_dir;
};

std::string verb_usage(const VerbSpec& spec, const po::options_description& options) {
  std::ostringstream out;
  out << "usage: " << spec.usage_line << "\n\n" << options;
  return out.str();
}

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

  po::options_description all;
  all.add(options);
  po::positional_options_description positional;
  if (spec.takes_file) {
    all.add_options()("file", po::value<std::string>());
    positional.add("file", 1);
  }

  const std::string usage = verb_usage(spec, options);
  po::variables_map vm;
  try {
    // Options may come before or after the positional argument; guessing abbreviations is
    // off so that a typo is an error, not a different flag.
    const auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(rest).options(all).positional(positional).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what(), usage);
  }

  Command command;
  if (vm.count("help")) {
    command.verb = Verb::help;
    command.help_text = usage;
    return command;
  }
  command.verb = spec.verb;
  if (vm.count("config")) command.config_path = vm["config"].as<std::string>();
  if (vm.count("data-dir")) command.data_dir = vm["data-dir"].as<std::string>();
  if (vm.count("listen")) command.listen = vm["listen"].as<std::string>();
  command.json = vm.count("json") > 0;
  if (spec.takes_file) {
    if (!vm.count("file")) throw UsageError("missing FILE argument", usage);
    command.file = vm["file"].as<std::string>();
  }
  return command;
}

} // namespace

std::string general_usage() { return kGeneralUsage; }

Command parse_command_line(const std::vector<std::string>& args) {
  static const VerbSpec serve{Verb::serve, "agenthost serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR]",
                              false, true, false, true};
  static const VerbSpec plugins_list{Verb::plugins_list, "agenthost plugins list [--json] [--config FILE]", false,
                                     false, true, false};
  static const VerbSpec plugins_inspect{Verb::plugins_inspect, "agenthost plugins inspect FILE [--json]", true,
                                        false, true, false};
  static const VerbSpec config_check{Verb::config_check, "agenthost config check [--config FILE] [--data-dir DIR]",
                                     false, false, false, true};

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
  if (verb == "plugins" || verb == "config") {
    const bool is_plugins = verb == "plugins";
    const std::string group_usage = is_plugins ? "usage: agenthost plugins list|inspect ...  (--help on each)\n"
                                               : "usage: agenthost config check [--config FILE]\n";
    if (args.size() < 2) throw UsageError("missing sub-command after '" + verb + "'", group_usage);
    const std::string& sub = args[1];
    if (sub == "--help" || sub == "-h") {
      Command c;
      c.help_text = group_usage;
      return c;
    }
    if (is_plugins && sub == "list") return parse_verb(plugins_list, rest_from(2));
    if (is_plugins && sub == "inspect") return parse_verb(plugins_inspect, rest_from(2));
    if (!is_plugins && sub == "check") return parse_verb(config_check, rest_from(2));
    throw UsageError("unknown sub-command '" + verb + " " + sub + "'", group_usage);
  }
  if (!verb.empty() && verb[0] == '-') throw UsageError("unknown option '" + verb + "'", general_usage());
  throw UsageError("unknown verb '" + verb + "'", general_usage());
}

} // namespace agenthost::app
