// [backend.NAME], [tool.NAME], [strategy.NAME] and [pipeline.NAME]: plugin component instances.
#include "config/cache_setting.hpp"
#include "config/egress_setting.hpp"
#include "config/section_reader.hpp"
#include "config/sections.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace agenthost::config {
namespace {

// Characters per token: below 0.5 or above 20 is no tokenizer we know of, more likely a typo.
constexpr double kMinCharRatio = 0.5;
constexpr double kMaxCharRatio = 20;
// Context windows, in tokens: up to 100 million.
constexpr long long kMaxContextWindow = 100'000'000;

// The keys `<base>.<model>` of the section (a model name may itself contain dots, as in
// char_ratio.llama3.1), in file order.
std::vector<std::string> per_model_keys(const SectionReader& reader, const std::string& base) {
  std::vector<std::string> keys;
  const std::string prefix = base + ".";
  for (const IniEntry& entry : reader.section().entries) {
    if (entry.key.size() > prefix.size() && entry.key.compare(0, prefix.size(), prefix) == 0 &&
        std::find(keys.begin(), keys.end(), entry.key) == keys.end()) {
      keys.push_back(entry.key);
    }
  }
  return keys;
}

// char_ratio, char_ratio.<model>, context_window, context_window.<model>, safety_margin.
void read_token_settings(SectionReader& reader, BackendHostSettings& host) {
  if (auto v = reader.number("char_ratio", kMinCharRatio, kMaxCharRatio)) host.char_ratio = *v;
  for (const std::string& key : per_model_keys(reader, "char_ratio")) {
    if (auto v = reader.number(key, kMinCharRatio, kMaxCharRatio)) {
      host.model_char_ratios[key.substr(std::string("char_ratio.").size())] = *v;
    }
  }
  if (auto v = reader.integer("context_window", 1, kMaxContextWindow)) host.context_window = *v;
  for (const std::string& key : per_model_keys(reader, "context_window")) {
    if (auto v = reader.integer(key, 1, kMaxContextWindow)) {
      host.model_context_windows[key.substr(std::string("context_window.").size())] = *v;
    }
  }
  if (auto v = reader.number("safety_margin", 0, 0.5)) host.safety_margin = *v;
}

BackendHostSettings read_backend_host_settings(SectionReader& reader) {
  BackendHostSettings host;
  // A day is far beyond any sensible wait; the bound catches a unit mistake (seconds vs ms).
  constexpr long long kDayMs = 24LL * 3600 * 1000;
  if (auto v = reader.integer("retries", 0, 10)) host.retries = static_cast<int>(*v);
  if (auto v = reader.integer("retry_max_wait_ms", 0, kDayMs)) host.retry_max_wait_ms = static_cast<int>(*v);
  if (auto v = reader.integer("first_token_timeout_ms", 0, kDayMs)) host.first_token_timeout_ms = static_cast<int>(*v);
  if (auto v = reader.integer("token_gap_timeout_ms", 0, kDayMs)) host.token_gap_timeout_ms = static_cast<int>(*v);
  if (auto v = reader.integer("response_timeout_ms", 0, kDayMs)) host.response_timeout_ms = static_cast<int>(*v);
  if (const IniEntry* fallback = reader.entry("fallback"); fallback != nullptr) {
    if (auto name = reader.required_text("fallback")) {
      host.fallback = *name;
      host.fallback_line = fallback->line;
    }
  }
  read_token_settings(reader, host);
  return host;
}

} // namespace

