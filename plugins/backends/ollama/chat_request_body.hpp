// Builds the JSON body of Ollama's POST /api/chat from the host's ChatRequest.
#pragma once

#include "agenthost/chat.hpp"
#include "agenthost/json.hpp"

#include <string>

namespace ollama {

struct ChatDefaults {
  agenthost::json::Value options = agenthost::json::Value::object(); // from settings, before params
  std::string keep_alive;                                             // "" = the server's default
};

// {"model","messages","tools"?,"stream":true,"options"?,"keep_alive"?}. Throws CallError
// (invalid argument) when an earlier tool call's arguments are not a JSON object.
agenthost::json::Value chat_request_body(const agenthost::ChatRequest& request, const ChatDefaults& defaults);

// Ollama accepts keep_alive as a duration string ("5m") or a number of seconds (-1 = forever).
agenthost::json::Value keep_alive_value(const std::string& setting);

} // namespace ollama
