// [queue], [events] and [runtime]: how the host runs jobs, keeps event logs and runs turns.
#include "config/section_reader.hpp"
#include "config/sections.hpp"

namespace agenthost::config {

QueueConfig parse_queue_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  QueueConfig queue;
  if (auto v = reader.integer("lease_seconds", 5, 3600)) queue.lease_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("heartbeat_seconds", 1, 600)) queue.heartbeat_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("recovery_interval_seconds", 1, 3600)) queue.recovery_interval_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("shutdown_grace_seconds", 0, 3600)) queue.shutdown_grace_seconds = static_cast<int>(*v);
  if (queue.heartbeat_seconds * 2 > queue.lease_seconds) {
    reader.section_error("heartbeat_seconds (" + std::to_string(queue.heartbeat_seconds) +
                         ") must be at most half of lease_seconds (" + std::to_string(queue.lease_seconds) +
                         "), or a busy worker's leases expire between heartbeats");
  }
  reader.reject_unclaimed({"lease_seconds", "heartbeat_seconds", "recovery_interval_seconds", "shutdown_grace_seconds"});
  return queue;
}

EventsConfig parse_events_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  EventsConfig events;
  if (auto v = reader.integer("ttl", 60, 30 * 86400)) events.ttl_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("heartbeat_seconds", 1, 300)) events.heartbeat_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("cleanup_interval_seconds", 10, 86400)) events.cleanup_interval_seconds = static_cast<int>(*v);
  if (auto v = reader.integer("coalesce_ms", 0, 1000)) events.coalesce_ms = static_cast<int>(*v);
  if (auto v = reader.size("stream_buffer", 4096, 64LL << 20)) events.stream_buffer_bytes = static_cast<std::size_t>(*v);
  if (auto v = reader.integer("writer_threads", 1, 64)) events.writer_threads = static_cast<int>(*v);
  reader.reject_unclaimed(
      {"ttl", "heartbeat_seconds", "cleanup_interval_seconds", "coalesce_ms", "stream_buffer", "writer_threads"});
  return events;
}

RuntimeConfig parse_runtime_section(const IniSection& section, ErrorList& errors) {
  SectionReader reader(section, errors);
  RuntimeConfig runtime;
  if (auto v = reader.integer("max_iterations", 1, 100)) runtime.max_iterations = static_cast<int>(*v);
  if (auto v = reader.integer("tool_timeout_seconds", 1, 3600)) runtime.tool_timeout_seconds = static_cast<int>(*v);
  reader.reject_unclaimed({"max_iterations", "tool_timeout_seconds"});
  return runtime;
}

} // namespace agenthost::config
