// Opaque string ids that sort by creation time: a type prefix ("cnv_") and 26 characters of
// Crockford base32 (48-bit millisecond timestamp, then 80 random bits), like a ULID.
//
// Ids made by one process are strictly increasing, even within a millisecond (the random part
// is incremented), so "ORDER BY id" is creation order and a keyset cursor over ids is stable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agenthost::store {

std::string new_id(std::string_view prefix);

// The id `prefix` + the encoding of (milliseconds, random), for tests and benchmarks that
// need ids from a given time.
std::string make_id(std::string_view prefix, std::uint64_t unix_ms, std::uint64_t random_high16,
                    std::uint64_t random_low64);

// Cryptographically random bytes from the kernel (getrandom). Throws on failure.
void fill_random(unsigned char* out, std::size_t size);

} // namespace agenthost::store
