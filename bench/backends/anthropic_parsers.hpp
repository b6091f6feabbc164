// The anthropic plugin's decoder header, reached by a relative path (see openai_parsers.hpp).
#pragma once
#include "../../plugins/backends/anthropic/stream_decoder.hpp"
