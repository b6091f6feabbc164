#include "common/logger.hpp"

#include "agenthost/json.hpp"

#include "common/error.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace agenthost {

namespace {

void append_json_value(std::string& out, const LogField::Value& value) {
  char buffer[64];
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    append_json_string(out, *text);
  } else if (const auto* signed_number = std::get_if<std::int64_t>(&value)) {
    auto result = std::to_chars(buffer, buffer + sizeof buffer, *signed_number);
    out.append(buffer, result.ptr);
  } else if (const auto* unsigned_number = std::get_if<std::uint64_t>(&value)) {
    auto result = std::to_chars(buffer, buffer + sizeof buffer, *unsigned_number);
    out.append(buffer, result.ptr);
  } else if (const auto* real = std::get_if<double>(&value)) {
    // JSON has no NaN or infinity; null keeps the line parseable.
    if (!std::isfinite(*real)) {
      out += "null";
    } else {
      auto result = std::to_chars(buffer, buffer + sizeof buffer, *real); // shortest round-trip
      out.append(buffer, result.ptr);
    }
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
}

bool is_reserved_key(std::string_view key) { return key == "ts" || key == "level" || key == "msg"; }

} // namespace

const char* log_level_name(LogLevel level) noexcept {
  switch (level) {
  case LogLevel::debug: return "debug";
  case LogLevel::info: return "info";
  case LogLevel::warn: return "warn";
  case LogLevel::error: return "error";
  }
  return "info";
}

LogLevel parse_log_level(std::string_view text) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
    if (text == log_level_name(level)) return level;
  }
  throw Error(ErrorKind::config, "unknown log level '" + std::string(text) +
                                     "'; use one of: debug, info, warn, error");
}

// One JSON string escaper for the whole code base: the SDK's (plugins produce JSON with it too).
void append_json_string(std::string& out, std::string_view text) { json::append_escaped(out, text); }

std::string utc_timestamp_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[80]; // sized for any int values, which keeps -Wformat-truncation quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

std::string format_log_line(std::string_view ts, LogLevel level, std::string_view msg,
                            const LogField* begin, const LogField* end) {
  std::string line;
  line.reserve(96 + msg.size() + 32 * static_cast<std::size_t>(end - begin));
  line += "{\"ts\":";
  append_json_string(line, ts);
  line += ",\"level\":";
  append_json_string(line, log_level_name(level));
  line += ",\"msg\":";
  append_json_string(line, msg);
  for (const LogField* field = begin; field != end; ++field) {
    line += ',';
    if (is_reserved_key(field->key())) {
      append_json_string(line, "field." + std::string(field->key()));
    } else {
      append_json_string(line, field->key());
    }
    line += ':';
    append_json_value(line, field->value());
  }
  line += '}';
  return line;
}

LogSink stderr_log_sink() {
  return [](std::string_view line) {
    std::string whole(line);
    whole += '\n';
    std::fwrite(whole.data(), 1, whole.size(), stderr);
    std::fflush(stderr);
  };
}

Logger::Logger(LogLevel threshold, LogSink sink)
    : threshold_(static_cast<int>(threshold)), sink_(std::move(sink)) {}

void Logger::set_threshold(LogLevel threshold) noexcept {
  threshold_.store(static_cast<int>(threshold), std::memory_order_relaxed);
}

LogLevel Logger::threshold() const noexcept {
  return static_cast<LogLevel>(threshold_.load(std::memory_order_relaxed));
}

bool Logger::enabled(LogLevel level) const noexcept {
  return static_cast<int>(level) >= threshold_.load(std::memory_order_relaxed);
}

void Logger::log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  write(level, msg, fields.begin(), fields.end());
}

void Logger::log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields) {
  write(level, msg, fields.data(), fields.data() + fields.size());
}

void Logger::debug(std::string_view msg, std::initializer_list<LogField> fields) {
  write(LogLevel::debug, msg, fields.begin(), fields.end());
}

void Logger::info(std::string_view msg, std::initializer_list<LogField> fields) {
  write(LogLevel::info, msg, fields.begin(), fields.end());
}

void Logger::warn(std::string_view msg, std::initializer_list<LogField> fields) {
  write(LogLevel::warn, msg, fields.begin(), fields.end());
}

void Logger::error(std::string_view msg, std::initializer_list<LogField> fields) {
  write(LogLevel::error, msg, fields.begin(), fields.end());
}

void Logger::write(LogLevel level, std::string_view msg, const LogField* begin,
                   const LogField* end) {
  if (!enabled(level)) return;
  // Format outside the lock: only the hand-off to the sink is serialized.
  const std::string line = format_log_line(utc_timestamp_now(), level, msg, begin, end);
  std::lock_guard<std::mutex> lock(sink_mutex_);
  try {
    if (sink_) sink_(line);
  } catch (...) {
    // A broken sink must not turn logging into a failure of whatever the caller was doing,
    // and there is no other channel left to report it on.
  }
}

} // namespace agenthost
