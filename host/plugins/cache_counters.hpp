// Hits, misses and evictions of the host cache, per instance section ("tool.web"), for one turn
// (or whatever unit of work a caller counts): the TurnLoop makes one per turn, hangs it on every
// CallSink the turn creates, and writes it into the turn's job result.
//
// Thread-safe: a turn's tools run in parallel threads and all count into the same object.
#pragma once

#include <agenthost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace agenthost::plugins {

struct CacheCount {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;
};

class CacheCounters {
public:
  void hit(const std::string& section);
  void miss(const std::string& section);
  // Entries removed to make room for a put (0 records nothing).
  void evicted(const std::string& section, std::size_t entries);

  CacheCount total() const;
  // Only sections that counted something.
  std::map<std::string, CacheCount> by_instance() const;

  // {"hits": H, "misses": M, "evictions": E, "by_instance": {"tool.web": {"hits", "misses",
  // "evictions"}}}: zeros and an empty object when nothing was cached.
  json::Value to_json() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, CacheCount> by_section_;
};

} // namespace agenthost::plugins
