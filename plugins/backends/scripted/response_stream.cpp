#include "response_stream.hpp"

#include "text_pieces.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

namespace scripted {

namespace {

// How often a wait looks for cancellation. Small enough that a cancel is noticed within a few
// milliseconds, large enough that a thousand waiting streams cost nothing measurable.
constexpr std::chrono::milliseconds kCancelPollInterval{5};

// Tool-call arguments stream in fragments of about this many bytes, like a provider's deltas.
constexpr std::size_t kArgumentFragmentBytes = 8;

} // namespace

void ResponseStream::play(const std::vector<Step>& steps) {
  for (const Step& step : steps)
    if (!run(step)) return;
  end(tool_calls_ > 0 ? "tool_calls" : "stop");
}

void ResponseStream::reply(std::string_view text) {
  Step step;
  step.kind = StepKind::text;
  step.text = std::string(text);
  play({step});
}

bool ResponseStream::run(const Step& step) {
  const int64_t delay = step.delay_ms.value_or(options_.token_delay_ms);
  switch (step.kind) {
  case StepKind::text: return stream_text(AH_EVENT_TEXT_DELTA, step.text, delay);
  case StepKind::reasoning: return stream_text(AH_EVENT_REASONING_DELTA, step.text, delay);
  case StepKind::tool_call: return stream_tool_call(step, delay);
  case StepKind::usage:
    call_.usage(step.input_tokens.value_or(options_.input_tokens), step.output_tokens.value_or(output_tokens_));
    usage_reported_ = true;
    return true;
  case StepKind::error: throw agenthost::CallError(step.status, step.text);
  case StepKind::finish: end(step.text); return false;
  case StepKind::pause: wait(delay); return true;
  }
  return true;
}

bool ResponseStream::stream_text(ah_event_type type, std::string_view text, int64_t delay_ms) {
  const auto pieces = options_.chunking == Chunking::word ? split_words(text) : split_characters(text);
  for (std::string_view piece : pieces) {
    if (!next_delta(delay_ms)) {
      end("length");
      return false;
    }
    ah_event event{};
    event.struct_size = sizeof(event);
    event.type = type;
    event.text = agenthost::to_ah(piece);
    call_.emit(event);
  }
  return true;
}

bool ResponseStream::stream_tool_call(const Step& step, int64_t delay_ms) {
  const int index = tool_calls_;
  const std::string id =
      step.tool_id.empty() ? "call_" + std::to_string(options_.first_call_number + index) : step.tool_id;
  auto fragments = split_fragments(step.arguments, kArgumentFragmentBytes);
  if (fragments.empty()) fragments.push_back({}); // the id and name still need their delta
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    if (!next_delta(delay_ms)) {
      end("length"); // a call cut off mid-arguments is never completed, as with a real provider
      return false;
    }
    // Like OpenAI's stream: the first delta of a call carries its id and name.
    call_.tool_call_delta(index, i == 0 ? std::string_view(id) : std::string_view(),
                          i == 0 ? std::string_view(step.tool_name) : std::string_view(), fragments[i]);
  }
  call_.tool_call(index, id, step.tool_name, step.arguments);
  ++tool_calls_;
  return true;
}

bool ResponseStream::next_delta(int64_t delay_ms) {
  if (options_.max_output_tokens && output_tokens_ >= *options_.max_output_tokens) return false;
  if (output_tokens_ > 0) wait(delay_ms);
  else call_.check_cancelled();
  ++output_tokens_;
  return true;
}

void ResponseStream::wait(int64_t delay_ms) const {
  using clock = std::chrono::steady_clock;
  const clock::time_point deadline = clock::now() + std::chrono::milliseconds(delay_ms);
  for (;;) {
    call_.check_cancelled();
    const clock::time_point now = clock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(std::min<clock::duration>(deadline - now, kCancelPollInterval));
  }
}

void ResponseStream::end(std::string_view reason) {
  if (!usage_reported_) call_.usage(options_.input_tokens, output_tokens_);
  usage_reported_ = true;
  call_.finish(reason);
}

} // namespace scripted
