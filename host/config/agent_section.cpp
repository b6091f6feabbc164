// [agent.NAME]: an agent's backend, model, tools, strategy chain, prompts and sampling params,
// with its references to backend/tool/strategy instances checked against the file.
#include "config/section_reader.hpp"
#include "config/sections.hpp"
#include "config/suggestion.hpp"

namespace agenthost::config {

namespace {

// Reports `reference` (found at `entry`) when no [kind.reference] section exists.
bool check_reference(SectionReader& reader, const IniEntry& entry, const std::string& kind,
                     const std::string& reference, const std::set<std::string>& declared) {
  if (declared.count(reference) != 0) return true;
  const std::vector<std::string> names(declared.begin(), declared.end());
  std::string message = "no [" + kind + "." + reference + "] section is defined";
  if (names.empty()) {
    message += "; add one (no " + kind + " sections exist yet)";
  } else {
    message += did_you_mean(reference, names) + " (defined: " + join_names(names) + ")";
  }
  reader.key_error(entry, message);
  return false;
}

std::vector<std::string> checked_references(SectionReader& reader, const std::string& key, const std::string& kind,
                                            const std::set<std::string>& declared) {
  std::vector<std::string> valid;
  const auto list = reader.list(key);
  if (!list) return valid;
  const IniEntry& entry = *reader.entry(key);
  for (const std::string& reference : *list) {
    if (check_reference(reader, entry, kind, reference, declared)) valid.push_back(reference);
  }
  return valid;
}

} // namespace

AgentConfig parse_agent_section(const IniSection& section, const std::string& name,
                                const DeclaredInstances& declared, ErrorList& errors) {
  // An agent may carry several system prompts; each `system_prompt` line is one, in order.
  SectionReader reader(section, errors, {"system_prompt"});
  AgentConfig agent;
  agent.name = name;
  agent.line = section.line;

  if (auto backend = reader.required_text("backend")) {
    if (check_reference(reader, *reader.entry("backend"), "backend", *backend, declared.backends)) {
      agent.backend = *backend;
    }
  }
  if (auto model = reader.required_text("model")) agent.model = *model;
  agent.tools = checked_references(reader, "tools", "tool", declared.tools);
  agent.strategy = checked_references(reader, "strategy", "strategy", declared.strategies);

  for (const IniEntry* prompt : reader.entries("system_prompt")) {
    // An empty prompt is what `system_prompt = ${EXTRA_PROMPT:-}` yields when the variable is
    // unset: an optional prompt left out, not a mistake.
    if (prompt->valid && !prompt->value.empty()) agent.system_prompts.push_back(prompt->value);
  }

  if (auto temperature = reader.number("temperature", 0.0, 2.0)) agent.params["temperature"] = *temperature;
  if (auto top_p = reader.number("top_p", 0.0, 1.0)) agent.params["top_p"] = *top_p;
  if (auto max_tokens = reader.integer("max_tokens", 1, 10000000)) {
    agent.params["max_tokens"] = static_cast<double>(*max_tokens);
  }

  reader.reject_unclaimed(
      {"backend", "model", "tools", "strategy", "system_prompt", "temperature", "top_p", "max_tokens"});
  return agent;
}

} // namespace agenthost::config
