// Typed parsers for each section kind. Each reads one INI section into its struct, reporting
// every problem to the ErrorList and keeping defaults for keys that are absent or wrong.
#pragma once

#include "config/config.hpp"
#include "config/ini_document.hpp"

#include <set>
#include <string>

namespace agenthost::config {

// Instance names declared anywhere in the file, for the cross-references of agents.
struct DeclaredInstances {
  std::set<std::string> backends;
  std::set<std::string> tools;
  std::set<std::string> strategies;
};

ServerConfig parse_server_section(const IniSection& section, ErrorList& errors);
StoreConfig parse_store_section(const IniSection& section, ErrorList& errors);
PluginsConfig parse_plugins_section(const IniSection& section, const std::string& config_dir, ErrorList& errors);
QueueConfig parse_queue_section(const IniSection& section, ErrorList& errors);
EventsConfig parse_events_section(const IniSection& section, ErrorList& errors);
RuntimeConfig parse_runtime_section(const IniSection& section, ErrorList& errors);
PoolConfig parse_pool_section(const IniSection& section, const std::string& name, ErrorList& errors);

// The pools used when the file has no [pool.*] section: ai (high,default; 3 workers; 330 s)
// and low (low; 1 worker; 120 s).
std::vector<PoolConfig> default_pools();
// Reports every queue that no pool serves: jobs on it would wait forever.
void check_queue_coverage(const std::vector<PoolConfig>& pools, ErrorList& errors);

InstanceConfig parse_instance_section(const IniSection& section, const std::string& kind, const std::string& name,
                                      ErrorList& errors);
// Each backend's `fallback` must name another configured backend, and following fallbacks
// must never come back to where it started.
void check_backend_fallbacks(const std::vector<InstanceConfig>& backends, ErrorList& errors);
PipelineConfig parse_pipeline_section(const IniSection& section, const std::string& name, ErrorList& errors);
DocumentsConfig parse_documents_section(const IniSection& section, ErrorList& errors);
// [cleaning.NAME]: `plugin` defaults to NAME; every other key is the step's settings.
InstanceConfig parse_cleaning_section(const IniSection& section, const std::string& name, ErrorList& errors);
// Each [documents] pipeline.KIND must name a configured [pipeline.X].
void check_document_pipelines(const Config& config, ErrorList& errors);
AgentConfig parse_agent_section(const IniSection& section, const std::string& name,
                                const DeclaredInstances& declared, ErrorList& errors);

} // namespace agenthost::config
