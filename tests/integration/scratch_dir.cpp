#include "scratch_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace agenthost::integration {

ScratchDir::ScratchDir() {
  const std::string pattern = (std::filesystem::temp_directory_path() / "agenthost-it-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!::mkdtemp(buffer.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = buffer.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ignored; // cleanup must not throw from a destructor; a leftover dir is harmless
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::file(const std::string& relative) const { return path_ + "/" + relative; }

std::string ScratchDir::write(const std::string& name, const std::string& content) const {
  const std::string full = file(name);
  std::ofstream out(full, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + full);
  return full;
}

} // namespace agenthost::integration
