// Time as the store keeps it (integer milliseconds since the Unix epoch, the same on SQLite
// and PostgreSQL) and as the API shows it (RFC 3339, UTC, milliseconds).
#pragma once

#include <cstdint>
#include <string>

namespace agenthost::store {

std::int64_t now_ms();
// "2026-11-29T09:00:00.123Z"
std::string format_timestamp(std::int64_t unix_ms);

} // namespace agenthost::store
