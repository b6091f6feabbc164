// The host side of one plugin call: where its events go, whether it has been cancelled, and
// why it failed. A plugin reaches it through the `ah_call*` handle (emit, set_error,
// is_cancelled); host code passes one to every Instance call.
#pragma once

#include "agenthost/event_record.hpp"

#include "agenthost/plugin.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::plugins {

class CacheCounters;

// What the upstream server did in the call's last outbound HTTP exchange (the host's
// http_request service records it). The fault layer reads it to decide about retries without
// the plugin's help: the plugin only sees a failed call, the host sees why.
struct UpstreamOutcome {
  // The exchange failed before a response head arrived (DNS, connect, TLS, reset, no answer).
  bool connection_error = false;
  // Why the exchange failed (names the host, never the query, headers or keys); empty when a
  // response was received in full (whatever its status).
  std::string error;
  // The HTTP status of the response, 0 when none arrived.
  int status = 0;
  // The raw header values, when the response carried them.
  std::optional<std::string> retry_after, retry_after_ms;
  // Whether any body bytes arrived (a retry after output would duplicate it).
  bool body_started = false;
};

class CallSink {
public:
  CallSink() = default;
  CallSink(const CallSink&) = delete;
  CallSink& operator=(const CallSink&) = delete;
  virtual ~CallSink() = default;

  // One event of the call, already copied into zeroed storage (members the plugin's ABI
  // version lacks read as zero). Its strings belong to the plugin and are valid only during
  // this call: copy what you keep. Events arrive in the order the plugin emits them, on the
  // plugin's thread. Return false when nobody wants more: the call is then cancelled and the
  // plugin's emit returns AH_ERR_CANCELLED. Must not throw (an exception cancels the call).
  virtual bool on_event(const ah_event& event) = 0;

  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  // True once cancel() was called, the watched flag is set, or the parent call is cancelled.
  bool cancelled() const noexcept;
  // This call is also cancelled whenever `flag` is set (e.g. the turn's cancellation). The flag
  // must outlive the call.
  void watch(const std::atomic<bool>& flag) noexcept { watched_ = &flag; }
  // A nested call made on behalf of `parent` (complete_with_backend) ends when its parent does.
  void follow(const CallSink& parent) noexcept { parent_ = &parent; }

  // The user the call runs for (a turn's owner). Host services that act on a user's data
  // (search_documents) are scoped to it and refuse a call that runs for nobody. Set before the
  // call starts; a nested call (follow) inherits its parent's unless it has its own.
  void set_owner(std::string owner_id) { owner_id_ = std::move(owner_id); }
  // Empty when the call runs for no user.
  const std::string& owner_id() const noexcept {
    return owner_id_.empty() && parent_ ? parent_->owner_id() : owner_id_;
  }

  // Where the call's cache_get/cache_put hits, misses and evictions are counted (a turn's
  // counters). Set before the call starts; a nested call (follow) inherits its parent's unless it
  // has its own. Null: nobody counts.
  void set_cache_counters(std::shared_ptr<CacheCounters> counters) { cache_counters_ = std::move(counters); }
  std::shared_ptr<CacheCounters> cache_counters() const {
    return !cache_counters_ && parent_ ? parent_->cache_counters() : cache_counters_;
  }

  // Why the call failed. The plugin's set_error replaces earlier messages (the last one wins).
  void set_error(ah_status status, std::string message);
  bool has_error() const;
  ah_status error_status() const;
  std::string error_message() const;

  // The outcome of the call's last outbound HTTP exchange; each exchange replaces the previous
  // record, and an exchange in progress updates it as it goes (head, first body bytes, failure).
  void record_upstream(UpstreamOutcome outcome);
  // Nothing when the call made no outbound HTTP exchange. Safe from any thread.
  std::optional<UpstreamOutcome> upstream_outcome() const;

private:
  std::atomic<bool> cancelled_{false};
  const std::atomic<bool>* watched_ = nullptr;
  const CallSink* parent_ = nullptr;
  std::string owner_id_;
  std::shared_ptr<CacheCounters> cache_counters_;
  mutable std::mutex error_mutex_;
  ah_status error_status_ = AH_OK;
  std::string error_message_;
  bool has_error_ = false;
  mutable std::mutex upstream_mutex_;
  std::optional<UpstreamOutcome> upstream_;
};

// An event with its strings copied, safe to keep after the call (the SDK's definition, shared
// with the fake host).
using RecordedEvent = EventRecord;

// A sink that keeps every event: for calls whose output is small (describe, list_models, tool
// results, create) and for tests.
class CollectingSink : public CallSink {
public:
  bool on_event(const ah_event& event) override;

  std::vector<RecordedEvent> events() const;
  // The text of the last RESULT event, or "" when there was none.
  std::string result() const;
  // Every TEXT_DELTA concatenated.
  std::string text() const;

private:
  mutable std::mutex mutex_;
  std::vector<RecordedEvent> events_;
};

} // namespace agenthost::plugins
