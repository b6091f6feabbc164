// Internal to the clock core: what a parsed zone holds, shared by the TZif reader that fills it
// and ZoneInfo that reads it.
#pragma once

#include "posix_rule.hpp"
#include "zone.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace clock_tool {

struct ZoneInfo::Data {
  struct LocalTimeType {
    std::int64_t utc_offset;
    bool is_dst;
    std::string abbreviation;
  };
  struct Transition {
    std::int64_t at;
    std::size_t type;
  };

  std::string name;
  std::vector<Transition> transitions;     // strictly ascending
  std::vector<LocalTimeType> types;        // never empty
  std::optional<detail::PosixRule> footer; // governs instants from the last transition on

  detail::Offset offset_at(std::int64_t t) const {
    const auto of_type = [this](std::size_t index) {
      const LocalTimeType& type = types[index];
      return detail::Offset{type.utc_offset, type.is_dst, type.abbreviation};
    };
    if (transitions.empty() || t >= transitions.back().at) {
      if (footer) return detail::rule_offset_at(*footer, t);
      return of_type(transitions.empty() ? 0 : transitions.back().type);
    }
    if (t < transitions.front().at) return of_type(0); // RFC 8536: type 0 before the first
    const auto next = std::upper_bound(
        transitions.begin(), transitions.end(), t,
        [](std::int64_t value, const Transition& transition) { return value < transition.at; });
    return of_type(std::prev(next)->type);
  }
};

} // namespace clock_tool
