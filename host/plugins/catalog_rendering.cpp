#include "plugins/catalog_rendering.hpp"

#include "plugins/search_path.hpp"

#include <algorithm>
#include <cstddef>

namespace agenthost::plugins {

json::Value component_to_json(const ComponentInfo& component) {
  return json::Value::object({{"kind", kind_name(component.kind)},
                              {"type", component.type_name},
                              {"description", component.description},
                              {"settings_schema", component.settings_schema},
                              {"thread_safe", component.thread_safe()}});
}

json::Value plugin_to_json(const PluginInfo& plugin) {
  json::Value components = json::Value::array();
  for (const ComponentInfo& component : plugin.components) components.push_back(component_to_json(component));
  return json::Value::object({{"name", plugin.name},
                              {"version", plugin.version},
                              {"description", plugin.description},
                              {"path", plugin.path},
                              {"abi", plugin.abi()},
                              {"components", std::move(components)}});
}

json::Value refusal_to_json(const Refusal& refusal) {
  return json::Value::object({{"path", refusal.path}, {"reason", refusal.reason}});
}

json::Value catalog_to_json(const PluginCatalog& catalog) {
  json::Value plugins = json::Value::array();
  for (const PluginInfo& plugin : catalog.plugins()) plugins.push_back(plugin_to_json(plugin));
  json::Value refused = json::Value::array();
  for (const Refusal& refusal : catalog.refusals()) refused.push_back(refusal_to_json(refusal));
  return json::Value::object({{"plugins", std::move(plugins)}, {"refused", std::move(refused)}});
}

json::Value inspection_to_json(const Inspection& inspection) {
  if (const auto* plugin = std::get_if<PluginInfo>(&inspection)) return plugin_to_json(*plugin);
  return refusal_to_json(std::get<Refusal>(inspection));
}

namespace {

using Row = std::vector<std::string>;

// Left-aligned columns two spaces apart; the last column is not padded.
std::string format_table(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string component_summary(const PluginInfo& plugin) {
  std::string out;
  for (const ComponentInfo& c : plugin.components)
    out += (out.empty() ? "" : ", ") + std::string(kind_name(c.kind)) + " " + c.type_name;
  return out.empty() ? "(none)" : out;
}

bool is_required(const json::Value& schema, const std::string& name) {
  const json::Value& required = schema["required"];
  if (!required.is_array()) return false;
  return std::any_of(required.as_array().begin(), required.as_array().end(),
                     [&](const json::Value& entry) { return entry.is_string() && entry.as_string() == name; });
}

// "  port  integer  default 8080  The port to listen on" for each declared setting.
std::string format_settings(const json::Value& schema) {
  const json::Value& properties = schema["properties"];
  if (!properties.is_object() || properties.size() == 0) return "      (no settings)\n";
  std::vector<Row> rows;
  for (const auto& [name, property] : properties.as_object()) {
    Row row{"      " + name, property["type"].is_string() ? property["type"].as_string() : "string"};
    if (const json::Value* fallback = property.find("default"))
      row.push_back("default " + json::dump(*fallback));
    else if (is_required(schema, name))
      row.push_back("required");
    else
      row.push_back("optional");
    if (property["description"].is_string()) row.push_back(property["description"].as_string());
    rows.push_back(std::move(row));
  }
  return format_table(rows);
}

} // namespace

std::string format_plugin(const PluginInfo& plugin) {
  std::string out = plugin.name + " " + plugin.version + " (ABI " + plugin.abi() + ")\n";
  if (!plugin.description.empty()) out += "  " + plugin.description + "\n";
  out += "  file: " + plugin.path + "\n";
  for (const ComponentInfo& c : plugin.components) {
    out += "  " + std::string(kind_name(c.kind)) + " " + c.type_name;
    if (!c.description.empty()) out += " — " + c.description;
    out += c.thread_safe() ? " [thread-safe]\n" : "\n";
    out += format_settings(c.settings_schema);
  }
  return out;
}

std::string format_inspection(const Inspection& inspection) {
  if (const auto* plugin = std::get_if<PluginInfo>(&inspection)) return format_plugin(*plugin);
  return "refused: " + std::get<Refusal>(inspection).message() + "\n";
}

std::string format_catalog(const PluginCatalog& catalog) {
  std::string out;
  if (catalog.plugins().empty()) {
    out += "no plugins loaded\n";
  } else {
    std::vector<Row> rows{{"PLUGIN", "VERSION", "ABI", "COMPONENTS", "FILE"}};
    for (const PluginInfo& p : catalog.plugins())
      rows.push_back({p.name, p.version, p.abi(), component_summary(p), p.path});
    out += format_table(rows);
  }
  if (!catalog.refusals().empty()) {
    out += "\nrefused:\n";
    for (const Refusal& refusal : catalog.refusals()) out += "  " + refusal.message() + "\n";
  }
  if (!catalog.search_path().empty()) {
    out += "\nsearched:\n";
    for (const SearchDir& dir : catalog.search_path())
      out += "  " + dir.path + " (" + dir.origin + (directory_exists(dir.path) ? ")" : ", missing)") + "\n";
  }
  return out;
}

} // namespace agenthost::plugins
