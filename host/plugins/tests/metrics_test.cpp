#include "plugins/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace agenthost::plugins {
namespace {

const MetricSeries* find(const std::vector<MetricSeries>& all, const std::string& name, const std::string& instance) {
  for (const MetricSeries& s : all)
    if (s.name == name && s.instance == instance) return &s;
  return nullptr;
}

TEST(Metrics, CountersAddGaugesKeepTheLastValueHistogramsSumAndCount) {
  Metrics metrics;
  EXPECT_EQ(metrics.record(MetricKind::counter, "requests", "tool.a", 2), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::counter, "requests", "tool.a", 3), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::gauge, "queue_depth", "tool.a", 7), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::gauge, "queue_depth", "tool.a", 4), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::histogram, "latency_ms", "tool.a", 10), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::histogram, "latency_ms", "tool.a", 30), MetricRejection::none);
  const auto all = metrics.snapshot();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(find(all, "requests", "tool.a")->value, 5);
  EXPECT_EQ(find(all, "requests", "tool.a")->count, 2u);
  EXPECT_EQ(find(all, "queue_depth", "tool.a")->value, 4);
  EXPECT_EQ(find(all, "latency_ms", "tool.a")->value, 40);
  EXPECT_EQ(find(all, "latency_ms", "tool.a")->count, 2u);
  EXPECT_EQ(find(all, "latency_ms", "tool.a")->kind, MetricKind::histogram);
}

TEST(Metrics, SeriesAreKeptApartPerInstanceAndSortedByNameThenInstance) {
  Metrics metrics;
  metrics.record(MetricKind::counter, "b", "tool.y", 1);
  metrics.record(MetricKind::counter, "a", "tool.y", 1);
  metrics.record(MetricKind::counter, "b", "tool.x", 5);
  const auto all = metrics.snapshot();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name + "/" + all[0].instance, "a/tool.y");
  EXPECT_EQ(all[1].name + "/" + all[1].instance, "b/tool.x");
  EXPECT_EQ(all[2].name + "/" + all[2].instance, "b/tool.y");
  EXPECT_EQ(all[1].value, 5);
  EXPECT_EQ(all[2].value, 1);
}

TEST(Metrics, RejectsBadSamplesWithAReason) {
  Metrics metrics;
  EXPECT_EQ(metrics.record(MetricKind::counter, "", "i", 1), MetricRejection::invalid_name);
  EXPECT_EQ(metrics.record(MetricKind::counter, "9lives", "i", 1), MetricRejection::invalid_name);
  EXPECT_EQ(metrics.record(MetricKind::counter, "has space", "i", 1), MetricRejection::invalid_name);
  EXPECT_EQ(metrics.record(MetricKind::counter, std::string(129, 'a'), "i", 1), MetricRejection::invalid_name);
  EXPECT_EQ(metrics.record(MetricKind::gauge, "g", "i", std::nan("")), MetricRejection::not_finite);
  EXPECT_EQ(metrics.record(MetricKind::gauge, "g", "i", std::numeric_limits<double>::infinity()),
            MetricRejection::not_finite);
  EXPECT_EQ(metrics.record(MetricKind::counter, "c", "i", -1), MetricRejection::negative_count);
  EXPECT_EQ(metrics.record(MetricKind::gauge, "search.latency:p50", "i", -1), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::counter, "search.latency:p50", "i", 1), MetricRejection::kind_conflict);
  EXPECT_EQ(metrics.snapshot().size(), 1u);
  EXPECT_NE(std::string(describe(MetricRejection::kind_conflict)).find("another kind"), std::string::npos);
}

TEST(Metrics, StopsAddingSeriesAtItsLimit) {
  Metrics metrics(2);
  EXPECT_EQ(metrics.record(MetricKind::counter, "a", "i", 1), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::counter, "b", "i", 1), MetricRejection::none);
  EXPECT_EQ(metrics.record(MetricKind::counter, "c", "i", 1), MetricRejection::too_many_series);
  EXPECT_EQ(metrics.record(MetricKind::counter, "a", "i", 1), MetricRejection::none) << "existing series still count";
  EXPECT_EQ(find(metrics.snapshot(), "a", "i")->value, 2);
}

TEST(Metrics, CountsExactlyUnderConcurrentUse) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) metrics.record(MetricKind::counter, "hits", "tool.a", 1);
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(find(metrics.snapshot(), "hits", "tool.a")->value, 20000);
  EXPECT_EQ(find(metrics.snapshot(), "hits", "tool.a")->count, 20000u);
}

} // namespace
} // namespace agenthost::plugins
