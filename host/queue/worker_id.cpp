#include "queue/worker_pools.hpp"

#include "store/ids.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>

namespace agenthost::queue {

std::string make_worker_id() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) std::snprintf(host.data(), host.size(), "unknown-host");
  // The random part tells two processes apart that reuse a pid (containers restart at pid 1).
  std::array<unsigned char, 4> random{};
  store::fill_random(random.data(), random.size());
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%02x%02x%02x%02x", random[0], random[1], random[2], random[3]);
  return std::string(host.data()) + ":" + std::to_string(static_cast<long>(getpid())) + ":" + suffix;
}

} // namespace agenthost::queue
