// The first start: with no users in the database, create the "admin" user and hand its token
// to the operator, once, in <data-dir>/admin.token (mode 0600) and on stdout.
#pragma once

#include "store/user_store.hpp"

#include <optional>
#include <string>

namespace agenthost::app {

struct BootstrappedAdmin {
  store::UserRecord user;
  std::string token;      // the secret: printed once, never logged
  std::string token_file; // where it was written
};

inline const char* const kAdminTokenFileName = "admin.token";
inline const char* const kAdminUserName = "admin";

// Does nothing (nullopt) when the database already has users. Otherwise creates the admin and
// its token and writes the token file, created with O_EXCL and mode 0600 so it is never
// readable by others, not even for a moment, and never follows a planted symlink.
//
// Throws Error(ErrorKind::config) when the token file already exists while the database has no
// users (a leftover from a replaced database: the operator removes it), or cannot be written.
std::optional<BootstrappedAdmin> bootstrap_admin(store::UserStore& users, const std::string& data_dir);

} // namespace agenthost::app
