#include "api/options.hpp"

#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>

namespace bench::api {
namespace {

[[noreturn]] void usage(const char* program, const std::string& problem) {
  std::ostream& out = problem.empty() ? std::cout : std::cerr;
  if (!problem.empty()) out << program << ": " << problem << "\n";
  out << "usage: " << program << " [options]\n"
      << "dataset (generated into a fresh SQLite database each run):\n"
      << "  --conversations N              conversations of the 100-byte user (default 100000)\n"
      << "  --messages-per-conversation N  (default 10)\n"
      << "  --body-bytes N                 message body size of that user (default 100)\n"
      << "  --large-conversations N        conversations of the 100-KB user (default 10000)\n"
      << "  --large-messages-per-conversation N  (default 2)\n"
      << "  --large-body-bytes N           (default 102400)\n"
      << "  --data-dir DIR                 generate here and keep it (default: a temporary directory, removed)\n"
      << "HTTP (agenthost serve + wrk):\n"
      << "  --duration SECONDS             per wrk run (default 5)\n"
      << "  --http-rounds N                interleaved rounds of every request (default 5)\n"
      << "  --connections N                wrk -c (default 10)\n"
      << "  --wrk-threads N                wrk -t (default 2)\n"
      << "  --server-threads N             [server] threads (default 16)\n"
      << "  --deep-page N                  the deep page compared with page 1 (default 2000)\n"
      << "  --agenthost PATH               the binary to serve with (default: the build's)\n"
      << "insert rate:\n"
      << "  --insert-rows N                rows per timed transaction (default 5000)\n"
      << "harness: --rounds N, --batch-ms MS, --filter TEXT (see bench/harness.hpp)\n";
  std::exit(problem.empty() ? 0 : 2);
}

long whole_number(const char* program, const std::string& option, const std::string& value, long min, long max) {
  char* end = nullptr;
  const long number = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || number < min || number > max) {
    usage(program, option + " wants a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                       ", got '" + value + "'");
  }
  return number;
}

} // namespace

Options parse_options(int argc, char** argv) {
  Options options;
#ifdef AGENTHOST_BIN
  options.agenthost = AGENTHOST_BIN;
#endif
  const char* program = argv[0];
  options.harness_args.push_back(program);
  for (int i = 0; i < argc; ++i) options.command += (i ? " " : "") + std::string(argv[i]);

  using Setter = std::function<void(const std::string&, const std::string&)>;
  auto number_into = [program](long& target, long min, long max) -> Setter {
    return [&target, program, min, max](const std::string& option, const std::string& value) {
      target = whole_number(program, option, value, min, max);
    };
  };
  auto int_into = [program](int& target, long min, long max) -> Setter {
    return [&target, program, min, max](const std::string& option, const std::string& value) {
      target = static_cast<int>(whole_number(program, option, value, min, max));
    };
  };
  DatasetSize& data = options.dataset;
  HttpLoad& http = options.http;
  const std::map<std::string, Setter> setters = {
      {"--conversations", number_into(data.conversations, 1, 100000000)},
      {"--messages-per-conversation", number_into(data.messages_per_conversation, 1, 10000)},
      {"--body-bytes", number_into(data.body_bytes, 1, 100000000)},
      {"--large-conversations", number_into(data.large_conversations, 1, 100000000)},
      {"--large-messages-per-conversation", number_into(data.large_messages_per_conversation, 1, 10000)},
      {"--large-body-bytes", number_into(data.large_body_bytes, 1, 100000000)},
      {"--http-rounds", int_into(http.rounds, 1, 1000)},
      {"--connections", int_into(http.connections, 1, 10000)},
      {"--wrk-threads", int_into(http.wrk_threads, 1, 64)},
      {"--server-threads", int_into(http.server_threads, 1, 1024)},
      {"--deep-page", number_into(http.deep_page, 2, 100000000)},
      {"--insert-rows", number_into(options.insert_rows, 1, 10000000)},
      {"--duration",
       [&http, program](const std::string& option, const std::string& value) {
         http.seconds = static_cast<double>(whole_number(program, option, value, 1, 3600));
       }},
      {"--data-dir", [&options](const std::string&, const std::string& value) { options.data_dir = value; }},
      {"--agenthost", [&options](const std::string&, const std::string& value) { options.agenthost = value; }},
  };

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") usage(program, "");
    const bool harness = arg == "--rounds" || arg == "--batch-ms" || arg == "--filter";
    const auto setter = setters.find(arg);
    if (!harness && setter == setters.end()) usage(program, "unknown option '" + arg + "'");
    if (i + 1 >= argc) usage(program, arg + " needs a value");
    const std::string value = argv[++i];
    if (harness) {
      options.harness_args.push_back(arg);
      options.harness_args.push_back(value);
    } else {
      setter->second(arg, value);
    }
  }
  if (options.agenthost.empty()) usage(program, "--agenthost is required (this build knows no agenthost binary)");
  return options;
}

} // namespace bench::api
