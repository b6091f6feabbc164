// Metric samples reported by plugin instances (the host services' `metric`), aggregated per
// (name, instance). Thread-safe; snapshot() is what an exporter reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::plugins {

enum class MetricKind { counter, gauge, histogram };

const char* metric_kind_name(MetricKind kind) noexcept;

struct MetricSeries {
  std::string name;
  std::string instance; // the instance that reported it, e.g. "tool.web_search"
  MetricKind kind = MetricKind::counter;
  // counter: the running total; gauge: the last value; histogram: the sum of samples.
  double value = 0;
  std::uint64_t count = 0; // samples recorded
};

// Why a sample was not recorded.
enum class MetricRejection {
  none,
  invalid_name,    // names are [A-Za-z_][A-Za-z0-9_.:]*, at most 128 characters
  not_finite,      // NaN or infinity
  negative_count,  // a counter only goes up
  kind_conflict,   // the series exists with another kind
  too_many_series, // the registry is full
};

const char* describe(MetricRejection rejection) noexcept;

class Metrics {
public:
  // A plugin choosing names at run time must not grow the registry without limit.
  explicit Metrics(std::size_t max_series = 10000);

  MetricRejection record(MetricKind kind, std::string_view name, std::string_view instance, double value);

  // Every series, sorted by name, then instance.
  std::vector<MetricSeries> snapshot() const;

private:
  const std::size_t max_series_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, MetricSeries> series_; // by (name, instance)
};

} // namespace agenthost::plugins
