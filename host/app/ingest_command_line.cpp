#include "app/ingest_command_line.hpp"
#include "app/verb_options.hpp"

#include <boost/program_options.hpp>

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

  const std::string usage = verb_usage_text(kIngestUsage, options);
  const po::variables_map vm = parse_verb_options(rest, all, positional, usage);
  if (vm.count("help")) return help_command(usage);

  Command command;
  command.verb = Verb::ingest;
  if (!vm.count("user")) throw UsageError("missing --user NAME: whose documents are these?", usage);
  command.user = vm["user"].as<std::string>();
  if (vm.count("pipeline")) command.pipeline = vm["pipeline"].as<std::string>();
  take_location_options(vm, command);
  if (!vm.count("path")) throw UsageError("missing FILE or DIR argument: what to ingest?", usage);
  command.paths = vm["path"].as<std::vector<std::string>>();
  return command;
}

} // namespace agenthost::app
