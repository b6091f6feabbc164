#include "app/document_wiring.hpp"

#include "store/document_store.hpp"

#include <utility>

namespace agenthost::app {

plugins::DocumentSearch store_document_search(store::Database& database) {
  auto documents = std::make_shared<store::DocumentStore>(database);
  return [documents](const std::string& owner_id, const std::string& query, int limit) {
    std::vector<plugins::DocumentHit> hits;
    for (const store::SearchHit& hit : documents->search(owner_id, query, limit))
      hits.push_back({hit.document_id, hit.filename, static_cast<int>(hit.page), hit.score, hit.snippet});
    return hits;
  };
}

http::DocumentServices document_services(const config::Config& config, const plugins::PipelineRunner& pipelines,
                                         std::shared_ptr<queue::JobStore> jobs, std::function<void()> wake_workers) {
  http::DocumentServices services;
  services.max_size_bytes = config.documents.max_size_bytes;
  services.check_pipeline = [&pipelines](const std::string& name) { pipelines.steps_for(name, ""); };
  services.jobs = std::move(jobs);
  services.wake_workers = std::move(wake_workers);
  return services;
}

} // namespace agenthost::app
