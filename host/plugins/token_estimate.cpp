#include "plugins/token_estimate.hpp"

#include <algorithm>

namespace agenthost::plugins {

std::int64_t estimate_tokens(std::string_view text) noexcept {
  // Continuation bytes (10xxxxxx) belong to the character before them.
  const auto characters =
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return static_cast<std::int64_t>((characters + 3) / 4);
}

} // namespace agenthost::plugins
