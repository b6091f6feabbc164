// The openai plugin's decoder header. Both plugins name theirs stream_decoder.hpp, so each is
// reached by a relative path; the SSE framing is the SDK's (agenthost/stream_lines.hpp).
#pragma once
#include "../../plugins/backends/openai/stream_decoder.hpp"
