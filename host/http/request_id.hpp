// Request ids: accepted from the caller when safe to echo and log, generated otherwise.
#pragma once

#include <string>
#include <string_view>

namespace agenthost::http {

constexpr std::size_t kMaxRequestIdLength = 128;

// 1..128 characters of [A-Za-z0-9._-]: enough for UUIDs and tracing ids, and nothing that
// could break a header or a log line.
bool is_acceptable_request_id(std::string_view id) noexcept;

// 32 lowercase hex characters (128 random bits) from a per-thread generator, so ids from
// concurrent requests never contend on a lock.
std::string generate_request_id();

// `incoming` when acceptable, a generated id otherwise (including when it is empty).
std::string choose_request_id(std::string_view incoming);

} // namespace agenthost::http
