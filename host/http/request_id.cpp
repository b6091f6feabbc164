#include "http/request_id.hpp"

#include <cstdint>
#include <random>

namespace agenthost::http {

namespace {

bool is_request_id_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::mt19937_64& thread_generator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device entropy;
    std::seed_seq seed{entropy(), entropy(), entropy(), entropy()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

} // namespace

bool is_acceptable_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!is_request_id_char(c)) return false;
  }
  return true;
}

std::string generate_request_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  auto& generator = thread_generator();
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = generator();
    for (int nibble = 0; nibble < 16; ++nibble) {
      id += kHex[bits & 0xF];
      bits >>= 4;
    }
  }
  return id;
}

std::string choose_request_id(std::string_view incoming) {
  return is_acceptable_request_id(incoming) ? std::string(incoming) : generate_request_id();
}

} // namespace agenthost::http
