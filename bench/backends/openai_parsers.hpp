// The openai plugin's parser headers (its directory is on the include path). Both plugins name
// their files sse_parser.hpp / stream_decoder.hpp, so each is reached by a relative path.
#pragma once
#include "../../plugins/backends/openai/sse_parser.hpp"
#include "../../plugins/backends/openai/stream_decoder.hpp"
