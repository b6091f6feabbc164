// [backend.NAME], [tool.NAME], [strategy.NAME] and [pipeline.NAME]: plugin component instances.
#include "config/section_reader.hpp"
#include "config/sections.hpp"

namespace agenthost::config {

InstanceConfig parse_instance_section(const IniSection& section, const std::string& kind, const std::string& name,
                                      ErrorList& errors) {
  SectionReader reader(section, errors);
  InstanceConfig instance;
  instance.kind = kind;
  instance.name = name;
  instance.line = section.line;
  if (const IniEntry* plugin = reader.entry("plugin"); plugin == nullptr) {
    reader.section_error("missing required key 'plugin': the " + kind + " type this instance is created from, e.g. " +
                         "`plugin = " + (kind == "backend" ? "openai" : "calculator") + "`");
  } else if (auto type = reader.required_text("plugin")) {
    instance.plugin = *type;
    instance.plugin_line = plugin->line;
  }
  // Everything else belongs to the component: it is validated against the component's settings
  // schema once the plugin is loaded, which this module knows nothing about.
  // A value whose ${VAR} failed is left out: its error is already reported, and the raw text
  // must not reach a component as if it were the setting.
  for (const IniEntry* entry : reader.unclaimed()) {
    if (entry->valid) instance.settings.push_back(RawSetting{entry->key, entry->value, entry->line});
  }
  return instance;
}

PipelineConfig parse_pipeline_section(const IniSection& section, const std::string& name, ErrorList& errors) {
  SectionReader reader(section, errors);
  PipelineConfig pipeline;
  pipeline.name = name;
  pipeline.line = section.line;
  if (const IniEntry* steps = reader.entry("steps"); steps == nullptr) {
    reader.section_error("missing required key 'steps' (a comma list of cleaning steps, run in order)");
  } else if (auto list = reader.list("steps")) {
    if (list->empty()) reader.key_error(*steps, "must name at least one cleaning step");
    pipeline.steps = *list;
  }
  reader.reject_unclaimed({"steps"});
  return pipeline;
}

} // namespace agenthost::config
