// ProviderFake: the server's lifecycle and the test-facing controls.
#include "fake_state.hpp"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

namespace agenthost::fakes {

std::pair<Scenario, int> ProviderFake::State::next_scenario(Provider provider) {
  std::lock_guard lock(mutex);
  const int number = ++responses;
  auto& own = per_provider[static_cast<std::size_t>(provider)];
  for (auto* queue : {&own, &shared}) {
    if (!queue->empty()) {
      Scenario s = std::move(queue->front());
      queue->pop_front();
      return {std::move(s), number};
    }
  }
  return {fallback, number};
}

void ProviderFake::State::record(RecordedRequest request) {
  {
    std::lock_guard lock(mutex);
    requests.push_back(std::move(request));
  }
  changed.notify_all();
}

bool ProviderFake::State::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex);
  if (duration.count() > 0) changed.wait_for(lock, duration, [&] { return stopping; });
  return !stopping;
}

void ProviderFake::State::stall(std::chrono::milliseconds interval, const std::function<void()>& tick) {
  std::unique_lock lock(mutex);
  const std::uint64_t generation = release_generation;
  ++stalled;
  changed.notify_all();
  const auto released = [&] { return stopping || release_generation != generation; };
  while (!released()) {
    if (interval.count() > 0 && tick) {
      if (changed.wait_for(lock, interval, released)) break;
      lock.unlock();
      try {
        tick();
      } catch (...) { // the client went away: stop stalling, the caller closes the connection
        lock.lock();
        break;
      }
      lock.lock();
    } else {
      changed.wait(lock, released);
    }
  }
  --stalled;
  changed.notify_all();
}

struct ProviderFake::Server {
  explicit Server(std::uint16_t port) : socket(Poco::Net::SocketAddress("127.0.0.1", port)) {}
  Poco::ThreadPool pool{2, 64};
  Poco::Net::ServerSocket socket;
  std::unique_ptr<Poco::Net::HTTPServer> http;
};

ProviderFake::ProviderFake(std::uint16_t port)
    : state_(std::make_shared<State>()), server_(std::make_unique<Server>(port)) {
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(false); // one exchange per connection: stops promptly, no idle sockets
  params->setMaxThreads(64);
  server_->http = std::make_unique<Poco::Net::HTTPServer>(make_handler_factory(state_), server_->pool,
                                                          server_->socket, params);
  server_->http->start();
}

ProviderFake::~ProviderFake() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->changed.notify_all();
  server_->http->stopAll(true);
  server_->pool.joinAll();
}

std::uint16_t ProviderFake::port() const { return server_->socket.address().port(); }
std::string ProviderFake::base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }
std::string ProviderFake::openai_base_url() const { return base_url() + "/v1"; }

void ProviderFake::push(Scenario scenario) {
  std::lock_guard lock(state_->mutex);
  state_->shared.push_back(std::move(scenario));
}

void ProviderFake::push(Provider provider, Scenario scenario) {
  std::lock_guard lock(state_->mutex);
  state_->per_provider[static_cast<std::size_t>(provider)].push_back(std::move(scenario));
}

void ProviderFake::set_default(Scenario scenario) {
  std::lock_guard lock(state_->mutex);
  state_->fallback = std::move(scenario);
}

void ProviderFake::set_models(std::vector<std::string> names) {
  std::lock_guard lock(state_->mutex);
  state_->models = std::move(names);
}

void ProviderFake::set_pull(PullScript script) {
  std::lock_guard lock(state_->mutex);
  state_->pull = std::move(script);
}

std::vector<RecordedRequest> ProviderFake::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t ProviderFake::request_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests.size();
}

void ProviderFake::clear_requests() {
  std::lock_guard lock(state_->mutex);
  state_->requests.clear();
}

bool ProviderFake::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->requests.size() >= count; });
}

bool ProviderFake::wait_until_stalled(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->stalled > 0; });
}

std::size_t ProviderFake::stalled_now() const {
  std::lock_guard lock(state_->mutex);
  return state_->stalled;
}

void ProviderFake::set_context_length(int tokens) {
  std::lock_guard lock(state_->mutex);
  state_->context_length = tokens;
}

std::size_t ProviderFake::pings_sent() const {
  std::lock_guard lock(state_->mutex);
  return state_->pings;
}

void ProviderFake::release_stalls() {
  {
    std::lock_guard lock(state_->mutex);
    ++state_->release_generation;
  }
  state_->changed.notify_all();
}

} // namespace agenthost::fakes
