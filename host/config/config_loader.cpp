// Loading: read the file, parse the INI, interpolate ${VAR}s, then hand each section to the
// parser of its kind, collecting every error on the way.
#include "config/config.hpp"

#include "config/ini_document.hpp"
#include "config/interpolation.hpp"
#include "config/sections.hpp"
#include "config/suggestion.hpp"
#include "config/value_parsing.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace agenthost::config {

namespace {

enum class SectionKind {
  server, store, plugins, queue, events, runtime, pool, backend, tool, strategy, pipeline, agent, documents, cleaning
};

struct SectionKindInfo {
  const char* word;
  SectionKind kind;
  bool takes_name; // [pool.NAME] vs [server]
};

const SectionKindInfo section_kinds[] = {
    {"server", SectionKind::server, false},     {"store", SectionKind::store, false},
    {"plugins", SectionKind::plugins, false},   {"queue", SectionKind::queue, false},
    {"events", SectionKind::events, false},     {"runtime", SectionKind::runtime, false},
    {"pool", SectionKind::pool, true},
    {"backend", SectionKind::backend, true},    {"tool", SectionKind::tool, true},
    {"strategy", SectionKind::strategy, true},  {"pipeline", SectionKind::pipeline, true},
    {"agent", SectionKind::agent, true},
    {"documents", SectionKind::documents, false}, {"cleaning", SectionKind::cleaning, true},
};

struct ClassifiedSection {
  const IniSection* section;
  SectionKindInfo info;
  std::string name; // empty for unnamed kinds
};

std::string known_sections_text() {
  std::string out;
  for (const SectionKindInfo& info : section_kinds) {
    if (!out.empty()) out += ", ";
    out += std::string("[") + info.word + (info.takes_name ? ".NAME]" : "]");
  }
  return out;
}

std::optional<ClassifiedSection> classify(const IniSection& section, ErrorList& errors) {
  const std::size_t dot = section.name.find('.');
  const std::string word = section.name.substr(0, dot);
  const auto report = [&](std::string message) { errors.add(section.line, section.name, "", std::move(message)); };

  const SectionKindInfo* info = nullptr;
  for (const SectionKindInfo& candidate : section_kinds) {
    if (word == candidate.word) info = &candidate;
  }
  if (info == nullptr) {
    std::vector<std::string> words;
    for (const SectionKindInfo& candidate : section_kinds) words.emplace_back(candidate.word);
    report("unknown section kind '" + word + "'" + did_you_mean(word, words) + " (known sections: " +
           known_sections_text() + ")");
    return std::nullopt;
  }
  if (!info->takes_name) {
    if (dot != std::string::npos) {
      report(std::string("[") + info->word + "] takes no name; write [" + info->word + "]");
      return std::nullopt;
    }
    return ClassifiedSection{&section, *info, ""};
  }
  if (dot == std::string::npos) {
    report(std::string("section needs a name: write [") + info->word + ".NAME]");
    return std::nullopt;
  }
  const std::string name = section.name.substr(dot + 1);
  if (!is_valid_instance_name(name)) {
    report("invalid name '" + name + "': names use only lowercase letters, digits, '_' and '-'");
    return std::nullopt;
  }
  return ClassifiedSection{&section, *info, name};
}

void interpolate_values(IniDocument& document, const EnvLookup& env, ErrorList& errors) {
  for (IniSection& section : document.sections) {
    for (IniEntry& entry : section.entries) {
      Interpolated result = interpolate_env(entry.value, env);
      if (result.errors.empty()) {
        entry.value = std::move(result.value);
        continue;
      }
      entry.valid = false;
      for (std::string& message : result.errors) errors.add(entry.line, section.name, entry.key, std::move(message));
    }
  }
}

DeclaredInstances declared_instances(const std::vector<ClassifiedSection>& sections) {
  DeclaredInstances declared;
  for (const ClassifiedSection& classified : sections) {
    if (classified.info.kind == SectionKind::backend) declared.backends.insert(classified.name);
    if (classified.info.kind == SectionKind::tool) declared.tools.insert(classified.name);
    if (classified.info.kind == SectionKind::strategy) declared.strategies.insert(classified.name);
  }
  return declared;
}

} // namespace

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  const std::filesystem::path given(path);
  if (base_dir.empty() || given.is_absolute()) return given.lexically_normal().string();
  return (std::filesystem::path(base_dir) / given).lexically_normal().string();
}

