// The sink of one attempt at a backend call: forwards every event to the turn's sink, notes
// whether content (text, tool calls) reached it, and runs the attempt's deadline watchdog, which
// cancels the attempt when the backend is too slow to start, goes silent mid-response, or takes
// too long overall. Keepalive pings prove the connection lives but are not content, so they do
// not hold off the token-gap deadline.
#pragma once

#include "plugins/call_sink.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace agenthost::runtime {

struct AttemptDeadlines {
  std::chrono::milliseconds first_token{0}; // connect + first content event; 0 = none
  std::chrono::milliseconds token_gap{0};   // between content events; 0 = none
  std::chrono::milliseconds response{0};    // the whole attempt; 0 = none
};

enum class DeadlineMissed { none, first_token, token_gap, response };

class AttemptSink : public plugins::CallSink {
public:
  // Cancelled whenever `output` is. Starts the watchdog at once.
  AttemptSink(plugins::CallSink& output, AttemptDeadlines deadlines);
  ~AttemptSink() override;

  bool on_event(const ah_event& event) override;

  // Stops the watchdog; call when the backend call returned.
  void finish();
  // True once a text or tool-call event went to the output: the attempt can no longer be retried.
  bool output_emitted() const;
  DeadlineMissed missed() const;

private:
  void watch();

  plugins::CallSink& output_;
  const AttemptDeadlines deadlines_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool finished_ = false;
  bool any_content_ = false; // also counts reasoning: it proves the model is producing tokens
  bool output_emitted_ = false;
  std::chrono::steady_clock::time_point last_content_;
  DeadlineMissed missed_ = DeadlineMissed::none;
  std::thread watchdog_; // last: started once everything above is initialized
};

} // namespace agenthost::runtime
