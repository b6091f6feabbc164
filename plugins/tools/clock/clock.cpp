// clock: a tool that tells the model the current date and time, which it cannot know by itself.
//
//   [tool.clock]
//   plugin = clock
//   default_timezone = Europe/Berlin      ; used when the model names no zone (default UTC)
//   zoneinfo_dir = /usr/share/zoneinfo    ; compiled tz database (the default)
//
// The answer is computed by the core (zone.hpp reads the tz database, clock_result.hpp shapes
// the JSON); this file checks settings and arguments and maps failures to statuses.
#include "agenthost/sdk.hpp"

#include "clock_result.hpp"
#include "zone.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

namespace {

using agenthost::CallError;
using agenthost::json::Value;

std::int64_t unix_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
}

bool is_directory(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_directory(path, error);
}

struct Clock : agenthost::Tool {
  static constexpr const char* type_name = "clock";
  static constexpr const char* description =
      "Returns the current date, time, weekday and UTC offset, in the configured default time zone "
      "or in any IANA time zone you name. Use it whenever the answer depends on today's date or the "
      "time of day.";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "default_timezone": {"type": "string", "default": "UTC", "minLength": 1,
                           "description": "IANA time zone used when the model names none, e.g. Europe/Berlin"},
      "zoneinfo_dir": {"type": "string", "format": "path", "default": "/usr/share/zoneinfo",
                       "description": "Directory of the compiled tz database (the tzdata package)"}
    }
  })json";
  // The zone database guards its cache with a mutex; everything else is immutable after create.
  static constexpr bool thread_safe = true;

  explicit Clock(const agenthost::Context& context)
      : zoneinfo_dir_(context.settings["zoneinfo_dir"].as_string()), zones_(zoneinfo_dir_),
        default_zone_(context.settings["default_timezone"].as_string()), has_database_(is_directory(zoneinfo_dir_)) {
    // Without tzdata only UTC works. That is a legitimate minimal setup, so it is a warning, not
    // a failure; an unusable default zone below still fails.
    if (!has_database_)
      context.host.warn("zoneinfo_dir '" + zoneinfo_dir_ +
                        "' is not a directory, so only UTC is available; install the tzdata package or set zoneinfo_dir");
    try {
      zones_.lookup(default_zone_);
    } catch (const clock_tool::UnknownZone& e) {
      throw CallError::invalid_argument("default_timezone: " + explain_unknown(e));
    } catch (const clock_tool::ZoneError& e) {
      throw CallError(AH_ERR_INTERNAL, std::string("default_timezone: ") + e.what());
    }
  }

  std::string parameters_schema() const override {
    // Built per instance so the model learns which zone it gets by leaving the argument out.
    Value timezone = Value::object({
        {"type", "string"},
        {"description", "IANA time zone name such as \"Europe/Berlin\", \"America/New_York\" or \"Asia/Tokyo\"; "
                        "leave it out for the default, \"" + default_zone_ + "\""},
    });
    return agenthost::json::dump(Value::object({
        {"type", "object"},
        {"properties", Value::object({{"timezone", timezone}})},
        {"additionalProperties", false},
    }));
  }

  agenthost::ToolOutput invoke(agenthost::Call&, const Value& arguments) override {
    for (const auto& member : arguments.as_object()) {
      if (member.first != "timezone")
        throw CallError::invalid_argument("unknown argument " + agenthost::quote_for_message(member.first) +
                                          "; the only argument is 'timezone' (optional)");
    }
    const Value& timezone = arguments["timezone"]; // null when absent
    if (!timezone.is_null() && !timezone.is_string())
      throw CallError::invalid_argument(std::string("'timezone' must be a string such as \"Europe/Berlin\", got ") +
                                        agenthost::json::type_name(timezone.type()));
    const std::string& zone = timezone.is_string() ? timezone.as_string() : default_zone_;
    try {
      return clock_tool::describe_instant(zones_, zone, unix_now()); // sent as application/json
    } catch (const clock_tool::UnknownZone& e) {
      throw CallError::invalid_argument(explain_unknown(e));
    } catch (const clock_tool::ZoneError& e) {
      // A damaged tzdata file: nothing the model can fix by rephrasing.
      throw CallError(AH_ERR_INTERNAL, e.what());
    }
  }

private:
  // The core cannot tell "no such zone" from "no zone database at all"; the operator can.
  std::string explain_unknown(const clock_tool::UnknownZone& e) const {
    std::string message = e.what();
    if (!has_database_) message += " (zoneinfo_dir '" + zoneinfo_dir_ + "' is missing, so only UTC is available)";
    return message;
  }

  const std::string zoneinfo_dir_;
  const clock_tool::ZoneDatabase zones_;
  const std::string default_zone_;
  const bool has_database_;
};

} // namespace

AGENTHOST_PLUGIN("clock", "1.0.0", "Current date and time in any IANA time zone", Clock)