LoadResult load_config_text(std::string_view text, const std::string& file_name, const std::string& dir,
                            const EnvLookup& env) {
  ErrorList errors(file_name);
  IniDocument document = read_ini(text, errors);
  interpolate_values(document, env, errors);

  std::vector<ClassifiedSection> sections;
  for (const IniSection& section : document.sections) {
    if (auto classified = classify(section, errors)) sections.push_back(*classified);
  }
  const DeclaredInstances declared = declared_instances(sections);

  Config config;
  config.file = file_name;
  config.dir = dir;
  bool has_pool_sections = false;
  bool pool_sections_valid = true;
  for (const ClassifiedSection& classified : sections) {
    const IniSection& section = *classified.section;
    const std::string& name = classified.name;
    switch (classified.info.kind) {
    case SectionKind::server: config.server = parse_server_section(section, errors); break;
    case SectionKind::store: config.store = parse_store_section(section, errors); break;
    case SectionKind::plugins: config.plugins = parse_plugins_section(section, dir, errors); break;
    case SectionKind::queue: config.queue = parse_queue_section(section, errors); break;
    case SectionKind::events: config.events = parse_events_section(section, errors); break;
    case SectionKind::runtime: config.runtime = parse_runtime_section(section, errors); break;
    case SectionKind::pool: {
      const std::size_t errors_before = errors.errors().size();
      has_pool_sections = true;
      config.pools.push_back(parse_pool_section(section, name, errors));
      pool_sections_valid = pool_sections_valid && errors.errors().size() == errors_before;
      break;
    }
    case SectionKind::backend: config.backends.push_back(parse_instance_section(section, "backend", name, errors)); break;
    case SectionKind::tool: config.tools.push_back(parse_instance_section(section, "tool", name, errors)); break;
    case SectionKind::strategy:
      config.strategies.push_back(parse_instance_section(section, "strategy", name, errors));
      break;
    case SectionKind::pipeline: config.pipelines.push_back(parse_pipeline_section(section, name, errors)); break;
    case SectionKind::agent: config.agents.push_back(parse_agent_section(section, name, declared, errors)); break;
    case SectionKind::documents: config.documents = parse_documents_section(section, errors); break;
    case SectionKind::cleaning: config.cleaners.push_back(parse_cleaning_section(section, name, errors)); break;
    }
  }

  check_backend_fallbacks(config.backends, errors);
  check_document_pipelines(config, errors);
  if (!has_pool_sections) {
    config.pools = default_pools();
  } else if (pool_sections_valid) {
    // With a broken pool section the coverage report would only restate its error.
    check_queue_coverage(config.pools, errors);
  }
  return LoadResult{std::move(config), errors.take_sorted()};
}

LoadResult load_config_file(const std::string& path, const EnvLookup& env) {
  const auto unreadable = [&](const std::string& reason) {
    LoadResult result;
    result.config.file = path;
    result.errors.push_back(ConfigError{path, 0, "", "",
                                        "cannot read the config file: " + reason +
                                            "; check the path given with --config"});
    return result;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return unreadable("it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable(errno != 0 ? std::strerror(errno) : "cannot open it");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable("read failed");

  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  const std::string dir = (ec ? std::filesystem::path(path) : absolute).parent_path().lexically_normal().string();
  return load_config_text(text.str(), path, dir, env);
}

Config load_config_file_or_throw(const std::string& path, const EnvLookup& env) {
  LoadResult result = load_config_file(path, env);
  if (!result.errors.empty()) throw_config_errors(result.errors);
  return std::move(result.config);
}

} // namespace agenthost::config
