#include "app/admin_bootstrap.hpp"

#include "common/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace agenthost::app {
namespace {

// The token file, open for writing; removed again unless write_and_keep succeeded.
class TokenFile {
public:
  explicit TokenFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ >= 0) return;
    const int error = errno;
    if (error == EEXIST) {
      throw Error(ErrorKind::config, path_ + " already exists but the database has no users: it holds the token of "
                                             "another (replaced) database. Remove it and start again to create a "
                                             "new admin token.");
    }
    throw Error(ErrorKind::config, "cannot create " + path_ + ": " + std::strerror(error) +
                                       "; the data directory must be writable");
  }
  ~TokenFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  TokenFile(const TokenFile&) = delete;
  TokenFile& operator=(const TokenFile&) = delete;

  void write_and_keep(const std::string& content) {
    std::size_t written = 0;
    while (written < content.size()) {
      const ssize_t n = ::write(fd_, content.data() + written, content.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail();
      written += static_cast<std::size_t>(n);
    }
    // The token exists nowhere else once this start's stdout is gone: make it durable.
    if (::fsync(fd_) != 0) fail();
    kept_ = true;
  }

private:
  [[noreturn]] void fail() const {
    // The admin exists by now; `tokens create` gives it a token the operator can see.
    throw Error(ErrorKind::config, "cannot write " + path_ + ": " + std::strerror(errno) +
                                       "; make room in the data directory, then run `agenthost tokens create " +
                                       kAdminUserName + "` for a token");
  }

  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

} // namespace

std::optional<BootstrappedAdmin> bootstrap_admin(store::UserStore& users, const std::string& data_dir) {
  if (users.count_users() > 0) return std::nullopt;

  const std::string path = (std::filesystem::path(data_dir) / kAdminTokenFileName).string();
  // The file first: if it cannot be made, no admin exists whose token nobody has.
  TokenFile file(path);
  std::pair<store::UserRecord, store::IssuedToken> created;
  try {
    created = users.create_user_with_token(kAdminUserName, true, "admin bootstrap");
  } catch (const Error& error) {
    // Another host sharing the database bootstrapped it a moment ago: its token is its own.
    if (error.kind() == ErrorKind::conflict) return std::nullopt;
    throw;
  }
  file.write_and_keep(created.second.token + "\n");
  return BootstrappedAdmin{std::move(created.first), std::move(created.second.token), path};
}

} // namespace agenthost::app
