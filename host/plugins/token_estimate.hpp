// Token estimation for the host services' estimate_tokens.
#pragma once

#include <cstdint>
#include <string_view>

namespace agenthost::plugins {

// A rough count: one token per four characters (UTF-8 code points), rounded up. Deliberately one
// function, so a tokenizer-backed estimate can replace it without touching its callers.
std::int64_t estimate_tokens(std::string_view text) noexcept;

} // namespace agenthost::plugins
