// `agenthost serve`: load the config, discover plugins, create the configured instances, open
// and migrate the database, make the first admin and the configured agents, start the job
// workers (turns, model pulls, events cleanup) and the SSE writer, serve HTTP until SIGINT/SIGTERM, then
// stop gracefully: HTTP stops accepting and drains, running jobs get their grace period, and
// the event streams close last so that watchers see the turns' terminal events.
#include "app/admin_bootstrap.hpp"
#include "app/config_agents.hpp"
#include "app/deployment.hpp"
#include "app/cache_wiring.hpp"
#include "app/document_wiring.hpp"
#include "app/file_limit.hpp"
#include "app/store_setup.hpp"
#include "app/termination_signal.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"
#include "common/logger.hpp"
#include "config/config_error.hpp"
#include "config/value_parsing.hpp"
#include "events/cleanup_job.hpp"
#include "events/event_log.hpp"
#include "http/api/api_context.hpp"
#include "http/api/api_routes.hpp"
#include "http/api/conversation_json.hpp"
#include "http/health_route.hpp"
#include "http/http_server.hpp"
#include "http/plugin_routes.hpp"
#include "http/router.hpp"
#include "documents/document_ingestor.hpp"
#include "documents/process_document_job.hpp"
#include "plugins/host_services.hpp"
#include "plugins/pipeline_runner.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/token_estimate.hpp"
#include "plugins/ttl_cache.hpp"
#include "queue/job_store.hpp"
#include "store/document_store.hpp"
#include "queue/worker_pools.hpp"
#include "runtime/backend_caller.hpp"
#include "runtime/model_pull_job.hpp"
#include "runtime/turn_runner.hpp"
#include "runtime/turn_service.hpp"

#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace agenthost::app {
namespace {

// Each backend's retries, deadlines and fallback from its [backend.NAME] host settings.
std::function<runtime::BackendPolicy(const std::string&)> backend_policies(const config::Config& config) {
  auto policies = std::make_shared<std::map<std::string, runtime::BackendPolicy>>();
  for (const config::InstanceConfig& backend : config.backends) {
    (*policies)[backend.name] = runtime::backend_policy_of(backend.host_settings);
  }
  return [policies](const std::string& name) {
    const auto found = policies->find(name);
    return found == policies->end() ? runtime::BackendPolicy{} : found->second;
  };
}


// The character ratios of every [backend.NAME] (char_ratio, char_ratio.<model>).
std::shared_ptr<const plugins::TokenEstimator> token_estimator(const config::Config& config) {
  std::map<std::string, plugins::BackendCharRatios, std::less<>> ratios;
  for (const config::InstanceConfig& backend : config.backends) {
    plugins::BackendCharRatios& entry = ratios[backend.name];
    entry.char_ratio = backend.host_settings.char_ratio;
    entry.per_model.insert(backend.host_settings.model_char_ratios.begin(), backend.host_settings.model_char_ratios.end());
  }
  return std::make_shared<const plugins::TokenEstimator>(std::move(ratios));
}

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

// The background half of the host: job workers running turns and the events cleanup, the event
// log, and the writer serving every SSE stream. Members are declared in dependency order, so
// they are destroyed in the reverse.
struct Engine {
  Engine(store::Database& database, const plugins::InstanceDirectory& instances, const config::Config& config,
         std::shared_ptr<Logger> logger)
      : events(std::make_shared<events::EventLog>(database)), jobs(std::make_shared<queue::JobStore>(database)),
        sse(std::make_shared<http::SseWriter>(sse_options(config.events), logger)),
        recovery(database, *events, http::message_json),
        pools(*jobs, config.pools, config.queue, logger),
        turns(std::make_shared<runtime::TurnService>(database, *jobs, pools, recovery, backend_policies(config))),
        backend_settings(http::backend_settings_of(config)),
        backend_host_settings(http::backend_host_settings_of(config)) {
    runtime::TurnSettings settings;
    settings.max_iterations = config.runtime.max_iterations;
    settings.tool_timeout = std::chrono::seconds(config.runtime.tool_timeout_seconds);
    settings.coalesce = std::chrono::milliseconds(config.events.coalesce_ms);
    pools.register_handler(runtime::kTurnJobType,
                           std::make_shared<runtime::TurnRunner>(
                               runtime::TurnDependencies{database, *events, instances, http::message_json, logger,
                                                         backend_policies(config)},
                               settings));
    pools.register_handler(runtime::kModelPullJobType,
                           std::make_shared<runtime::ModelPullJob>(*events, instances, logger));
    pools.register_handler(events::kCleanupJobType,
                           std::make_shared<events::CleanupJob>(*events, std::chrono::seconds(config.events.ttl_seconds),
                                                                logger));
    pools.schedule_every(events::kCleanupJobType, events::kCleanupQueue,
                         std::chrono::seconds(config.events.cleanup_interval_seconds));
  }

