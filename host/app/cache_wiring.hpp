// The store-backed host cache behind the plugins' cache_get/cache_put: serve and ingest plug it
// into HostServices (set_cache_service), so pages and search results survive a restart and are
// shared by every worker of the host. Plugins never see the store: this adapter lives here.
#pragma once

#include "plugins/cache_service.hpp"
#include "store/cache_store.hpp"
#include "store/database.hpp"

namespace agenthost::app {

class StoreCacheService final : public plugins::CacheService {
public:
  // `database` must outlive every plugin call.
  explicit StoreCacheService(store::Database& database) : cache_(database) {}
  // Writes the hits not yet written (see store/cache_touches.hpp), so the next run starts from
  // this one's order; a database that cannot take them loses only that order.
  ~StoreCacheService() override;

  std::optional<std::string> get(const std::string& scope, std::string_view key) override;
  std::size_t put(const std::string& scope, std::string_view key, std::string_view value, std::chrono::seconds ttl,
                  const config::CacheConfig& limits) override;

  // Deletes what each instance stored under an earlier fingerprint of its settings (`scopes`:
  // section → the scope it uses now, CacheSettings::scopes()); other sections' entries are kept
  // (another host on the same database may still use them). Returns how many entries went.
  std::int64_t drop_stale_scopes(const std::map<std::string, std::string>& scopes);

private:
  store::CacheStore cache_;
};

} // namespace agenthost::app
