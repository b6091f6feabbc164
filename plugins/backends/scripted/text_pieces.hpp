// How the scripted backend cuts text into the deltas it streams. Concatenating the pieces
// always gives back the input exactly, byte for byte, and no piece splits a UTF-8 character
// (a delta is shown to people and re-encoded as JSON on its way to them).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace scripted {

// "word": each piece is a run of whitespace followed by a run of non-whitespace, the way model
// tokens carry their leading space: "Hello big world" -> "Hello", " big", " world". Whitespace at
// the very end stays with the last piece. Empty text gives no pieces.
std::vector<std::string_view> split_words(std::string_view text);

// "char": one piece per UTF-8 character (a stray invalid byte is a piece of its own).
std::vector<std::string_view> split_characters(std::string_view text);

// Pieces of at most `max_bytes` bytes (more only for a single character longer than that),
// for streaming tool-call arguments as JSON fragments.
std::vector<std::string_view> split_fragments(std::string_view text, std::size_t max_bytes);

} // namespace scripted
