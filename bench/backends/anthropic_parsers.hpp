// The anthropic plugin's parser headers, reached by a relative path (see openai_parsers.hpp).
#pragma once
#include "../../plugins/backends/anthropic/sse_parser.hpp"
#include "../../plugins/backends/anthropic/stream_decoder.hpp"
