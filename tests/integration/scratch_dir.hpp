// A fresh temporary directory per test (data dirs, config files), removed afterwards.
#pragma once

#include <string>

namespace agenthost::integration {

class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // path()/relative, which need not exist.
  std::string file(const std::string& relative) const;
  // Writes `content` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

private:
  std::string path_;
};

} // namespace agenthost::integration
