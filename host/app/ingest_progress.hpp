// The `agenthost ingest` progress display on stderr: files, bytes, rate and ETA.
//
// On a terminal it is one line redrawn in place (at most ten times a second) with a bar; when
// stderr is a file or a pipe (CI logs, `2> log`) it is one plain line per finished file, so logs
// stay readable and carry the same figures.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace agenthost::app {

class IngestProgress {
public:
  IngestProgress(std::ostream& out, bool terminal, std::size_t total_files, std::uint64_t total_bytes);

  // A file starts: its name is shown on the bar.
  void start_file(const std::string& name);
  // Bytes of the current file read so far (the extraction's progress).
  void file_bytes(std::uint64_t bytes_of_current_file);
  // The current file is done (its `size` counts in full); `outcome` says how ("ready, 3 chunks"
  // or "failed: ...").
  void finish_file(std::uint64_t size, const std::string& outcome);
  // Ends the bar's line on a terminal.
  void close();

  // "1.5 MiB", "820 KiB", "12 B".
  static std::string bytes_text(std::uint64_t bytes);

private:
  std::string figures() const; // "3/10 files  1.2 MiB/5.0 MiB  2.3 MiB/s  ETA 0:02"
  void redraw(bool force);

  std::ostream& out_;
  bool terminal_;
  std::size_t total_files_;
  std::uint64_t total_bytes_;
  std::size_t files_done_ = 0;
  std::uint64_t bytes_done_ = 0;    // of finished files
  std::uint64_t bytes_current_ = 0; // of the file in progress
  std::string current_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::size_t drawn_width_ = 0;
};

} // namespace agenthost::app
