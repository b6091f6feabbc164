// The host's configuration: the INI file an operator writes, parsed into plain structs.
//
// Loading never stops at the first problem: it returns the config it could build together with
// every error found, each naming file, line, section and key, so `agenthost config check` can
// print them all at once. Instance settings of backends, tools and strategies are kept raw
// (key, value, line); the plugins module validates them against each component's schema.
#pragma once

#include "config/cache.hpp"
#include "config/config_error.hpp"
#include "config/egress.hpp"
#include "config/environment.hpp"

#include <agenthost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::config {

struct RawSetting {
  std::string key;
  std::string value; // trimmed, comments stripped, ${VAR} interpolated
  int line = 0;
};

struct ListenAddress {
  std::string host = "127.0.0.1"; // IPv6 hosts without brackets, e.g. "::1"
  std::uint16_t port = 8080;

  // "127.0.0.1:8080", or "[::1]:8080" for an IPv6 host.
  std::string to_string() const;
};

struct ServerConfig {
  ListenAddress listen;
  int threads = 64; // HTTP worker threads (SSE streams do not hold one)
  int max_queued = 64;
  int shutdown_grace_seconds = 10;
  std::size_t max_body_bytes = 1048576; // `max_body` (or its deprecated alias `max_body_bytes`)
  bool debug_queries = false;
};

enum class StoreKind { sqlite, postgresql };

struct StoreConfig {
  std::string url = "sqlite:agenthost.db";
  StoreKind kind = StoreKind::sqlite;
  // For sqlite: the PATH of `sqlite:PATH`, as written. A relative path is relative to the data
  // directory (--data-dir), which only the CLI knows, so it is resolved there.
  std::string sqlite_path = "agenthost.db";
  int pool_size = 8;          // connections kept open
  int busy_timeout_ms = 5000; // how long a writer waits for a locked database before failing
};

// [queue]: how workers hold, renew and give back jobs (pools are [pool.NAME]).
struct QueueConfig {
  int lease_seconds = 30;             // a claimed job's lease; renewed by heartbeat
  int heartbeat_seconds = 10;         // how often a worker renews its leases
  int recovery_interval_seconds = 15; // how often expired leases (dead workers) are recovered
  int shutdown_grace_seconds = 30;    // on SIGTERM: how long running jobs may finish before release
};

// [events]: conversation and job event logs and their SSE streams.
struct EventsConfig {
  int ttl_seconds = 3600;              // events older than this are deleted by a cleanup job
  int heartbeat_seconds = 15;          // an SSE comment after this much silence
  int cleanup_interval_seconds = 300;  // how often the cleanup job is scheduled
  int coalesce_ms = 30;                // text deltas arriving within this window become one event
  std::size_t stream_buffer_bytes = 1048576; // per SSE client; a client this far behind is dropped
  int writer_threads = 2;              // threads writing every SSE stream
};

// [runtime]: the turn loop.
struct RuntimeConfig {
  int max_iterations = 8;         // backend calls per turn (each tool round is one more)
  int tool_timeout_seconds = 60;  // per tool call
};

struct PluginsConfig {
  std::vector<std::string> search_path; // directories, already resolved against the config dir
  std::vector<std::string> required;    // plugin names that must load or the host refuses to start
  int require_line = 0;                 // of the `require` key, for errors about it
};

struct PoolConfig {
  std::string name;
  std::vector<std::string> queues; // each one of "high", "default", "low"
  int workers = 1;
  int timeout_seconds = 120;
  int line = 0; // 0 for the built-in default pools
};

// The host's own keys in a [backend.NAME] section: the fault layer's settings (see
// host/runtime/backend_caller.hpp). They are never passed to the plugin.
struct BackendHostSettings {
  int retries = 2;                     // attempts after the first, before any output
  int retry_max_wait_ms = 30000;       // a provider asking for a longer wait fails at once
  int first_token_timeout_ms = 120000; // connect + first content event; 0 = no deadline
  int token_gap_timeout_ms = 60000;    // between content events (pings do not count); 0 = none
  int response_timeout_ms = 600000;    // the whole response; 0 = none
  std::string fallback;                // another [backend.X] used when this one fails before output
  int fallback_line = 0;
  // Token estimation and context windows (host/plugins/token_estimate.hpp, the context filter).
  double char_ratio = 4.0;                                  // characters per token
  std::map<std::string, double> model_char_ratios;          // char_ratio.<model>
  std::optional<long long> context_window;                  // overrides what the plugin declares
  std::map<std::string, long long> model_context_windows;   // context_window.<model>
  double safety_margin = 0.15;                              // share of a budget kept free for estimate error
};

