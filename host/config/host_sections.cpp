// [server], [store], [plugins] and [pool.NAME]: the sections that configure the host itself.
#include "common/error.hpp"
#include "config/postgres_url.hpp"
#include "config/section_reader.hpp"
#include "config/sections.hpp"

#include <algorithm>
#include <optional>

namespace agenthost::config {

namespace {

const std::vector<std::string> queue_names = {"high", "default", "low"};

// `max_body`, or `max_body_bytes`, its older name kept as a deprecated alias; setting both is an
// error because it is unclear which one the operator meant.
std::optional<unsigned long long> read_max_body(SectionReader& reader) {
  constexpr unsigned long long one_gib = 1ULL << 30;
  const IniEntry* current = reader.entry("max_body");
  const IniEntry* alias = reader.entry("max_body_bytes");
  if (current != nullptr && alias != nullptr) {
    const IniEntry& later = current->line > alias->line ? *current : *alias;
    const IniEntry& earlier = current->line > alias->line ? *alias : *current;
    reader.key_error(later, "'max_body' and its deprecated alias 'max_body_bytes' are both set ('" + earlier.key +
                                "' on line " + std::to_string(earlier.line) + "); keep only 'max_body'");
    return std::nullopt;
  }
  return reader.size(alias != nullptr ? "max_body_bytes" : "max_body", 1, one_gib);
}

} // namespace

ServerConfig parse_server_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  ServerConfig server;
  if (auto listen = reader.listen_address("listen")) server.listen = *listen;
  if (auto threads = reader.integer("threads", 1, 1024)) server.threads = static_cast<int>(*threads);
  if (auto queued = reader.integer("max_queued", 1, 100000)) server.max_queued = static_cast<int>(*queued);
  if (auto grace = reader.integer("shutdown_grace_seconds", 0, 3600)) {
    server.shutdown_grace_seconds = static_cast<int>(*grace);
  }
  if (auto bytes = read_max_body(reader)) server.max_body_bytes = static_cast<std::size_t>(*bytes);
  if (auto debug = reader.boolean("debug_queries")) server.debug_queries = *debug;
  // The deprecated alias max_body_bytes is left out of the list so suggestions point at max_body.
  reader.reject_unclaimed({"listen", "threads", "max_queued", "shutdown_grace_seconds", "max_body", "debug_queries"});
  return server;
}

StoreConfig parse_store_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  StoreConfig store;
  if (const IniEntry* url = reader.entry("url"); url != nullptr && url->valid) {
    const std::string& value = url->value;
    // The URL is never echoed: a PostgreSQL URL may carry a password.
    static const std::string forms =
        "write sqlite:PATH (PATH relative to --data-dir, e.g. sqlite:agenthost.db) or postgresql://USER@HOST/DB";
    if (value.rfind("sqlite:", 0) == 0) {
      const std::string path = value.substr(7);
      if (path.empty()) {
        reader.key_error(*url, "sqlite URL has no file path; " + forms);
      } else if (path.rfind("//", 0) == 0) {
        reader.key_error(*url, "'sqlite://' is not a valid form; " + forms);
      } else {
        store.url = value;
        store.kind = StoreKind::sqlite;
        store.sqlite_path = path;
      }
    } else if (value.rfind("postgresql://", 0) == 0 || value.rfind("postgres://", 0) == 0) {
      // Checked here with the same parser the store connects with, so `config check` and a
      // start fail on the same URLs, with file and line.
      std::string problem;
      try {
        libpq_connection_string(value);
      } catch (const Error& error) {
        problem = error.what();
      }
      if (!problem.empty()) {
        reader.key_error(*url, problem + " (or sqlite:PATH for the embedded store)");
      } else {
        store.url = value;
        store.kind = StoreKind::postgresql;
        store.sqlite_path.clear();
      }
    } else {
      reader.key_error(*url, "unsupported store URL; " + forms);
    }
  }
  if (auto pool_size = reader.integer("pool_size", 1, 256)) store.pool_size = static_cast<int>(*pool_size);
  if (auto busy = reader.integer("busy_timeout_ms", 0, 600000)) store.busy_timeout_ms = static_cast<int>(*busy);
  reader.reject_unclaimed({"url", "pool_size", "busy_timeout_ms"});
  return store;
}

PluginsConfig parse_plugins_section(const IniSection& section, const std::string& config_dir, ErrorList& errors) {
  SectionReader reader(section, errors);
  PluginsConfig plugins;
  if (auto path = reader.text("path")) {
    // Colon-separated like $PATH; empty segments (a stray "::") carry no directory and are skipped.
    std::size_t start = 0;
    while (start <= path->size()) {
      const std::size_t colon = std::min(path->find(':', start), path->size());
      const std::string directory = path->substr(start, colon - start);
      if (!directory.empty()) plugins.search_path.push_back(resolve_path(config_dir, directory));
      start = colon + 1;
    }
  }
  if (auto required = reader.list("require")) {
    plugins.required = *required;
    plugins.require_line = reader.entry("require")->line;
  }
  reader.reject_unclaimed({"path", "require"});
  return plugins;
}

PoolConfig parse_pool_section(const IniSection& section, const std::string& name, ErrorList& errors) {
  SectionReader reader(section, errors);
  PoolConfig pool;
  pool.name = name;
  pool.line = section.line;
  if (const IniEntry* queues = reader.entry("queues"); queues == nullptr) {
    reader.section_error("missing required key 'queues' (a comma list of: high, default, low)");
  } else if (auto list = reader.list("queues")) {
    if (list->empty()) reader.key_error(*queues, "must name at least one of: high, default, low");
    for (const std::string& queue : *list) {
      if (std::find(queue_names.begin(), queue_names.end(), queue) == queue_names.end()) {
        reader.key_error(*queues, "unknown queue '" + queue + "'; queues are: high, default, low");
      } else {
        pool.queues.push_back(queue);
      }
    }
  }
  if (auto workers = reader.integer("workers", 1, 256)) pool.workers = static_cast<int>(*workers);
  if (auto timeout = reader.integer("timeout", 1, 86400)) pool.timeout_seconds = static_cast<int>(*timeout);
  reader.reject_unclaimed({"queues", "workers", "timeout"});
  return pool;
}

std::vector<PoolConfig> default_pools() {
  return {PoolConfig{"ai", {"high", "default"}, 3, 330, 0}, PoolConfig{"low", {"low"}, 1, 120, 0}};
}

void check_queue_coverage(const std::vector<PoolConfig>& pools, ErrorList& errors) {
  for (const std::string& queue : queue_names) {
    const bool served = std::any_of(pools.begin(), pools.end(), [&](const PoolConfig& pool) {
      return std::find(pool.queues.begin(), pool.queues.end(), queue) != pool.queues.end();
    });
    if (!served) {
      errors.add(0, "", "",
                 "no [pool.NAME] serves the '" + queue + "' queue, so its jobs would never run; add '" + queue +
                     "' to some pool's queues");
    }
  }
}

} // namespace agenthost::config
