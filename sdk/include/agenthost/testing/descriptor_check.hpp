// agenthost SDK, fake host: checks a plugin descriptor with the same rules as the host's loader
// (agenthost/descriptor_rules.hpp, which host/plugins/descriptor_reader.cpp uses too), so a
// plugin the host would refuse fails its unit tests too, for the same reason, instead of passing
// them and being refused by the operator's host.
#pragma once

#include "agenthost/descriptor_rules.hpp"
#include "agenthost/plugin.h"

#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agenthost::testing::detail {

// Reads a struct that starts with uint32_t struct_size: zero-extended, never over-read.
template <class T> T read_abi_struct(const void* source) { return abi::read_abi_struct(static_cast<const T*>(source)); }

using abi::declared_size;

// The kind as the fake host's messages say it ("'x' is a cleaning step, not a tool").
inline const char* kind_word(ah_component_kind kind) {
  switch (kind) {
  case AH_KIND_BACKEND: return "backend";
  case AH_KIND_TOOL: return "tool";
  case AH_KIND_STRATEGY: return "strategy";
  case AH_KIND_CLEANING: return "cleaning step";
  default: return "unknown-kind";
  }
}

// A checked, owned copy of a descriptor. `descriptor.components` points into `pointers`, which
// point at the zero-extended component copies; the copies are shared so that instances created
// from them stay valid even when the fake host loads another plugin.
struct CheckedDescriptor {
  ah_plugin_descriptor descriptor{};
  std::vector<std::shared_ptr<const ah_component>> components;
  std::vector<const ah_component*> pointers;
};

[[noreturn]] inline void refuse(const std::string& reason) {
  throw std::runtime_error("the host would refuse this plugin: " + reason);
}

inline void refuse_if(const std::optional<std::string>& problem, const std::string& label = {}) {
  if (problem) refuse(label.empty() ? *problem : label + ": " + *problem);
}

inline std::shared_ptr<const ah_component> check_component(const ah_component* source, std::size_t index) {
  std::string label = "component " + std::to_string(index + 1);
  if (!source) refuse(label + " is a NULL pointer; " + abi::rebuild_hint);
  refuse_if(abi::component_size_problem(source), label);
  auto c = std::make_shared<ah_component>(abi::read_abi_struct(source));
  if (!c->type_name) refuse(label + " has no type name; " + abi::rebuild_hint);
  refuse_if(abi::type_name_problem(c->type_name), label);
  label = "component '" + std::string(c->type_name) + "'";
  refuse_if(abi::kind_problem(c->kind), label);
  refuse_if(abi::entry_points_problem(*c), label);
  refuse_if(abi::function_table_problem(c->kind, c->api), label);
  refuse_if(abi::settings_schema_problem(c->settings_schema), label);
  return c;
}

inline CheckedDescriptor check_descriptor(const ah_plugin_descriptor* source) {
  if (!source) refuse(abi::null_descriptor_reason());
  refuse_if(abi::descriptor_layout_problem(source));
  CheckedDescriptor out;
  out.descriptor = abi::read_abi_struct(source);
  const ah_plugin_descriptor& d = out.descriptor;
  refuse_if(abi::plugin_name_problem(d));
  refuse_if(abi::abi_minor_problem(d));
  refuse_if(abi::component_array_problem(d));
  for (std::size_t i = 0; i < d.component_count; ++i) {
    auto c = check_component(d.components[i], i);
    for (std::size_t j = 0; j < out.components.size(); ++j)
      if (std::strcmp(out.components[j]->type_name, c->type_name) == 0)
        refuse(abi::duplicate_type_name_reason(j + 1, i + 1, c->type_name));
    out.components.push_back(std::move(c));
  }
  for (const auto& c : out.components) out.pointers.push_back(c.get());
  out.descriptor.components = out.pointers.data();
  return out;
}

} // namespace agenthost::testing::detail
