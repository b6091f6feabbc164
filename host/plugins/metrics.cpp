#include "plugins/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace agenthost::plugins {

const char* metric_kind_name(MetricKind kind) noexcept {
  switch (kind) {
  case MetricKind::counter: return "counter";
  case MetricKind::gauge: return "gauge";
  case MetricKind::histogram: return "histogram";
  }
  return "unknown";
}

const char* describe(MetricRejection rejection) noexcept {
  switch (rejection) {
  case MetricRejection::none: return "recorded";
  case MetricRejection::invalid_name: return "metric names are [A-Za-z_][A-Za-z0-9_.:]*, at most 128 characters";
  case MetricRejection::not_finite: return "the value is NaN or infinite";
  case MetricRejection::negative_count: return "a counter only goes up; report a negative change as a gauge";
  case MetricRejection::kind_conflict: return "the metric was first reported with another kind; use one kind per name";
  case MetricRejection::too_many_series: return "too many metric series; use fewer distinct names";
  }
  return "unknown";
}

namespace {

bool is_valid_metric_name(std::string_view name) {
  const auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  const auto rest = [&](char c) { return word(c) || (c >= '0' && c <= '9') || c == '.' || c == ':'; };
  return !name.empty() && name.size() <= 128 && word(name.front()) && std::all_of(name.begin(), name.end(), rest);
}

} // namespace

Metrics::Metrics(std::size_t max_series) : max_series_(max_series) {}

MetricRejection Metrics::record(MetricKind kind, std::string_view name, std::string_view instance, double value) {
  if (!is_valid_metric_name(name)) return MetricRejection::invalid_name;
  if (!std::isfinite(value)) return MetricRejection::not_finite;
  if (kind == MetricKind::counter && value < 0) return MetricRejection::negative_count;
  std::lock_guard<std::mutex> lock(mutex_);
  auto key = std::make_pair(std::string(name), std::string(instance));
  auto found = series_.find(key);
  if (found == series_.end()) {
    if (series_.size() >= max_series_) return MetricRejection::too_many_series;
    MetricSeries fresh{key.first, key.second, kind, 0, 0};
    found = series_.emplace(std::move(key), std::move(fresh)).first;
  }
  MetricSeries& series = found->second;
  if (series.kind != kind) return MetricRejection::kind_conflict;
  if (kind == MetricKind::gauge)
    series.value = value;
  else
    series.value += value;
  ++series.count;
  return MetricRejection::none;
}

std::vector<MetricSeries> Metrics::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MetricSeries> out;
  out.reserve(series_.size());
  for (const auto& entry : series_) out.push_back(entry.second);
  return out;
}

} // namespace agenthost::plugins
