// Byte encodings the store uses for tokens and cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agenthost::store {

// RFC 4648 base64url without padding.
std::string base64url_encode(std::string_view bytes);
// nullopt for a character outside the base64url alphabet.
std::optional<std::string> base64url_decode(std::string_view text);

// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

} // namespace agenthost::store
