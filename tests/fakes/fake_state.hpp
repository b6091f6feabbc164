// Internal: the state a ProviderFake shares with its request handler threads.
#pragma once

#include "provider_fake.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <array>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace agenthost::fakes {

struct ProviderFake::State {
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::array<std::deque<Scenario>, 3> per_provider; // indexed by Provider
  std::deque<Scenario> shared;
  Scenario fallback = default_scenario();
  std::vector<std::string> models{"fake-model"};
  int context_length = 8192; // Ollama /api/show model_info
  PullScript pull;
  std::vector<RecordedRequest> requests;
  int responses = 0;
  std::size_t stalled = 0;
  std::size_t pings = 0; // keep-alive frames written during stalls
  std::uint64_t release_generation = 0;
  bool stopping = false;

  // The scenario for the next chat response and its 1-based response number.
  std::pair<Scenario, int> next_scenario(Provider provider);
  void record(RecordedRequest request);
  // Sleeps up to `duration`; false when the fake is stopping (the caller then ends the response).
  bool pause(std::chrono::milliseconds duration);
  // Blocks until release_stalls() or stop. `tick` (may be empty) runs every `interval` meanwhile.
  void stall(std::chrono::milliseconds interval, const std::function<void()>& tick);
};

Poco::Net::HTTPRequestHandlerFactory::Ptr make_handler_factory(std::shared_ptr<ProviderFake::State> state);

} // namespace agenthost::fakes
