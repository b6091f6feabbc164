#include "app/ingest_command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>

namespace po = boost::program_options;

namespace agenthost::app {

namespace {

const char* const kIngestUsage =
    "agenthost ingest --user NAME [--pipeline P] [--config FILE] [--data-dir DIR] FILE|DIR...\n\n"
    "Adds local files to the user's documents, directories recursively: each is stored, extracted,\n"
    "cleaned, chunked and indexed right here (not through the job queue), so it is searchable when\n"
    "the command ends. Progress goes to stderr; the summary lists every file that failed, and the\n"
    "exit status is 1 when any did.";

} // namespace

Command parse_ingest_command(const std::vector<std::string>& rest) {
  po::options_description options("options");
  options.add_options()("help,h", "show this help")("user", po::value<std::string>()->value_name("NAME"),
                                                     "the user whose documents these become (required)")(
      "pipeline", po::value<std::string>()->value_name("P"),
      "the [pipeline.P] to clean every file with (default: per content type)")(
      "config", po::value<std::string>()->value_name("FILE"), "config file (default: config/agenthost.conf)")(
      "data-dir", po::value<std::string>()->value_name("DIR"), "data directory (default: ./var)");
  po::options_description all;
  all.add(options);
  all.add_options()("path", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("path", -1);

  std::ostringstream usage_text;
  usage_text << "usage: " << kIngestUsage << "\n\n" << options;
  const std::string usage = usage_text.str();
  po::variables_map vm;
  try {
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
  command.verb = Verb::ingest;
  if (!vm.count("user")) throw UsageError("missing --user NAME: whose documents are these?", usage);
  command.user = vm["user"].as<std::string>();
  if (vm.count("pipeline")) command.pipeline = vm["pipeline"].as<std::string>();
  if (vm.count("config")) command.config_path = vm["config"].as<std::string>();
  if (vm.count("data-dir")) command.data_dir = vm["data-dir"].as<std::string>();
  if (!vm.count("path")) throw UsageError("missing FILE or DIR argument: what to ingest?", usage);
  command.paths = vm["path"].as<std::vector<std::string>>();
  return command;
}

} // namespace agenthost::app
