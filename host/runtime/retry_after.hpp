// How long a provider asked us to wait before retrying, from its `retry-after-ms` header
// (milliseconds, OpenAI and Anthropic send it) or the standard `Retry-After` header (whole
// seconds, or an HTTP date). A value that cannot be read counts as absent: the caller then
// falls back to its own backoff rather than failing over a malformed header.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::runtime {

// `retry-after-ms`: a non-negative number of milliseconds (a fraction is rounded up).
std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value);

// `Retry-After`: delta-seconds, or an HTTP date (IMF-fixdate, RFC 850 or asctime form); a date
// in the past means "now" (zero).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

// The requested wait from both headers; `retry-after-ms` wins because it is the more precise.
std::optional<std::chrono::milliseconds> requested_retry_wait(const std::optional<std::string>& retry_after_ms,
                                                              const std::optional<std::string>& retry_after,
                                                              std::chrono::system_clock::time_point now);

} // namespace agenthost::runtime
