#include "plugins/instance_plan.hpp"

#include "config/secrets.hpp"
#include "plugins/pipeline_runner.hpp"

#include "agenthost/settings_schema.hpp"

#include <set>

namespace agenthost::plugins {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class Planner {
public:
  Planner(const PluginCatalog& catalog, const config::Config& config) : catalog_(catalog), config_(config) {}

  InstancePlan run() {
    plan_group(config_.backends, ComponentKind::backend);
    plan_group(config_.tools, ComponentKind::tool);
    plan_group(config_.strategies, ComponentKind::strategy);
    plan_group(config_.cleaners, ComponentKind::cleaning);
    plan_implicit_cleaning_steps();
    check_required();
    warn_about_unused_refusals();
    return std::move(plan_);
  }

private:
  void error(int line, std::string section, std::string key, std::string message) {
    plan_.errors.push_back(
        config::ConfigError{config_.file, line, std::move(section), std::move(key), std::move(message)});
  }

  // "; /p/foo.so was refused: REASON" for each refused file that meant to provide `name`.
  std::string refusals_concerning(const std::string& name) {
    std::string out;
    const auto& refusals = catalog_.refusals();
    for (std::size_t i = 0; i < refusals.size(); ++i) {
      if (!refusals[i].concerns(name)) continue;
      used_refusals_.insert(i);
      out += "; " + refusals[i].path + " was refused: " + refusals[i].reason;
    }
    return out;
  }

  std::string searched_dirs() const {
    std::vector<std::string> dirs;
    for (const SearchDir& dir : catalog_.search_path()) dirs.push_back(dir.path);
    return dirs.empty() ? "no directories were searched" : "searched: " + join(dirs);
  }

  void plan_group(const std::vector<config::InstanceConfig>& group, ComponentKind kind) {
    for (const config::InstanceConfig& instance : group) {
      if (instance.plugin.empty()) continue; // the config module already reported the missing key
      if (const ComponentInfo* component = catalog_.find(kind, instance.plugin)) {
        plan_one(instance, *component);
      } else {
        report_unknown_type(instance, kind);
      }
    }
  }

  void report_unknown_type(const config::InstanceConfig& instance, ComponentKind kind) {
    if (const ComponentInfo* other = catalog_.find_type(instance.plugin)) {
      return error(instance.plugin_line > 0 ? instance.plugin_line : instance.line, instance.section(), "plugin",
                   "'" + instance.plugin + "' is a " + kind_name(other->kind) + " component, not a " + kind_name(kind) +
                       "; configure it in a [" + kind_name(other->kind) + "." + instance.name + "] section");
    }
    const std::vector<std::string> loaded = catalog_.type_names(kind);
    std::string message = "no " + std::string(kind_name(kind)) + " component named '" + instance.plugin +
                          "' is loaded (" +
                          (loaded.empty() ? "no " + std::string(kind_plural(kind)) + " are loaded"
                                          : "loaded " + std::string(kind_plural(kind)) + ": " + join(loaded)) +
                          ")";
    const std::string refused = refusals_concerning(instance.plugin);
    if (refused.empty()) message += "; is its plugin file on the search path? (" + searched_dirs() + ")";
    error(instance.plugin_line > 0 ? instance.plugin_line : instance.line, instance.section(), "plugin", message + refused);
  }

  // The schema module quotes offending values ("expected an integer, got '...'"); a secret's
  // value must not reach the error output, so every occurrence of it becomes "***".
  static void redact_secret_values(const config::InstanceConfig& instance, const std::string& key,
                                   std::string& message) {
    if (!config::is_secret_key(key)) return;
    for (const config::RawSetting& s : instance.settings) {
      if (s.key != key || s.value.empty()) continue;
      for (std::size_t at = message.find(s.value); at != std::string::npos;
           at = message.find(s.value, at + config::redacted_marker.size()))
        message.replace(at, s.value.size(), config::redacted_marker);
    }
  }