namespace {

using HostValues = std::vector<std::pair<std::string, json::Value>>;

template <class Map> void add_per_model(const std::string& base, const Map& by_model, HostValues& out) {
  for (const auto& [model, value] : by_model) out.emplace_back(base + "." + model, json::Value(value));
}

// Each host key with how its effective value is read from BackendHostSettings: the one list a
// new key is added to, so the key list, the API's listing and `config check` cannot disagree.
struct HostKey {
  const char* key;
  void (*add_values)(const BackendHostSettings& settings, const std::string& key, HostValues& out);
};

const std::vector<HostKey>& host_key_table() {
  using Settings = BackendHostSettings;
  static const std::vector<HostKey> table = {
      {"retries", [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.retries); }},
      {"retry_max_wait_ms",
       [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.retry_max_wait_ms); }},
      {"first_token_timeout_ms",
       [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.first_token_timeout_ms); }},
      {"token_gap_timeout_ms",
       [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.token_gap_timeout_ms); }},
      {"response_timeout_ms",
       [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.response_timeout_ms); }},
      {"fallback",
       [](const Settings& s, const std::string& k, HostValues& out) {
         out.emplace_back(k, s.fallback.empty() ? json::Value() : json::Value(s.fallback));
       }},
      // Per-model keys (char_ratio.<model>, context_window.<model>) are host keys too.
      {"char_ratio",
       [](const Settings& s, const std::string& k, HostValues& out) {
         out.emplace_back(k, s.char_ratio);
         add_per_model(k, s.model_char_ratios, out);
       }},
      {"context_window",
       [](const Settings& s, const std::string& k, HostValues& out) {
         out.emplace_back(k, s.context_window ? json::Value(*s.context_window) : json::Value());
         add_per_model(k, s.model_context_windows, out);
       }},
      {"safety_margin",
       [](const Settings& s, const std::string& k, HostValues& out) { out.emplace_back(k, s.safety_margin); }},
  };
  return table;
}

} // namespace

const std::vector<std::string>& backend_host_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const HostKey& entry : host_key_table()) out.emplace_back(entry.key);
    return out;
  }();
  return keys;
}

std::vector<std::pair<std::string, json::Value>> backend_host_values(const BackendHostSettings& settings) {
  HostValues out;
  for (const HostKey& entry : host_key_table()) entry.add_values(settings, entry.key, out);
  return out;
}

void check_backend_fallbacks(const std::vector<InstanceConfig>& backends, ErrorList& errors) {
  std::map<std::string, const InstanceConfig*> by_name;
  for (const InstanceConfig& backend : backends) by_name[backend.name] = &backend;
  for (const InstanceConfig& backend : backends) {
    const std::string& fallback = backend.host_settings.fallback;
    if (fallback.empty()) continue;
    const int line = backend.host_settings.fallback_line;
    if (fallback == backend.name) {
      errors.add(line, backend.section(), "fallback",
                 "a backend cannot be its own fallback; name another [backend.X] or remove the key");
      continue;
    }
    if (by_name.count(fallback) == 0) {
      std::string known;
      for (const auto& entry : by_name)
        if (entry.first != backend.name) known += (known.empty() ? "" : ", ") + entry.first;
      errors.add(line, backend.section(), "fallback",
                 "names no configured backend: there is no [backend." + fallback + "] section (" +
                     (known.empty() ? "no other backend is configured" : "other backends: " + known) + ")");
      continue;
    }
    // Follow the chain; meeting this backend again is a cycle the fault layer would loop on.
    std::set<std::string> seen{backend.name};
    std::string path = backend.name;
    for (std::string next = fallback; !next.empty();) {
      path += " -> " + next;
      if (next == backend.name) {
        errors.add(line, backend.section(), "fallback",
                   "fallbacks form a cycle (" + path + "); one backend of the chain must have no fallback");
        break;
      }
      if (!seen.insert(next).second) break; // a cycle further on: reported at its own backends
      const auto found = by_name.find(next);
      next = found == by_name.end() ? "" : found->second->host_settings.fallback;
    }
  }
}

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
  // The host's keys of a backend (the fault layer's) are claimed here, so the plugin never sees them.
  if (kind == "backend") instance.host_settings = read_backend_host_settings(reader);
  instance.egress = read_egress_setting(reader, kind);
  instance.cache = read_cache_setting(reader);
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
