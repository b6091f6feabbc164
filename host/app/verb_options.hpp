// What every verb's option parsing shares (command_line.cpp, ingest_command_line.cpp): the usage
// text, the parse itself with its error handling, --help, and the --config/--data-dir options.
// Internal to host/app; header-only so both parsers include it without a new library file.
#pragma once

#include "app/command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace agenthost::app {

// "usage: <usage_line>\n\n<the options' help>".
inline std::string verb_usage_text(const std::string& usage_line,
                                   const boost::program_options::options_description& options) {
  std::ostringstream out;
  out << "usage: " << usage_line << "\n\n" << options;
  return out.str();
}

// `args` parsed against `all`. Options may come before or after positional arguments; guessing
// abbreviations is off so that a typo is an error, not a different flag. Throws UsageError with
// `usage` for anything the parser refuses.
inline boost::program_options::variables_map parse_verb_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& all,
    const boost::program_options::positional_options_description& positional, const std::string& usage) {
  namespace po = boost::program_options;
  po::variables_map vm;
  try {
    const auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what(), usage);
  }
  return vm;
}

// The Command of `<verb> --help`: print the verb's usage.
inline Command help_command(const std::string& usage) {
  Command command;
  command.verb = Verb::help;
  command.help_text = usage;
  return command;
}

// --config FILE and --data-dir DIR, where the verb takes them.
inline void take_location_options(const boost::program_options::variables_map& vm, Command& command) {
  if (vm.count("config")) command.config_path = vm["config"].as<std::string>();
  if (vm.count("data-dir")) command.data_dir = vm["data-dir"].as<std::string>();
}

} // namespace agenthost::app
