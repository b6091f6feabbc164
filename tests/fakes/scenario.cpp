// Scenario builders and the default scenario.
#include "provider_fake.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>

namespace agenthost::fakes {

Scenario Scenario::text_stream(std::string text, int tokens, std::chrono::milliseconds token_delay) {
  Scenario s;
  s.text = std::move(text);
  s.tokens = tokens;
  s.token_delay = token_delay;
  return s;
}

Scenario Scenario::http_error(int status, std::string message) {
  Scenario s;
  s.http_status = status;
  s.error_message = std::move(message);
  return s;
}

Scenario Scenario::overloaded_529() {
  Scenario s = http_error(529, "Overloaded");
  s.error_type = "overloaded_error";
  return s;
}

Scenario Scenario::overloaded_mid_stream(std::string text, int tokens, int after_tokens) {
  Scenario s = text_stream(std::move(text), tokens);
  s.fault = Fault::error_event_mid_stream;
  s.fault_after_tokens = after_tokens;
  s.error_type = "overloaded_error";
  s.error_message = "Overloaded";
  return s;
}

Scenario& Scenario::with_tool_call(std::string name, std::string arguments_json, std::string id) {
  tool_calls.push_back({std::move(id), std::move(name), std::move(arguments_json)});
  return *this;
}

Scenario& Scenario::with_usage(int input_tokens, int output_tokens) {
  usage = FakeUsage{input_tokens, output_tokens};
  return *this;
}

Scenario& Scenario::with_fault(Fault f, int after_tokens) {
  fault = f;
  fault_after_tokens = after_tokens;
  return *this;
}

Scenario& Scenario::with_retry_after_seconds(int seconds) {
  return with_header("Retry-After", std::to_string(seconds));
}

Scenario& Scenario::with_retry_after_http_date(std::chrono::system_clock::time_point when) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
  const Poco::Timestamp stamp(static_cast<Poco::Timestamp::TimeVal>(micros));
  return with_header("Retry-After", Poco::DateTimeFormatter::format(stamp, Poco::DateTimeFormat::HTTP_FORMAT));
}

Scenario& Scenario::with_retry_after_ms(int milliseconds) {
  return with_header("retry-after-ms", std::to_string(milliseconds));
}

Scenario& Scenario::with_header(std::string name, std::string value) {
  extra_headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Scenario default_scenario() {
  return Scenario::text_stream("Hello from the fake.", 4)
      .with_tool_call("get_weather", R"({"city":"Paris"})")
      .with_usage(12, 7);
}

std::optional<std::string> RecordedRequest::header(const std::string& lower_case_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_case_name) return value;
  return std::nullopt;
}

} // namespace agenthost::fakes