// The keys BackendHostSettings is read from, in the order above.
const std::vector<std::string>& backend_host_keys();

// The host's keys of a backend in backend_host_keys() order, each with its effective value:
// numbers as numbers, an unset optional (no fallback, no context_window override) as null, and
// per-model keys (char_ratio.<model>, context_window.<model>) right after their base key. None
// of them is a secret. GET /api/v1/backends and `config check` both show these.
std::vector<std::pair<std::string, json::Value>> backend_host_values(const BackendHostSettings& settings);

// A configured component instance: [backend.NAME], [tool.NAME], [strategy.NAME] or [cleaning.NAME].
struct InstanceConfig {
  std::string kind; // "backend", "tool", "strategy" or "cleaning"
  std::string name;
  std::string plugin; // the component type name the instance is created from
  int line = 0;        // of the section header
  int plugin_line = 0; // of the `plugin` key (0 when it is missing)
  std::vector<RawSetting> settings; // every key except `plugin` (and the host's keys), in file order
  BackendHostSettings host_settings; // backends only
  EgressConfig egress;               // `egress`: what its outbound HTTP may reach (every kind)
  CacheConfig cache;                 // `cache`, `cache_ttl`, `cache_max_*`: its host cache (every kind)

  std::string section() const { return kind + "." + name; } // e.g. "backend.demo"
};

struct PipelineConfig {
  std::string name;
  std::vector<std::string> steps;
  int line = 0;
};

// [documents]: uploads and their processing (host/documents).
struct DocumentsConfig {
  std::size_t max_size_bytes = 50ULL << 20; // `max_size`; a larger upload is refused with 413
  int chunk_tokens = 400;                   // target chunk size in estimated tokens
  int chunk_overlap_tokens = 50;            // tokens repeated between neighbouring chunks
  // `pipeline.KIND = NAME` (KIND: plain, markdown, html, pdf, docx): the [pipeline.NAME] used
  // for that content type when an upload names none. Keyed by the normalized content type.
  std::map<std::string, std::string> pipeline_by_type;
  std::map<std::string, int> pipeline_lines; // of each pipeline.KIND key, for cross-checks
};

struct AgentConfig {
  std::string name;
  std::string backend; // names a [backend.X] (checked)
  std::string model;
  std::vector<std::string> tools;          // each names a [tool.X] (checked)
  std::vector<std::string> strategy;       // a chain; each names a [strategy.X] (checked)
  std::vector<std::string> system_prompts; // one per `system_prompt` line, in file order
  std::map<std::string, double> params;    // temperature, max_tokens, top_p when given
  int line = 0;
};

struct Config {
  std::string file; // the path as given, used in error messages
  std::string dir;  // the config file's directory; relative paths in settings resolve against it
  ServerConfig server;
  StoreConfig store;
  PluginsConfig plugins;
  QueueConfig queue;
  EventsConfig events;
  RuntimeConfig runtime;
  std::vector<PoolConfig> pools;
  std::vector<InstanceConfig> backends;
  std::vector<InstanceConfig> tools;
  std::vector<InstanceConfig> strategies;
  std::vector<PipelineConfig> pipelines;
  std::vector<InstanceConfig> cleaners; // [cleaning.NAME]
  DocumentsConfig documents;
  std::vector<AgentConfig> agents;
};

struct LoadResult {
  Config config; // best effort when there are errors: do not run with it
  std::vector<ConfigError> errors; // sorted by line; empty means the config is valid
};

// Reads and parses the file. A missing or unreadable file yields one error naming the path.
LoadResult load_config_file(const std::string& path, const EnvLookup& env);

// Parses config text; `file_name` appears in errors, `dir` becomes Config::dir.
LoadResult load_config_text(std::string_view text, const std::string& file_name, const std::string& dir,
                            const EnvLookup& env);

// load_config_file, but throws agenthost::Error(ErrorKind::config) listing every error.
Config load_config_file_or_throw(const std::string& path, const EnvLookup& env);

// `path` if absolute (or base is empty), else base/path, lexically normalized.
std::string resolve_path(const std::string& base_dir, const std::string& path);

} // namespace agenthost::config
