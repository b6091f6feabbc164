// The host as `serve` wires it, minus the HTTP API: the deployment's config text parsed by the
// config loader (so `egress`, `cache` and the plugins' settings go through the code operators'
// files go through), the configured instance set over the built plugins, the cleaning pipelines
// behind run_pipeline, outbound HTTP with each instance's egress policy, and the host's cache:
// the store-backed one serve uses (SQLite in a scratch data directory, migrated), or the
// in-memory TtlCache of a process without a store. Tool calls go through plugins::Instance
// exactly as the turn engine makes them, each counted into one CacheCounters.
#pragma once

#include "app/cache_wiring.hpp"
#include "common/logger.hpp"
#include "config/config.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/pipeline_runner.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/cache_counters.hpp"
#include "plugins/ttl_cache.hpp"
#include "store/database.hpp"

#include <boost/filesystem/path.hpp>

#include <memory>
#include <string>
#include <vector>

namespace web_bench {

enum class CacheKind { store_sqlite, in_memory };

class BenchHost {
public:
  // `plugin_files`: the built web_fetch (and web_search) plugins and the cleaning steps of the
  // default text/html pipeline. Stops the benchmark (bench::mismatch) on any config or plugin
  // problem, naming it.
  BenchHost(const std::vector<std::string>& plugin_files, const std::string& config_text, CacheKind cache);
  ~BenchHost();

  // One tool call through the host; the result JSON. Stops the benchmark if the call fails.
  std::string invoke(const std::string& tool, const std::string& arguments_json) const;

  // The cleaning pipeline web_fetch runs for HTML (the host's default for text/html), for the
  // reference side: the same steps through the same runner, without the tool around them.
  std::string clean_html(std::string html, const std::string& source_url) const;

  // Where the cache lives, for the tables.
  const std::string& cache_description() const { return cache_description_; }
  // What every call so far counted, per instance section.
  agenthost::plugins::CacheCount counted(const std::string& section) const;

private:
  agenthost::Logger logger_{agenthost::LogLevel::error, [](std::string_view) {}};
  agenthost::plugins::TtlCache cache_;
  agenthost::plugins::Metrics metrics_;
  agenthost::plugins::HostServices services_{logger_, cache_, metrics_};
  boost::filesystem::path data_dir_; // the SQLite store's scratch directory, removed at the end
  std::unique_ptr<agenthost::store::Database> database_;
  std::unique_ptr<agenthost::app::StoreCacheService> store_cache_;
  std::shared_ptr<agenthost::plugins::CacheCounters> counters_ =
      std::make_shared<agenthost::plugins::CacheCounters>();
  agenthost::config::Config config_; // the pipelines runner keeps references into it
  agenthost::plugins::PluginCatalog catalog_;
  std::unique_ptr<agenthost::plugins::InstanceSet> instances_;
  std::unique_ptr<agenthost::plugins::PipelineRunner> pipelines_;
  std::vector<std::string> html_steps_;
  std::string cache_description_;
};

} // namespace web_bench