  void plan_one(const config::InstanceConfig& instance, const ComponentInfo& component) {
    std::vector<settings::RawSetting> raw;
    raw.reserve(instance.settings.size());
    for (const config::RawSetting& s : instance.settings) raw.push_back({s.key, s.value, s.line});
    settings::Result converted = settings::convert(component.settings_schema, raw, config_.dir);
    for (const settings::Problem& problem : converted.problems) {
      // The schema module prefixes messages with "key: "; ConfigError prints the key itself.
      std::string message = problem.message;
      const std::string prefix = problem.key + ": ";
      if (!problem.key.empty() && message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
      redact_secret_values(instance, problem.key, message);
      error(problem.line > 0 ? problem.line : instance.line, instance.section(), problem.key, std::move(message));
    }
    if (!converted.ok()) return;
    plan_.instances.push_back(PlannedInstance{instance, component, std::move(converted.settings)});
  }

  // A pipeline step without a [cleaning.NAME] section is the component type of that name with
  // its default settings: an instance named after the type. Steps of configured pipelines must
  // exist; the built-in default pipelines' steps are created when their plugin is loaded (a
  // document needing a missing one fails, naming the step).
  void plan_implicit_cleaning_steps() {
    std::set<std::string> planned;
    for (const config::InstanceConfig& configured : config_.cleaners) planned.insert(configured.name);
    const auto plan_step = [&](const std::string& step, const config::PipelineConfig* pipeline) {
      if (!planned.insert(step).second) return;
      const ComponentInfo* component = catalog_.find(ComponentKind::cleaning, step);
      if (component == nullptr) {
        if (pipeline == nullptr) return;
        const std::vector<std::string> loaded = catalog_.type_names(ComponentKind::cleaning);
        error(pipeline->line, "pipeline." + pipeline->name, "steps",
              "step '" + step + "' is neither a [cleaning." + step + "] section nor a loaded cleaning step type (" +
                  (loaded.empty() ? "no cleaning steps are loaded" : "loaded cleaning steps: " + join(loaded)) + ")" +
                  refusals_concerning(step));
        return;
      }
      config::InstanceConfig implicit;
      implicit.kind = "cleaning";
      implicit.name = step;
      implicit.plugin = step;
      implicit.line = pipeline != nullptr ? pipeline->line : 0;
      plan_one(implicit, *component);
    };
    for (const config::PipelineConfig& pipeline : config_.pipelines)
      for (const std::string& step : pipeline.steps) plan_step(step, &pipeline);
    for (const char* content_type : {"text/plain", "text/markdown", "text/html", "application/pdf"})
      for (const std::string& step : default_pipeline_steps(content_type)) plan_step(step, nullptr);
  }

  void check_required() {
    for (const std::string& name : config_.plugins.required) {
      if (catalog_.find_plugin(name)) continue;
      const std::string refused = refusals_concerning(name);
      // `refused` starts with "; ", dropped here because it is the whole explanation.
      error(config_.plugins.require_line, "plugins", "require",
            "plugin '" + name + "' is required but did not load: " +
                (refused.empty() ? "no file on the plugin search path provides it (" + searched_dirs() + ")"
                                 : refused.substr(2)));
    }
  }

  void warn_about_unused_refusals() {
    const auto& refusals = catalog_.refusals();
    for (std::size_t i = 0; i < refusals.size(); ++i) {
      if (used_refusals_.count(i)) continue;
      plan_.warnings.push_back("plugin file refused, starting without it: " + refusals[i].message());
    }
  }

  const PluginCatalog& catalog_;
  const config::Config& config_;
  InstancePlan plan_;
  std::set<std::size_t> used_refusals_;
};

} // namespace

InstancePlan plan_instances(const PluginCatalog& catalog, const config::Config& config) {
  return Planner(catalog, config).run();
}

} // namespace agenthost::plugins
