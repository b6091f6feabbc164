// Conversations, messages and tool calls as the API shows them (see the contract's Objects).
//
// Tool-call arguments and results are stored as JSON text and shown as JSON values, so clients
// get `"arguments":{"city":"Oslo"}`, not a string they must parse again.
#pragma once

#include "store/pagination.hpp"
#include "store/records.hpp"

#include <agenthost/json.hpp>

#include <string_view>

namespace agenthost::http {

json::Value conversation_json(const store::ConversationRecord& conversation);
// The conversation with all its messages, oldest first.
json::Value conversation_detail_json(const store::ConversationDetail& detail);
json::Value message_json(const store::MessageRecord& message);
json::Value tool_call_json(const store::ToolCallRecord& call);

// {"data":[...],"next_cursor":...|null}
json::Value conversation_page_json(const store::Page<store::ConversationRecord>& page);
json::Value message_page_json(const store::Page<store::MessageRecord>& page);

// Stored JSON text as a JSON value. Text that is not valid JSON (written by an older host or
// by hand) is shown as a string rather than failing the whole response.
json::Value embedded_json(std::string_view stored_text);

} // namespace agenthost::http
