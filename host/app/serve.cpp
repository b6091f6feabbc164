// `agenthost serve`: load the config, discover plugins, create the configured instances, serve
// HTTP until SIGINT/SIGTERM, then stop gracefully.
#include "app/deployment.hpp"
#include "app/termination_signal.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"
#include "common/logger.hpp"
#include "config/config_error.hpp"
#include "config/value_parsing.hpp"
#include "http/health_route.hpp"
#include "http/http_server.hpp"
#include "http/plugin_routes.hpp"
#include "http/router.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/ttl_cache.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

namespace agenthost::app {
namespace {

config::ListenAddress listen_address_of(const Command& command, const config::Config& config) {
  if (command.listen.empty()) return config.server.listen;
  config::Parsed<config::ListenAddress> parsed = config::parse_listen_address(command.listen);
  if (!parsed.value) throw Error(ErrorKind::config, "--listen: " + parsed.error);
  return *parsed.value;
}

void ensure_data_dir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    throw Error(ErrorKind::config, "--data-dir " + dir + ": cannot create the directory (" + error.message() +
                                       "); choose a writable directory");
  }
}

} // namespace

int run_serve(const Command& command) {
  // Before any thread exists, so that every thread inherits the blocked signals.
  block_termination_signals();

  const config::LoadResult loaded = load_deployment_config(command);
  if (!loaded.errors.empty()) config::throw_config_errors(loaded.errors);
  const config::Config& config = loaded.config;
  const config::ListenAddress listen = listen_address_of(command, config);
  const std::string data_dir = data_dir_of(command);

  auto logger = std::make_shared<Logger>();
  const plugins::PluginCatalog catalog = discover_plugins(config);
  for (const plugins::PluginInfo& plugin : catalog.plugins()) {
    logger->info("plugin loaded", {{"plugin", plugin.name}, {"version", plugin.version}, {"path", plugin.path}});
  }

  plugins::TtlCache cache;
  plugins::Metrics metrics;
  plugins::HostServices services(*logger, cache, metrics);
  const std::unique_ptr<plugins::InstanceSet> instances = plugins::create_configured_instances(catalog, config, services);
  // Only once the deployment is known to start: a failed start leaves nothing behind.
  ensure_data_dir(data_dir);

  http::Router router;
  http::register_health_route(router);
  http::register_plugin_routes(router, catalog);

  http::HttpServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = config.server.threads;
  options.max_queued = config.server.max_queued;
  options.max_body_bytes = config.server.max_body_bytes;
  http::HttpServer server(options, std::move(router), logger);
  server.start();

  config::ListenAddress bound = listen;
  bound.port = server.port();
  logger->info("agenthost listening",
               {{"url", "http://" + bound.to_string()}, {"data_dir", data_dir},
                {"config", config.file.empty() ? std::string("(built-in defaults)") : config.file}});
  // The one line meant for a person (and for scripts waiting for readiness) goes to stdout.
  std::cout << "agenthost listening on http://" << bound.to_string() << std::endl;

  const int signal_number = wait_for_termination_signal();
  logger->info("shutting down", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"},
                                 {"grace_seconds", config.server.shutdown_grace_seconds}});
  const bool drained = server.stop(std::chrono::seconds(config.server.shutdown_grace_seconds));
  if (!drained) logger->warn("requests still in flight when the grace period ended were cut off");
  logger->info("stopped");
  return 0;
}

} // namespace agenthost::app
