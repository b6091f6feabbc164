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
#include "plugins/cache_service.hpp"
#include "plugins/document_search_service.hpp"
#include "plugins/egress_policy.hpp"
#include "plugins/outbound_proxy.hpp"

#include <atomic>
#include <chrono>
#include <utility>

namespace agenthost {
class Logger;
}

namespace agenthost::plugins {

class Metrics;
class PipelineRunner;
class TtlCache;

class HostServices {
public:
  // Every reference must outlive the instances created with these services. `cache` serves
  // cache_get/cache_put until set_cache_service() plugs in another store; `default_cache_ttl` is
  // the cache_ttl of an instance whose settings were never registered (made outside a config).
  HostServices(Logger& logger, TtlCache& cache, Metrics& metrics,
               std::chrono::seconds default_cache_ttl = std::chrono::hours(1));

  // The table handed to every create(); it stays valid for the life of the process.
  const ah_host_api* table() const noexcept;

  Logger& logger() const noexcept { return logger_; }
  Metrics& metrics() const noexcept { return metrics_; }

  // Where cache_get/cache_put store: the in-memory cache given to the constructor unless
  // replaced (serve and ingest plug in the store's), once at startup before any plugin call.
  // Null goes back to the in-memory cache. The service must outlive every plugin call.
  void set_cache_service(CacheService* service) noexcept { cache_service_.store(service ? service : &in_memory_cache_); }
  CacheService& cache_service() const noexcept { return *cache_service_.load(); }
  // The operator's cache_* keys of each instance (registered before it is created).
  CacheSettings& cache_settings() noexcept { return cache_settings_; }
  const CacheSettings& cache_settings() const noexcept { return cache_settings_; }

  // What search_documents runs (the app plugs in the store's search). Set once at startup,
  // before any plugin call; without it the service answers AH_ERR_UNAVAILABLE.
  void set_document_search(DocumentSearch search) { document_search_ = std::move(search); }
  const DocumentSearch& document_search() const noexcept { return document_search_; }

  // The egress policy of each instance's outbound HTTP (see egress_policy.hpp).
  EgressPolicies& egress() noexcept { return egress_; }
  const EgressPolicies& egress() const noexcept { return egress_; }
  // The forward proxies outbound HTTP uses: the process environment (HTTPS_PROXY, ...) unless
  // replaced, once at startup before any plugin call (tests do).
  void set_proxy(ProxySettings proxy) { proxy_ = std::move(proxy); }
  const ProxySettings& proxy() const noexcept { return proxy_; }

  // What run_pipeline runs (serve plugs in the documents' runner once the instances exist).
  // Without it the service answers AH_ERR_UNAVAILABLE.
  void set_pipelines(const PipelineRunner* pipelines) noexcept { pipelines_.store(pipelines); }
  const PipelineRunner* pipelines() const noexcept { return pipelines_.load(); }

private:
  Logger& logger_;
  Metrics& metrics_;
  InMemoryCacheService in_memory_cache_;
  std::atomic<CacheService*> cache_service_{&in_memory_cache_};
  CacheSettings cache_settings_;
  DocumentSearch document_search_;
  std::atomic<const PipelineRunner*> pipelines_{nullptr};
  EgressPolicies egress_;
  ProxySettings proxy_ = ProxySettings::of_process();
};

} // namespace agenthost::plugins
