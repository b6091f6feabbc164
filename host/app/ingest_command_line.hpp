// `agenthost ingest --user NAME [--pipeline P] FILE|DIR...`: its flags and many paths, which
// the one-positional verbs of command_line.cpp do not take.
#pragma once

#include "app/command_line.hpp"

#include <string>
#include <vector>

namespace agenthost::app {

// `rest`: the arguments after "ingest". Throws UsageError with the verb's usage.
Command parse_ingest_command(const std::vector<std::string>& rest);

} // namespace agenthost::app
