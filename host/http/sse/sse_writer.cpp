#include "http/sse/sse_writer.hpp"

#include "common/error.hpp"
#include "http/sse/sse_stream_state.hpp"
#include "http/sse/sse_writer_thread.hpp"

#include <utility>

namespace agenthost::http {

SseStream::SseStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
SseStream::~SseStream() = default;

bool SseStream::send(Frame frame) {
  if (!frame || closed_.load()) return !closed_.load();
  bool schedule = false;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->close_requested) return false;
    if (state_->buffered + frame->size() > state_->buffer_limit) {
      // Too far behind: drop the client rather than grow without bound or block the sender.
      state_->close_requested = true;
      state_->close_reason = "slow client: more than " + std::to_string(state_->buffer_limit) +
                             " bytes unsent ([events] stream_buffer)";
      closed_.store(true);
    } else {
      state_->buffered += frame->size();
      state_->pending.push_back(std::move(frame));
      state_->last_frame = std::chrono::steady_clock::now();
    }
    schedule = !state_->scheduled;
    state_->scheduled = true;
  }
  if (schedule) state_->thread->schedule(shared_from_this());
  return !closed_.load();
}

void SseStream::on_closed(std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->finished) {
      state_->on_closed = std::move(callback);
      return;
    }
  }
  if (callback) callback();
}

void SseStream::close() {
  bool schedule = false;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->close_requested) return;
    state_->close_requested = true;
    state_->close_reason = "closed by the server";
    closed_.store(true);
    schedule = !state_->scheduled;
    state_->scheduled = true;
  }
  if (schedule) state_->thread->schedule(shared_from_this());
}

SseWriter::SseWriter(SseWriterOptions options, std::shared_ptr<Logger> logger)
    : options_(options), logger_(std::move(logger)) {
  if (options_.threads < 1 || options_.threads > 64)
    throw Error(ErrorKind::config, "[events] writer_threads = " + std::to_string(options_.threads) +
                                       "; use a value from 1 to 64");
  if (options_.buffer_bytes < 1024)
    throw Error(ErrorKind::config, "[events] stream_buffer = " + std::to_string(options_.buffer_bytes) +
                                       " bytes; use at least 1024");
  if (options_.heartbeat.count() < 1)
    throw Error(ErrorKind::config, "[events] heartbeat_seconds must be positive");
  if (!logger_) throw Error(ErrorKind::internal, "SseWriter needs a logger (it logs dropped clients)");
  for (int i = 0; i < options_.threads; ++i) threads_.push_back(std::make_unique<SseWriterThread>(*this));
}

SseWriter::~SseWriter() { stop(); }

std::shared_ptr<SseStream> SseWriter::adopt(Poco::Net::StreamSocket socket, std::string description) {
  auto state = std::make_unique<SseStream::State>();
  state->fd = static_cast<int>(socket.impl()->sockfd());
  state->socket = std::move(socket);
  state->description = std::move(description);
  state->buffer_limit = options_.buffer_bytes;
  state->last_frame = std::chrono::steady_clock::now();
  SseWriterThread& thread = *threads_[next_thread_.fetch_add(1) % threads_.size()];
  state->thread = &thread;
  try {
    state->socket.setBlocking(false);
    state->socket.setNoDelay(true); // no 40 ms Nagle/delayed-ACK stall on small frames
  } catch (const Poco::Exception&) {
    // A socket already reset by the client: the writer notices on its first write and closes it.
  }
  auto stream = std::make_shared<SseStream>(std::move(state));
  thread.adopt(stream);
  return stream;
}

void SseWriter::stop() {
  if (stopped_.exchange(true)) return;
  for (auto& thread : threads_) thread->stop();
}

std::size_t SseWriter::stream_count() const {
  std::size_t total = 0;
  for (const auto& thread : threads_) total += thread->stream_count();
  return total;
}

std::string sse_frame(std::int64_t id, std::string_view event, std::string_view data) {
  std::string frame;
  frame.reserve(24 + event.size() + data.size());
  frame += "id: ";
  frame += std::to_string(id);
  frame += "\nevent: ";
  frame += event;
  frame += "\ndata: ";
  frame += data;
  frame += "\n\n";
  return frame;
}

} // namespace agenthost::http
