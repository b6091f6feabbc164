// Reading structs that cross the plugin ABI.
//
// Every ABI struct starts with `struct_size` and only grows at its end. A struct from a plugin
// built against an older or newer plugin.h may therefore be smaller or larger than the one this
// host knows: the host copies min(struct_size, sizeof(known)) into zeroed storage, so a field
// the plugin does not have reads as zero and a field the host does not know is never touched.
#pragma once

#include "agenthost/plugin.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace agenthost::plugins {

// Where member `m` of struct `T` ends: the smallest struct_size that still contains it.
#define AGENTHOST_END_OF(T, m) (offsetof(T, m) + sizeof(static_cast<T*>(nullptr)->m))

// The sizes of the ABI 1.0 structs. A 1.x struct must be at least this large: everything in 1.0
// is required. Later minors append optional members, so these constants never change.
inline constexpr std::size_t descriptor_size_v1_0 = AGENTHOST_END_OF(ah_plugin_descriptor, components);
inline constexpr std::size_t component_size_v1_0 = AGENTHOST_END_OF(ah_component, api);
inline constexpr std::size_t backend_api_size_v1_0 = AGENTHOST_END_OF(ah_backend_api, describe);
inline constexpr std::size_t tool_api_size_v1_0 = AGENTHOST_END_OF(ah_tool_api, invoke);
inline constexpr std::size_t strategy_api_size_v1_0 = AGENTHOST_END_OF(ah_strategy_api, apply);
inline constexpr std::size_t cleaning_api_size_v1_0 = AGENTHOST_END_OF(ah_cleaning_api, clean);
// An event must at least say what it is; every other member may be absent (reads as zero).
inline constexpr std::size_t event_min_size = AGENTHOST_END_OF(ah_event, type);

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
  const std::uint32_t size = declared_size(source);
  const std::size_t kept = std::min<std::size_t>(size, sizeof(T));
  std::memcpy(static_cast<void*>(&copy), static_cast<const void*>(source), kept);
  // The copy holds no more than `kept` bytes; claiming the plugin's larger size would let
  // whoever it is forwarded to read past its end.
  copy.struct_size = static_cast<std::uint32_t>(kept);
  return copy;
}

} // namespace agenthost::plugins
