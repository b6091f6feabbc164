#include "api/scratch_directory.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace bench::api {
namespace {

namespace fs = std::filesystem;
constexpr const char* kMarkerFile = "bench-api-scratch";

} // namespace

ScratchDirectory::ScratchDirectory(const std::string& requested) {
  if (requested.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/bench-api-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory " + pattern);
    path_ = buffer.data();
    temporary_ = true;
  } else {
    path_ = requested;
    fs::create_directories(path_);
    if (!fs::exists(fs::path(path_) / kMarkerFile) && !fs::is_empty(path_)) {
      throw std::runtime_error("--data-dir " + path_ + " is not empty and holds no earlier bench_api run (no " +
                               kMarkerFile + " file); give an empty or new directory");
    }
    for (const auto& entry : fs::directory_iterator(path_)) fs::remove_all(entry.path());
  }
  std::ofstream(fs::path(path_) / kMarkerFile) << "written by bench_api; the directory is replaced on each run\n";
}

ScratchDirectory::~ScratchDirectory() {
  if (!temporary_) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

} // namespace bench::api
