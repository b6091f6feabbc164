// agenthost SDK, fake host: reads a plugin descriptor the way the host's loader does
// (host/plugins/descriptor_reader.cpp), so a plugin the host would refuse fails its unit tests
// too instead of passing them and being refused by the operator's host.
//
// Every struct is read as "at least the ABI 1.0 size": min(struct_size, sizeof) bytes are copied
// into zeroed storage, so a member a plugin built against an older minor lacks reads as zero
// (NULL) and a newer plugin's extra members are never touched.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/plugin.h"
#include "agenthost/settings_schema.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace agenthost::testing::detail {

#define AGENTHOST_SDK_END_OF(T, m) (offsetof(T, m) + sizeof(static_cast<T*>(nullptr)->m))

inline constexpr std::size_t descriptor_size_v1_0 = AGENTHOST_SDK_END_OF(ah_plugin_descriptor, components);
inline constexpr std::size_t component_size_v1_0 = AGENTHOST_SDK_END_OF(ah_component, api);

// Reads a struct that starts with uint32_t struct_size: zero-extended, never over-read.
template <class T> T read_abi_struct(const void* source) {
  T copy{};
  std::uint32_t size = 0;
  std::memcpy(&size, source, sizeof size);
  std::memcpy(&copy, source, std::min<std::size_t>(size, sizeof(T)));
  return copy;
}

inline std::uint32_t declared_size(const void* source) {
  std::uint32_t size = 0;
  std::memcpy(&size, source, sizeof size);
  return size;
}

inline const char* kind_word(ah_component_kind kind) {
  switch (kind) {
  case AH_KIND_BACKEND: return "backend";
  case AH_KIND_TOOL: return "tool";
  case AH_KIND_STRATEGY: return "strategy";
  case AH_KIND_CLEANING: return "cleaning step";
  default: return "unknown-kind";
  }
}

inline bool is_valid_type_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
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
  throw std::runtime_error("the host would refuse this plugin: " + reason +
                           " (rebuild it with the agenthost SDK, or fix the descriptor)");
}

inline void check_settings_schema(const std::string& label, const char* text) {
  if (!text) return; // the host reads NULL as "no settings"
  json::Value schema;
  try {
    schema = json::parse(text);
  } catch (const json::ParseError& e) {
    refuse(label + ": settings schema is not valid JSON (" + e.what() + ")");
  }
  const std::vector<settings::Problem> problems = settings::check_schema(schema);
  if (problems.empty()) return;
  std::string reason = label + ": settings schema rejected: ";
  for (std::size_t i = 0; i < problems.size(); ++i) reason += (i ? "; " : "") + problems[i].message;
  refuse(reason);
}

// The kind's table must be at least its 1.0 size and have its required operations.
inline void check_table(const std::string& label, ah_component_kind kind, const void* api) {
  const auto require = [&](std::size_t minimum, bool has_required, const char* required) {
    if (declared_size(api) < minimum)
      refuse(label + ": function table struct_size " + std::to_string(declared_size(api)) +
             " is smaller than the " + std::to_string(minimum) + " bytes of ABI 1.0");
    if (!has_required) refuse(label + ": function table has no " + required + " function");
  };
  switch (kind) {
  case AH_KIND_BACKEND:
    // list_models, pull_model and describe are optional, as in the host.
    require(AGENTHOST_SDK_END_OF(ah_backend_api, describe), read_abi_struct<ah_backend_api>(api).chat, "chat");
    break;
  case AH_KIND_TOOL: {
    const auto t = read_abi_struct<ah_tool_api>(api);
    require(AGENTHOST_SDK_END_OF(ah_tool_api, invoke), t.describe && t.invoke, "describe or invoke");
    break;
  }
  case AH_KIND_STRATEGY:
    require(AGENTHOST_SDK_END_OF(ah_strategy_api, apply), read_abi_struct<ah_strategy_api>(api).apply, "apply");
    break;
  case AH_KIND_CLEANING:
    require(AGENTHOST_SDK_END_OF(ah_cleaning_api, clean), read_abi_struct<ah_cleaning_api>(api).clean, "clean");
    break;
  default:
    refuse(label + ": unknown kind " + std::to_string(kind) + " (1 backend, 2 tool, 3 strategy, 4 cleaning)");
  }
}

inline std::shared_ptr<const ah_component> check_component(const ah_component* source, std::size_t index) {
  std::string label = "component " + std::to_string(index + 1);
  if (!source) refuse(label + " is a NULL pointer");
  if (declared_size(source) < component_size_v1_0)
    refuse(label + ": struct_size " + std::to_string(declared_size(source)) + " is smaller than the " +
           std::to_string(component_size_v1_0) + " bytes of an ABI 1.0 component");
  auto c = std::make_shared<ah_component>(read_abi_struct<ah_component>(source));
  if (!c->type_name) refuse(label + " has no type name");
  if (!is_valid_type_name(c->type_name))
    refuse(label + ": invalid type name '" + c->type_name + "' (type names are [a-z0-9_]+, at most 64 characters)");
  label = "component '" + std::string(c->type_name) + "'";
  if (!c->create || !c->destroy || !c->api) refuse(label + ": create, destroy and api are required");
  check_table(label, c->kind, c->api);
  check_settings_schema(label, c->settings_schema);
  return c;
}

inline CheckedDescriptor check_descriptor(const ah_plugin_descriptor* source) {
  if (!source) refuse("the entry function returned NULL instead of a descriptor");
  if (declared_size(source) < AGENTHOST_SDK_END_OF(ah_plugin_descriptor, abi_minor))
    refuse("descriptor struct_size " + std::to_string(declared_size(source)) + " is too small");
  CheckedDescriptor out;
  out.descriptor = read_abi_struct<ah_plugin_descriptor>(source);
  const ah_plugin_descriptor& d = out.descriptor;
  if (d.abi_major != AGENTHOST_ABI_MAJOR)
    refuse("built for ABI major " + std::to_string(d.abi_major) + ", the SDK speaks " +
           std::to_string(AGENTHOST_ABI_MAJOR));
  if (declared_size(source) < descriptor_size_v1_0)
    refuse("descriptor struct_size " + std::to_string(declared_size(source)) + " is smaller than the " +
           std::to_string(descriptor_size_v1_0) + " bytes of an ABI 1.0 descriptor");
  if (d.abi_minor > AGENTHOST_ABI_MINOR)
    refuse("needs ABI 1." + std::to_string(d.abi_minor) + ", newer than the SDK's 1." +
           std::to_string(AGENTHOST_ABI_MINOR));
  if (!d.name || !*d.name) refuse("the descriptor has no plugin name");
  if (d.component_count > 1024) refuse("declares " + std::to_string(d.component_count) + " components");
  if (d.component_count > 0 && !d.components) refuse("the components array is NULL");
  for (std::size_t i = 0; i < d.component_count; ++i) {
    auto c = check_component(d.components[i], i);
    for (const auto& earlier : out.components)
      if (std::strcmp(earlier->type_name, c->type_name) == 0)
        refuse("two components declare the type name '" + std::string(c->type_name) + "'");
    out.components.push_back(std::move(c));
  }
  for (const auto& c : out.components) out.pointers.push_back(c.get());
  out.descriptor.components = out.pointers.data();
  return out;
}

} // namespace agenthost::testing::detail
