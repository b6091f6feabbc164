// Structured logging: one JSON object per line.
//
// Every line carries `ts` (ISO-8601 UTC with milliseconds), `level` and `msg`, then any extra
// key/values the caller passes. Lines go to a sink (stderr by default; tests inject their own).
// A line below the logger's threshold costs one atomic load: nothing is formatted, and the
// fields only hold views of the caller's data, so building them allocates nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace agenthost {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

// "debug", "info", "warn", "error": the names used on log lines and in the config file.
const char* log_level_name(LogLevel level) noexcept;

// Parses a level name as written by an operator. Throws Error(ErrorKind::config) naming the
// accepted values when `text` is not one of them.
LogLevel parse_log_level(std::string_view text);

// One extra key/value on a log line. It borrows: keys and string values must outlive the
// logging call, which they do when fields are written inline in the call.
class LogField {
public:
  using Value = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool>;

  LogField(std::string_view key, std::string_view value) : key_(key), value_(value) {}
  LogField(std::string_view key, const char* value) : key_(key), value_(std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value)
      : key_(key), value_(std::string_view(value)) {}
  LogField(std::string_view key, double value) : key_(key), value_(value) {}
  LogField(std::string_view key, bool value) : key_(key), value_(value) {}

  // Any integer type; signedness picks the representation so large unsigned values survive.
  template <typename Int,
            typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
  LogField(std::string_view key, Int value) : key_(key), value_(widen(value)) {}

  std::string_view key() const noexcept { return key_; }
  const Value& value() const noexcept { return value_; }

private:
  template <typename Int> static Value widen(Int value) {
    if constexpr (std::is_signed_v<Int>) {
      return static_cast<std::int64_t>(value);
    } else {
      return static_cast<std::uint64_t>(value);
    }
  }

  std::string_view key_;
  Value value_;
};

// Receives one complete line, without the trailing newline. The logger calls it under its own
// mutex, so a sink needs no locking of its own and lines never interleave.
using LogSink = std::function<void(std::string_view line)>;

// Writes each line plus '\n' to stderr with a single write, so lines stay whole even when
// other code in the process writes to stderr too.
LogSink stderr_log_sink();

class Logger {
public:
  explicit Logger(LogLevel threshold = LogLevel::info, LogSink sink = stderr_log_sink());

  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void set_threshold(LogLevel threshold) noexcept;
  LogLevel threshold() const noexcept;
  bool enabled(LogLevel level) const noexcept;

  void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
  // For field lists assembled at run time (e.g. optional fields).
  void log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields);

  void debug(std::string_view msg, std::initializer_list<LogField> fields = {});
  void info(std::string_view msg, std::initializer_list<LogField> fields = {});
  void warn(std::string_view msg, std::initializer_list<LogField> fields = {});
  void error(std::string_view msg, std::initializer_list<LogField> fields = {});

private:
  void write(LogLevel level, std::string_view msg, const LogField* begin, const LogField* end);

  std::atomic<int> threshold_;
  std::mutex sink_mutex_;
  LogSink sink_;
};

// Formats one line exactly as Logger writes it, for a given timestamp. Exposed for tests and
// for code that must emit a line outside a Logger (e.g. before the config is read).
// An extra field named `ts`, `level` or `msg` is written as `field.ts` etc. so that it cannot
// shadow the fixed fields.
std::string format_log_line(std::string_view ts, LogLevel level, std::string_view msg,
                            const LogField* begin, const LogField* end);

// Current time as ISO-8601 UTC with milliseconds: 2024-05-01T12:34:56.789Z.
std::string utc_timestamp_now();

// Appends `text` as a quoted JSON string. Bytes that are not valid UTF-8 become U+FFFD, so the
// output is valid JSON whatever the input (request paths and upstream errors carry arbitrary
// bytes). Exposed because the HTTP layer's error bodies need the same guarantee.
void append_json_string(std::string& out, std::string_view text);

} // namespace agenthost
