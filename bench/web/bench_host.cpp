#include "web/bench_host.hpp"

#include "harness.hpp"

#include "app/store_setup.hpp"
#include "config/config_error.hpp"
#include "config/environment.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/outbound_proxy.hpp"

#include "agenthost/json.hpp"

#include <boost/filesystem/operations.hpp>

namespace web_bench {

namespace plugins = agenthost::plugins;
namespace config = agenthost::config;
namespace json = agenthost::json;

namespace {

// The scratch directories still present, removed at exit too: bench::mismatch ends the process
// with std::exit, which skips the hosts' destructors but not the destructors of statics.
std::vector<boost::filesystem::path>& scratch_directories() {
  static struct Directories {
    std::vector<boost::filesystem::path> paths;
    ~Directories() {
      for (const boost::filesystem::path& path : paths) {
        boost::system::error_code ignored;
        boost::filesystem::remove_all(path, ignored);
      }
    }
  } directories;
  return directories.paths;
}

} // namespace

BenchHost::BenchHost(const std::vector<std::string>& plugin_files, const std::string& config_text, CacheKind cache)
    : catalog_(plugins::PluginCatalog::from_files(plugin_files)) {
  for (const plugins::Refusal& refusal : catalog_.refusals()) bench::mismatch("plugin refused: " + refusal.message());
  config::LoadResult loaded =
      config::load_config_text(config_text, "bench_web.conf", "/tmp", config::fixed_environment({}));
  if (!loaded.errors.empty()) bench::mismatch("the benchmark's config is wrong:\n" + config::format_errors(loaded.errors));
  config_ = std::move(loaded.config);
  // A proxy from the environment of whoever runs the benchmark would measure the proxy.
  services_.set_proxy(plugins::ProxySettings{});
  if (cache == CacheKind::store_sqlite) {
    // Before the instances exist, so that every cache call goes to the store.
    data_dir_ = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path("bench-web-%%%%%%%%");
    scratch_directories().push_back(data_dir_);
    database_ = agenthost::app::open_migrated_store(config_, data_dir_.string()).database;
    store_cache_ = std::make_unique<agenthost::app::StoreCacheService>(*database_);
    services_.set_cache_service(store_cache_.get());
    cache_description_ = "store-backed (SQLite, cache_entries)";
  } else {
    cache_description_ = "in-memory TtlCache";
  }
  try {
    instances_ = plugins::create_configured_instances(catalog_, config_, services_);
  } catch (const std::exception& error) {
    bench::mismatch(std::string("creating the instances failed: ") + error.what());
  }
  pipelines_ = std::make_unique<plugins::PipelineRunner>(*instances_, config_.pipelines,
                                                         config_.documents.pipeline_by_type);
  services_.set_pipelines(pipelines_.get());
  html_steps_ = pipelines_->steps_for(std::nullopt, "text/html");
}

BenchHost::~BenchHost() {
  services_.set_pipelines(nullptr);
  instances_.reset();
  services_.set_cache_service(nullptr);
  store_cache_.reset();
  database_.reset();
  if (!data_dir_.empty()) {
    boost::system::error_code ignored;
    boost::filesystem::remove_all(data_dir_, ignored);
  }
}

plugins::CacheCount BenchHost::counted(const std::string& section) const {
  const auto counts = counters_->by_instance();
  const auto found = counts.find(section);
  return found == counts.end() ? plugins::CacheCount{} : found->second;
}

std::string BenchHost::invoke(const std::string& tool, const std::string& arguments_json) const {
  plugins::Instance* instance = instances_->find(plugins::ComponentKind::tool, tool);
  if (!instance) bench::mismatch("no [tool." + tool + "] instance");
  plugins::CollectingSink sink;
  sink.set_cache_counters(counters_);
  if (instance->invoke(sink, arguments_json) != AH_OK)
    bench::mismatch("tool " + tool + " failed on " + arguments_json + ": " + sink.error_message());
  return sink.result();
}

std::string BenchHost::clean_html(std::string html, const std::string& source_url) const {
  const std::string metadata = json::dump(json::Value::object({{"content_type", "text/html"}, {"source", source_url}}));
  return pipelines_->run(html_steps_, std::move(html), metadata).text;
}

} // namespace web_bench
