#include "app/ingest_progress.hpp"

#include <algorithm>
#include <cstdio>

namespace agenthost::app {

namespace {

constexpr int kBarWidth = 24;

std::string duration_text(double seconds) {
  const auto total = static_cast<long long>(seconds + 0.5);
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  else std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  return text;
}

} // namespace

IngestProgress::IngestProgress(std::ostream& out, bool terminal, std::size_t total_files, std::uint64_t total_bytes)
    : out_(out), terminal_(terminal), total_files_(total_files), total_bytes_(total_bytes),
      started_(std::chrono::steady_clock::now()) {}

std::string IngestProgress::bytes_text(std::uint64_t bytes) {
  char text[32];
  if (bytes < 1024) std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  else if (bytes < 1024 * 1024) std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024);
  else if (bytes < 1024ULL * 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024 * 1024));
  else std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  return text;
}

std::string IngestProgress::figures() const {
  const std::uint64_t done = std::min(bytes_done_ + bytes_current_, total_bytes_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::string text = std::to_string(files_done_) + "/" + std::to_string(total_files_) + " files  " +
                     bytes_text(done) + "/" + bytes_text(total_bytes_);
  if (elapsed > 0 && done > 0) {
    const double rate = static_cast<double>(done) / elapsed;
    text += "  " + bytes_text(static_cast<std::uint64_t>(rate)) + "/s";
    text += "  ETA " + duration_text(static_cast<double>(total_bytes_ - done) / rate);
  } else {
    text += "  -/s  ETA -";
  }
  return text;
}

void IngestProgress::redraw(bool force) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const std::uint64_t done = bytes_done_ + bytes_current_;
  const int filled =
      total_bytes_ == 0 ? kBarWidth
                        : static_cast<int>(static_cast<double>(std::min(done, total_bytes_)) * kBarWidth /
                                           static_cast<double>(total_bytes_));
  std::string line = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(kBarWidth - filled), '.') + "] " + figures();
  if (!current_.empty()) line += "  " + current_;
  // Pad over what the previous, longer line left on screen.
  const std::size_t width = line.size();
  if (width < drawn_width_) line += std::string(drawn_width_ - width, ' ');
  drawn_width_ = width;
  out_ << '\r' << line << std::flush;
}

void IngestProgress::start_file(const std::string& name) {
  current_ = name;
  bytes_current_ = 0;
  redraw(true);
}

void IngestProgress::file_bytes(std::uint64_t bytes_of_current_file) {
  bytes_current_ = bytes_of_current_file;
  redraw(false);
}

void IngestProgress::finish_file(std::uint64_t size, const std::string& outcome) {
  ++files_done_;
  bytes_done_ += size;
  bytes_current_ = 0;
  if (terminal_) {
    redraw(true);
    return;
  }
  out_ << figures() << "  " << current_ << ": " << outcome << "\n" << std::flush;
}

void IngestProgress::close() {
  if (!terminal_) return;
  current_.clear();
  redraw(true);
  out_ << "\n" << std::flush;
}

} // namespace agenthost::app
