// agenthost SDK: the rules a plugin descriptor must follow to be accepted, in one place.
//
// The host's loader (host/plugins/descriptor_reader.cpp) and the SDK's fake host
// (agenthost/testing.hpp) both check descriptors with these functions, so a plugin the host would
// refuse also fails its unit tests, for the same reason and in the same words. Each check returns
// the reason it fails (saying what to do), or std::nullopt; none throws for a malformed descriptor.
// Where the problem is (which component) is the caller's to say: it prefixes its own label.
//
// Reading structs that cross the ABI: every ABI struct starts with `struct_size` and only grows at
// its end. A struct from a plugin built against an older or newer plugin.h may therefore be smaller
// or larger than the one this code knows: min(struct_size, sizeof(known)) bytes are copied into
// zeroed storage, so a member the plugin lacks reads as zero and one this side does not know is
// never touched.
#pragma once

#include "agenthost/plugin.h"
#include "agenthost/settings_schema.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Where member `m` of struct `T` ends: the smallest struct_size that still contains it.
#define AGENTHOST_END_OF(T, m) (offsetof(T, m) + sizeof(static_cast<T*>(nullptr)->m))

namespace agenthost::abi {

// Why a descriptor (or one part of it) is unacceptable; std::nullopt when it is fine.
using Problem = std::optional<std::string>;

// The sizes of the ABI 1.0 structs. A 1.x struct must be at least this large: everything in 1.0
// is required. Later minors append optional members, so these constants never change.
inline constexpr std::size_t descriptor_size_v1_0 = AGENTHOST_END_OF(ah_plugin_descriptor, components);
inline constexpr std::size_t component_size_v1_0 = AGENTHOST_END_OF(ah_component, api);
inline constexpr std::size_t backend_api_size_v1_0 = AGENTHOST_END_OF(ah_backend_api, describe);
inline constexpr std::size_t tool_api_size_v1_0 = AGENTHOST_END_OF(ah_tool_api, invoke);
inline constexpr std::size_t strategy_api_size_v1_0 = AGENTHOST_END_OF(ah_strategy_api, apply);
inline constexpr std::size_t cleaning_api_size_v1_0 = AGENTHOST_END_OF(ah_cleaning_api, clean);

inline constexpr std::size_t max_type_name_length = 64;
// More components than this is not a plugin but a corrupted count (it would also make a reader
// walk far past the array).
inline constexpr std::size_t max_component_count = 1024;
// Appended to every refusal that only a broken build or a hand-written descriptor can cause.
inline constexpr const char* rebuild_hint =
    "a corrupted or hand-written descriptor: rebuild the plugin with the agenthost SDK";
// What a component without a settings schema accepts: no settings at all.
inline constexpr const char* empty_settings_schema = R"({"type":"object","properties":{}})";

// The struct_size a plugin declared (the first member of every ABI struct, whatever the struct).
inline std::uint32_t declared_size(const void* source) {
  std::uint32_t size = 0;
  std::memcpy(&size, source, sizeof size);
  return size;
}

// A zero-initialized copy of the part of *source that both sides know. `source` must not be
// null, and at least `struct_size` bytes of it must be readable (the plugin's promise).
template <class T> T read_abi_struct(const T* source) {
  T copy{};
  const std::size_t kept = std::min<std::size_t>(declared_size(source), sizeof(T));
  std::memcpy(static_cast<void*>(&copy), static_cast<const void*>(source), kept);
  // The copy holds no more than `kept` bytes; claiming the plugin's larger size would let
  // whoever it is forwarded to read past its end.
  copy.struct_size = static_cast<std::uint32_t>(kept);
  return copy;
}

// Type names are what `plugin = ...` in the config refers to: [a-z0-9_]+, at most 64 characters.
inline bool is_valid_type_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= max_type_name_length && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

namespace detail {
inline std::string abi_text(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}
inline std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }
} // namespace detail

// ------------------------------------------------------------------ the descriptor

