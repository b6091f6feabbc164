#include "app/file_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace agenthost::app {
namespace {

std::uint64_t as_count(rlim_t limit) { return limit == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(limit); }

} // namespace

std::optional<FileLimit> raise_open_file_limit(Logger& logger) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) {
    logger.warn("cannot read the open file limit; concurrent event streams may be capped by it",
                {{"error", std::string(std::strerror(errno))}});
    return std::nullopt;
  }
  FileLimit limit{as_count(files.rlim_cur), as_count(files.rlim_cur)};
  if (files.rlim_cur == files.rlim_max) return limit;
  const rlim_t before = files.rlim_cur;
  // An unlimited hard limit still stops at the kernel's fs.nr_open (1,048,576 by default).
  files.rlim_cur = files.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : files.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &files) != 0) {
    logger.warn("cannot raise the open file limit to its hard limit; each event stream holds one, so raise "
                "`ulimit -n` (or LimitNOFILE= for systemd) if watchers are refused",
                {{"soft_limit", as_count(before)},
                 {"hard_limit", as_count(files.rlim_max)},
                 {"error", std::string(std::strerror(errno))}});
    return limit;
  }
  limit.after = as_count(files.rlim_cur);
  logger.info("open file limit raised", {{"from", limit.before}, {"to", limit.after}});
  return limit;
}

} // namespace agenthost::app
