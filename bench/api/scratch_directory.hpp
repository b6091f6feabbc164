// Where bench_api writes its databases: a fresh temporary directory removed at the end, or the
// --data-dir the user gave (kept, and replaced on the next run only if it holds an earlier
// bench_api run: pointed at a real deployment by mistake, it must never lose its database).
#pragma once

#include <string>

namespace bench::api {

class ScratchDirectory {
public:
  // `requested` empty: a new directory under $TMPDIR (or /tmp).
  explicit ScratchDirectory(const std::string& requested);
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
  bool temporary_ = false;
};

} // namespace bench::api