inline std::string null_descriptor_reason() {
  return std::string("the entry function ") + AGENTHOST_ENTRY_SYMBOL + " returned NULL instead of a descriptor; " +
         rebuild_hint;
}

// Whether `source` (not null) is laid out as ABI 1.x: large enough to say its version, of this
// major, and, only once the layout is known to be 1.x, at least the 1.0 size.
inline Problem descriptor_layout_problem(const ah_plugin_descriptor* source) {
  const std::uint32_t size = declared_size(source);
  const std::string too_small = "descriptor struct_size is " + std::to_string(size) + " bytes, smaller than the " +
                                std::to_string(descriptor_size_v1_0) + " bytes of an ABI 1.0 descriptor; " +
                                rebuild_hint;
  if (size < AGENTHOST_END_OF(ah_plugin_descriptor, abi_minor)) return too_small;
  const ah_plugin_descriptor header = read_abi_struct(source);
  if (header.abi_major != AGENTHOST_ABI_MAJOR)
    return "built for ABI " + std::to_string(header.abi_major) + ".x, this host speaks " +
           std::to_string(AGENTHOST_ABI_MAJOR) + ".x — rebuild against SDK " + std::to_string(AGENTHOST_ABI_MAJOR);
  if (size < descriptor_size_v1_0) return too_small;
  return std::nullopt;
}

// A newer minor's 1.0 prefix is readable, but it may rely on host services this host lacks.
inline Problem abi_minor_problem(const ah_plugin_descriptor& d) {
  if (d.abi_minor <= AGENTHOST_ABI_MINOR) return std::nullopt;
  const std::string ours = detail::abi_text(AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR);
  return "needs ABI " + detail::abi_text(d.abi_major, d.abi_minor) + ", this host speaks " + ours +
         " — upgrade agenthost, or build against SDK " + ours;
}

inline Problem plugin_name_problem(const ah_plugin_descriptor& d) {
  if (d.name && *d.name) return std::nullopt;
  return std::string("the descriptor has no plugin name; ") + rebuild_hint;
}

inline Problem component_array_problem(const ah_plugin_descriptor& d) {
  if (d.component_count > max_component_count)
    return "declares " + std::to_string(d.component_count) + " components, more than the " +
           std::to_string(max_component_count) + " a plugin may have; " + rebuild_hint;
  if (d.component_count > 0 && !d.components)
    return "declares " + std::to_string(d.component_count) + " components but its components array is NULL; " +
           rebuild_hint;
  return std::nullopt;
}

// Components are numbered from 1, as in every message.
inline std::string duplicate_type_name_reason(std::size_t first, std::size_t second, std::string_view name) {
  return "components " + std::to_string(first) + " and " + std::to_string(second) + " both declare the type name " +
         detail::quoted(name) + "; type names are unique per host: rename one";
}

// ------------------------------------------------------------------ one component
// These return the problem without saying which component; prefix it with "<label>: ".

inline Problem component_size_problem(const ah_component* source) {
  const std::uint32_t size = declared_size(source);
  if (size >= component_size_v1_0) return std::nullopt;
  return "struct_size is " + std::to_string(size) + " bytes, smaller than the " +
         std::to_string(component_size_v1_0) + " bytes of an ABI 1.0 component; " + rebuild_hint;
}

// For a type name that is present (a NULL one is "<label> has no type name; <rebuild_hint>").
inline Problem type_name_problem(std::string_view name) {
  if (is_valid_type_name(name)) return std::nullopt;
  return "invalid type name " + detail::quoted(name) + " (type names are [a-z0-9_]+, at most " +
         std::to_string(max_type_name_length) + " characters, e.g. web_search)";
}

// The word for a kind in messages ("its tool function table ..."); nullptr for an unknown kind.
inline const char* known_kind_word(ah_component_kind kind) noexcept {
  switch (kind) {
  case AH_KIND_BACKEND: return "backend";
  case AH_KIND_TOOL: return "tool";
  case AH_KIND_STRATEGY: return "strategy";
  case AH_KIND_CLEANING: return "cleaning";
  default: return nullptr;
  }
}

