#include "store/ids.hpp"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace agenthost::store {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct Monotonic {
  std::mutex mutex;
  std::uint64_t last_ms = 0;
  std::uint64_t high = 0; // 16 bits
  std::uint64_t low = 0;  // 64 bits
};

Monotonic& state() {
  static Monotonic monotonic;
  return monotonic;
}

} // namespace

void fill_random(unsigned char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = getrandom(out + done, size - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
}

std::string make_id(std::string_view prefix, std::uint64_t unix_ms, std::uint64_t random_high16,
                    std::uint64_t random_low64) {
  std::string id(prefix);
  id.resize(prefix.size() + 26);
  char* out = id.data() + prefix.size();
  // 48-bit time in 10 characters (the top 2 bits of the first are zero).
  for (int i = 9; i >= 0; --i) {
    out[i] = kCrockford[unix_ms & 31U];
    unix_ms >>= 5;
  }
  // 80 random bits in 16 characters of 5 bits each, most significant first: bit i of the
  // 80 comes from the high 16 bits or the low 64.
  for (int character = 0; character < 16; ++character) {
    unsigned value = 0;
    for (int b = 0; b < 5; ++b) {
      const int bit = 79 - (character * 5 + b); // 79..0
      const std::uint64_t source = bit >= 64 ? (random_high16 >> (bit - 64)) : (random_low64 >> bit);
      value = (value << 1) | static_cast<unsigned>(source & 1U);
    }
    out[10 + character] = kCrockford[value];
  }
  return id;
}

std::string new_id(std::string_view prefix) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::uint64_t ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
  Monotonic& monotonic = state();
  std::lock_guard<std::mutex> lock(monotonic.mutex);
  if (ms <= monotonic.last_ms) {
    // Same millisecond (or the clock went back): keep the time, increment the random part.
    ms = monotonic.last_ms;
    if (++monotonic.low == 0) monotonic.high = (monotonic.high + 1) & 0xFFFFU;
  } else {
    unsigned char random[10];
    fill_random(random, sizeof random);
    monotonic.high = (static_cast<std::uint64_t>(random[0]) << 8) | random[1];
    std::uint64_t low = 0;
    for (int i = 2; i < 10; ++i) low = (low << 8) | random[i];
    // Leave headroom so increments within one millisecond do not wrap.
    monotonic.low = low >> 1;
    monotonic.last_ms = ms;
  }
  return make_id(prefix, ms, monotonic.high, monotonic.low);
}

} // namespace agenthost::store
