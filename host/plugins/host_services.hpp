// The services the host offers every plugin instance (the `ah_host_api` table): logging, the
// call's sink (errors, events, cancellation), a TTL cache, token estimates, metrics and
// completions on another backend.
//
// The table is one constant shared by all instances and holds no per-request state: a callback
// finds its instance through `ah_instance*` and its call through `ah_call*`. Every callback is
// thread-safe, tolerates NULL or too-small plugin structs, and never lets an exception escape
// into plugin code.
#pragma once

#include "agenthost/plugin.h"

#include <chrono>

namespace agenthost {
class Logger;
}

namespace agenthost::plugins {

class Metrics;
class TtlCache;

class HostServices {
public:
  // Every reference must outlive the instances created with these services.
  HostServices(Logger& logger, TtlCache& cache, Metrics& metrics,
               std::chrono::seconds default_cache_ttl = std::chrono::minutes(5));

  // The table handed to every create(); it stays valid for the life of the process.
  const ah_host_api* table() const noexcept;

  Logger& logger() const noexcept { return logger_; }
  TtlCache& cache() const noexcept { return cache_; }
  Metrics& metrics() const noexcept { return metrics_; }
  // What cache_put uses when the plugin passes ttl_seconds <= 0.
  std::chrono::seconds default_cache_ttl() const noexcept { return default_cache_ttl_; }

private:
  Logger& logger_;
  TtlCache& cache_;
  Metrics& metrics_;
  std::chrono::seconds default_cache_ttl_;
};

} // namespace agenthost::plugins
