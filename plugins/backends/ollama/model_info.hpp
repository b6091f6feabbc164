// What Ollama's POST /api/show says about a model that the host wants to know: the context
// window a chat gets and what the model can do ("capabilities": ["completion", "tools", ...]).
#pragma once

#include "agenthost/json.hpp"

#include <cstdint>

namespace ollama {

struct ModelInfo {
  int64_t context_window = 0;    // tokens; 0 = unknown
  agenthost::json::Value capabilities; // the server's list, null when it sends none (older servers)
};

// The window a chat actually gets: num_ctx from the instance's `options` when set, else num_ctx
// from the model's parameters (its Modelfile), else the model's trained length
// (model_info["<general.architecture>.context_length"]).
ModelInfo model_info_from_show(const agenthost::json::Value& show, const agenthost::json::Value& options);

} // namespace ollama