  static http::SseWriterOptions sse_options(const config::EventsConfig& events) {
    http::SseWriterOptions options;
    options.threads = events.writer_threads;
    options.buffer_bytes = events.stream_buffer_bytes;
    options.heartbeat = std::chrono::seconds(events.heartbeat_seconds);
    return options;
  }

  http::ApiServices api_services() {
    http::BackendServices backends{backend_settings, jobs, [this] { pools.wake(); }, backend_host_settings};
    return http::ApiServices{turns, jobs, events, sse, std::move(backends)};
  }

  std::shared_ptr<events::EventLog> events;
  std::shared_ptr<queue::JobStore> jobs;
  std::shared_ptr<http::SseWriter> sse;
  runtime::TurnRecovery recovery;
  queue::WorkerPools pools;
  std::shared_ptr<runtime::TurnService> turns;
  std::map<std::string, std::vector<config::RawSetting>, std::less<>> backend_settings; // shown redacted
  std::map<std::string, config::InstanceConfig, std::less<>> backend_host_settings; // shown by GET /backends
};

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
  raise_open_file_limit(*logger); // every SSE watcher holds a socket
  const plugins::PluginCatalog catalog = discover_plugins(config);
  for (const plugins::PluginInfo& plugin : catalog.plugins()) {
    logger->info("plugin loaded", {{"plugin", plugin.name}, {"version", plugin.version}, {"path", plugin.path}});
  }

  plugins::TtlCache cache;
  plugins::Metrics metrics;
  plugins::HostServices services(*logger, cache, metrics);
  if (services.proxy().any()) logger->info("outbound HTTP proxies", {{"proxies", services.proxy().describe()}});
  // Before any instance takes a call: the estimate_tokens service uses the configured ratios.
  plugins::install_token_estimator(token_estimator(config));
  const std::unique_ptr<plugins::InstanceSet> instances = plugins::create_configured_instances(catalog, config, services);
  // Only once the deployment is known to start: a failed start leaves nothing behind.
  ensure_data_dir(data_dir);
  const MigratedStore store = prepare_store(config, data_dir, *instances, *logger);
  // Tools such as document_search read the turn owner's documents through this, never the store.
  services.set_document_search(store_document_search(*store.database));
  // cache_get/cache_put go to the store from here on (a plugin caching while it was created used memory).
  StoreCacheService store_cache(*store.database);
  services.set_cache_service(&store_cache);
  // An instance whose settings or egress changed starts an empty cache; its old entries go.
  if (const std::int64_t dropped = store_cache.drop_stale_scopes(services.cache_settings().scopes()); dropped > 0)
    logger->info("cache entries of changed instances dropped", {{"entries", dropped}});
  // One set of cleaning pipelines for the document.process job, `agenthost ingest` and the
  // run_pipeline host service; [documents] pipeline.KIND picks a type's default.
  const plugins::PipelineRunner pipelines(*instances, config.pipelines, config.documents.pipeline_by_type);
  services.set_pipelines(&pipelines);
  // A tool a cancelled turn left running may outlive this function's locals: on the way out the
  // services stop reaching the store cache and the pipelines before those go.
  struct DetachServices {
    plugins::HostServices& services;
    ~DetachServices() {
      services.set_pipelines(nullptr);
      services.set_cache_service(nullptr);
    }
  } const detach_services{services};
  store::DocumentStore document_store(*store.database);
  documents::DocumentIngestor ingestor(
      document_store, pipelines,
      documents::IngestSettings{config.documents.chunk_tokens, config.documents.chunk_overlap_tokens});

  auto api = std::make_shared<http::ApiContext>(*store.database, *instances);
  api->debug_queries = config.server.debug_queries;

  Engine engine(*store.database, *instances, config, logger);
  engine.pools.register_handler(documents::kProcessDocumentJobType,
                                std::make_shared<documents::ProcessDocumentJob>(ingestor, *engine.events, logger));

  http::Router router;
  http::register_health_route(router);
  http::ApiServices api_services = engine.api_services();
  // Uploads: [documents] max_size, ?pipeline= checked against the pipelines the job will run.
  api_services.documents = document_services(config, pipelines, engine.jobs, [&engine] { engine.pools.wake(); });
  http::register_api_routes(router, api, api_services);
  http::register_plugin_routes(router, api, catalog);

  http::HttpServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = config.server.threads;
  options.max_queued = config.server.max_queued;
  options.max_body_bytes = config.server.max_body_bytes;
  http::HttpServer server(options, std::move(router), logger);
  // Turns a previous run left behind are recovered (worker_lost) before the first request.
  engine.pools.start();
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
  // Running turns finish (or are cancelled and recorded) while their watchers still listen.
  if (!engine.pools.stop(std::chrono::seconds(config.queue.shutdown_grace_seconds))) {
    logger->warn("jobs still running when the queue's grace period ended were stopped and released",
                 {{"grace_seconds", config.queue.shutdown_grace_seconds}});
  }
  engine.sse->stop();
  logger->info("stopped");
  return 0;
}

} // namespace agenthost::app
