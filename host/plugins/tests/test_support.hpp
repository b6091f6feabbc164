// Shared pieces of the plugins module's tests: where the test plugins are, and a host-services
// fixture whose logger keeps every line.
#pragma once

#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/ttl_cache.hpp"

#include "common/logger.hpp"

#include "agenthost/settings_schema.hpp"

#include <boost/filesystem.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::plugins::testing {

// Built by tests/plugins; AGENTHOST_TEST_PLUGIN_DIR overrides the compiled-in location.
inline std::string test_plugin_dir() {
  if (const char* dir = std::getenv("AGENTHOST_TEST_PLUGIN_DIR")) return dir;
#ifdef TEST_PLUGIN_DIR
  return TEST_PLUGIN_DIR;
#else
  return "";
#endif
}

inline std::string plugin_path(const std::string& name) { return test_plugin_dir() + "/" + name + ".so"; }

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
public:
  TempDir()
      : path_(boost::filesystem::temp_directory_path() / boost::filesystem::unique_path("agenthost-plugins-%%%%%%%%")) {
    boost::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    boost::system::error_code ignored;
    boost::filesystem::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
  boost::filesystem::path path_;
};

class CapturedLog {
public:
  LogSink sink() {
    return [this](std::string_view line) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }
  // Every line containing `needle`, joined, so a failed expectation shows what was logged.
  std::string containing(const std::string& needle) const {
    std::string out;
    for (const std::string& line : lines())
      if (line.find(needle) != std::string::npos) out += line + "\n";
    return out;
  }

private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Logger, cache, metrics and the services over them, as a deployment would wire them.
struct ServicesFixture {
  CapturedLog log;
  Logger logger{LogLevel::debug, log.sink()};
  TtlCache cache;
  Metrics metrics;
  HostServices services{logger, cache, metrics};
};

// A directory of instances for complete_with_backend, without a config file.
class TestDirectory : public InstanceDirectory {
public:
  Instance* find(ComponentKind kind, std::string_view name) const override {
    for (const auto& instance : instances_)
      if (instance->kind() == kind && instance->name() == name) return instance.get();
    return nullptr;
  }
  std::vector<std::string> names(ComponentKind kind) const override {
    std::vector<std::string> out;
    for (const auto& instance : instances_)
      if (instance->kind() == kind) out.push_back(instance->name());
    return out;
  }
  void add(std::unique_ptr<Instance> instance) { instances_.push_back(std::move(instance)); }

private:
  std::vector<std::unique_ptr<Instance>> instances_;
};

using IniSettings = std::vector<std::pair<std::string, std::string>>;

// Settings JSON for `component` from INI-style key/values, converted and validated the way the
// host converts a config section (defaults filled in); problems fail the test.
inline std::string settings_for(const ComponentInfo& component, const IniSettings& ini) {
  std::vector<settings::RawSetting> raw;
  for (const auto& [key, value] : ini) raw.push_back({key, value, 0});
  const settings::Result converted = settings::convert(component.settings_schema, raw, "/etc/agenthost");
  for (const settings::Problem& problem : converted.problems)
    ADD_FAILURE() << component.type_name << ": " << problem.message;
  return json::dump(converted.settings);
}

// Creates an instance of `type` from `catalog`, failing the test (with the reason) if it can't.
inline std::unique_ptr<Instance> create_instance(const PluginCatalog& catalog, HostServices& services,
                                                 const std::string& type, const std::string& name,
                                                 const IniSettings& ini = {},
                                                 const InstanceDirectory* directory = nullptr) {
  const ComponentInfo* component = catalog.find_type(type);
  if (!component) {
    ADD_FAILURE() << "no component '" << type << "' in the test catalog";
    return nullptr;
  }
  CollectingSink sink;
  auto instance =
      Instance::create(*component, name, settings_for(*component, ini), InstanceContext{&services, directory}, sink);
  if (!instance) ADD_FAILURE() << "creating " << type << " failed: " << sink.error_message();
  return instance;
}

} // namespace agenthost::plugins::testing