inline Problem kind_problem(ah_component_kind kind) {
  if (known_kind_word(kind)) return std::nullopt;
  return "unknown kind " + std::to_string(kind) + " (this host knows 1 backend, 2 tool, 3 strategy, 4 cleaning); " +
         rebuild_hint;
}

inline Problem entry_points_problem(const ah_component& c) {
  for (const auto& [present, what] : {std::pair{c.create != nullptr, "create"},
                                      std::pair{c.destroy != nullptr, "destroy"}, std::pair{c.api != nullptr, "api"}}) {
    if (!present) return std::string("missing ") + what + " (create, destroy and api are required); " + rebuild_hint;
  }
  return std::nullopt;
}

// The kind's function table `api` (not null) must be at least its ABI 1.0 size and have the
// functions the host cannot do without; the others are optional (calls to them are unsupported).
inline Problem function_table_problem(ah_component_kind kind, const void* api) {
  const char* kind_word = known_kind_word(kind);
  if (!kind_word) return kind_problem(kind);
  const auto too_small = [&](std::size_t minimum) -> Problem {
    const std::uint32_t size = declared_size(api);
    if (size >= minimum) return std::nullopt;
    return std::string("its ") + kind_word + " function table's struct_size is " + std::to_string(size) +
           " bytes, smaller than the " + std::to_string(minimum) + " bytes of ABI 1.0; " + rebuild_hint;
  };
  const auto missing = [&](const char* operation) -> Problem {
    return std::string("its ") + kind_word + " function table has no " + operation + " function; " + rebuild_hint;
  };
  switch (kind) {
  case AH_KIND_BACKEND: {
    if (auto problem = too_small(backend_api_size_v1_0)) return problem;
    if (!read_abi_struct(static_cast<const ah_backend_api*>(api)).chat) return missing("chat");
    return std::nullopt; // list_models, pull_model, describe are optional
  }
  case AH_KIND_TOOL: {
    if (auto problem = too_small(tool_api_size_v1_0)) return problem;
    const ah_tool_api table = read_abi_struct(static_cast<const ah_tool_api*>(api));
    if (!table.describe) return missing("describe"); // the model needs the parameters schema
    if (!table.invoke) return missing("invoke");
    return std::nullopt;
  }
  case AH_KIND_STRATEGY: {
    if (auto problem = too_small(strategy_api_size_v1_0)) return problem;
    if (!read_abi_struct(static_cast<const ah_strategy_api*>(api)).apply) return missing("apply");
    return std::nullopt;
  }
  default: { // AH_KIND_CLEANING: known_kind_word() let no other kind through
    if (auto problem = too_small(cleaning_api_size_v1_0)) return problem;
    if (!read_abi_struct(static_cast<const ah_cleaning_api*>(api)).clean) return missing("clean");
    return std::nullopt;
  }
  }
}

// The component's settings schema (NULL means "no settings") must be JSON that
// settings::check_schema accepts. `parsed`, when given, receives the parsed schema.
inline Problem settings_schema_problem(const char* text, json::Value* parsed = nullptr) {
  json::Value schema;
  try {
    schema = json::parse(text ? std::string_view(text) : std::string_view(empty_settings_schema));
  } catch (const json::ParseError& e) {
    return std::string("settings schema is not valid JSON (") + e.what() + ")";
  }
  const std::vector<settings::Problem> problems = settings::check_schema(schema);
  if (!problems.empty()) {
    std::string reason = "settings schema rejected: ";
    for (std::size_t i = 0; i < problems.size(); ++i) reason += (i ? "; " : "") + problems[i].message;
    return reason;
  }
  if (parsed) *parsed = std::move(schema);
  return std::nullopt;
}

} // namespace agenthost::abi
