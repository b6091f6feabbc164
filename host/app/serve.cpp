// `agenthost serve`: load the config, discover plugins, create the configured instances, open
// and migrate the database, make the first admin and the configured agents, serve HTTP until
// SIGINT/SIGTERM, then stop gracefully.
#include "app/admin_bootstrap.hpp"
#include "app/config_agents.hpp"
#include "app/deployment.hpp"
#include "app/store_setup.hpp"
#include "app/termination_signal.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"
#include "common/logger.hpp"
#include "config/config_error.hpp"
#include "config/value_parsing.hpp"
#include "http/api/api_context.hpp"
#include "http/api/api_routes.hpp"
#include "http/health_route.hpp"
#include "http/http_server.hpp"
#include "http/plugin_routes.hpp"
#include "http/router.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/ttl_cache.hpp"

#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

namespace agenthost::app {
namespace {

config::ListenAddress listen_address_of(const Command& command, const config::Config& config) {
  if (command.listen.empty()) return config.server.listen;
  config::Parsed<config::ListenAddress> parsed = config::parse_listen_address(command.listen);
  if (!parsed.value) throw Error(ErrorKind::config, "--listen: " + parsed.error);
  return *parsed.value;
}

// The store, migrated, with its first admin and the config's agents in place.
MigratedStore prepare_store(const config::Config& config, const std::string& data_dir,
                            const plugins::InstanceDirectory& instances, Logger& logger) {
  MigratedStore store = open_migrated_store(config, data_dir);
  const store::MigrationReport& migration = store.migration;
  logger.info("database ready", {{"store", store.database->describe()},
                                 {"from_version", migration.from_version},
                                 {"to_version", migration.to_version},
                                 {"applied", static_cast<std::uint64_t>(migration.applied.size())}});

  store::UserStore users(*store.database);
  if (const std::optional<BootstrappedAdmin> admin = bootstrap_admin(users, data_dir)) {
    logger.info("admin user created", {{"user", admin->user.name}, {"id", admin->user.id},
                                       {"token_file", admin->token_file}});
    // Once, for the person starting the host; the file keeps it afterwards.
    std::cout << "admin token (also in " << admin->token_file << "): " << admin->token << std::endl;
  }
  store::AgentStore agents(*store.database);
  sync_configured_agents(config, instances, users, agents, logger);
  return store;
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
  const MigratedStore store = prepare_store(config, data_dir, *instances, *logger);

  auto api = std::make_shared<http::ApiContext>(*store.database, *instances);
  api->debug_queries = config.server.debug_queries;

  http::Router router;
  http::register_health_route(router);
  http::register_api_routes(router, api);
  http::register_plugin_routes(router, api, catalog);

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
