// [documents] and [cleaning.NAME]: document uploads, their processing and cleaning-step instances.
#include "config/cache_setting.hpp"
#include "config/egress_setting.hpp"
#include "config/section_reader.hpp"
#include "config/sections.hpp"

#include <map>

namespace agenthost::config {
namespace {

// The `pipeline.KIND` keys of [documents] and the content types they stand for (INI keys cannot
// hold a '/', so the kinds are short names).
const std::map<std::string, std::string>& pipeline_kinds() {
  static const std::map<std::string, std::string> kinds = {
      {"plain", "text/plain"},
      {"markdown", "text/markdown"},
      {"html", "text/html"},
      {"pdf", "application/pdf"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
  };
  return kinds;
}

} // namespace

DocumentsConfig parse_documents_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  DocumentsConfig documents;
  if (auto v = reader.size("max_size", 1, 16ULL << 30)) documents.max_size_bytes = static_cast<std::size_t>(*v);
  if (auto v = reader.integer("chunk_tokens", 16, 100000)) documents.chunk_tokens = static_cast<int>(*v);
  const IniEntry* overlap = reader.entry("chunk_overlap_tokens");
  if (auto v = reader.integer("chunk_overlap_tokens", 0, 100000)) documents.chunk_overlap_tokens = static_cast<int>(*v);
  if (overlap != nullptr && overlap->valid && documents.chunk_overlap_tokens * 2 > documents.chunk_tokens) {
    reader.value_error(*overlap, "chunk_overlap_tokens must be at most half of chunk_tokens (" +
                                     std::to_string(documents.chunk_tokens) +
                                     "), or each chunk would mostly repeat the previous one; got");
  }
  std::vector<std::string> known = {"max_size", "chunk_tokens", "chunk_overlap_tokens"};
  for (const auto& [kind, content_type] : pipeline_kinds()) {
    const std::string key = "pipeline." + kind;
    known.push_back(key);
    const IniEntry* entry = reader.entry(key);
    if (entry == nullptr) continue;
    if (auto name = reader.required_text(key)) {
      documents.pipeline_by_type[content_type] = *name;
      documents.pipeline_lines[content_type] = entry->line;
    }
  }
  reader.reject_unclaimed(known);
  return documents;
}

InstanceConfig parse_cleaning_section(const IniSection& section, const std::string& name, ErrorList& errors) {
  SectionReader reader(section, errors);
  InstanceConfig instance;
  instance.kind = "cleaning";
  instance.name = name;
  instance.line = section.line;
  // `plugin` may be left out when the section is named after the step type
  // ([cleaning.redact_pii] with its settings): the common case needs no repetition.
  instance.plugin = name;
  if (const IniEntry* plugin = reader.entry("plugin"); plugin != nullptr) {
    if (auto type = reader.required_text("plugin")) {
      instance.plugin = *type;
      instance.plugin_line = plugin->line;
    }
  }
  instance.egress = read_egress_setting(reader, "cleaning");
  instance.cache = read_cache_setting(reader);
  for (const IniEntry* entry : reader.unclaimed()) {
    if (entry->valid) instance.settings.push_back(RawSetting{entry->key, entry->value, entry->line});
  }
  return instance;
}

void check_document_pipelines(const Config& config, ErrorList& errors) {
  for (const auto& [content_type, pipeline] : config.documents.pipeline_by_type) {
    bool found = false;
    std::string known;
    for (const PipelineConfig& configured : config.pipelines) {
      found = found || configured.name == pipeline;
      known += (known.empty() ? "" : ", ") + configured.name;
    }
    if (found) continue;
    std::string kind;
    for (const auto& [k, type] : pipeline_kinds())
      if (type == content_type) kind = k;
    errors.add(config.documents.pipeline_lines.at(content_type), "documents", "pipeline." + kind,
               "names no configured pipeline: there is no [pipeline." + pipeline + "] section (" +
                   (known.empty() ? "no pipeline is configured" : "pipelines: " + known) + ")");
  }
}

} // namespace agenthost::config
