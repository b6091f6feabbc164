#include "plugins/call_status.hpp"

#include <string>

namespace agenthost::plugins {

std::string status_name(ah_status status) {
  switch (status) {
  case AH_OK: return "ok";
  case AH_ERR_INVALID_ARGUMENT: return "invalid argument";
  case AH_ERR_NOT_FOUND: return "not found";
  case AH_ERR_UNSUPPORTED: return "unsupported";
  case AH_ERR_CANCELLED: return "cancelled";
  case AH_ERR_TIMEOUT: return "timeout";
  case AH_ERR_UNAVAILABLE: return "unavailable";
  case AH_ERR_PERMISSION: return "permission denied";
  case AH_ERR_RATE_LIMITED: return "rate limited";
  case AH_ERR_TOO_LARGE: return "too large";
  case AH_ERR_UPSTREAM: return "upstream error";
  case AH_ERR_INTERNAL: return "internal error";
  default: return "unknown status " + std::to_string(status);
  }
}

} // namespace agenthost::plugins
