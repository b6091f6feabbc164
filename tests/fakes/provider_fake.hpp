// A protocol-faithful fake of the three AI providers (Ollama, OpenAI, Anthropic) for tests.
//
// One ProviderFake is one Poco HTTPServer on 127.0.0.1 with an ephemeral port. It answers every
// provider's endpoints at once; which wire format a response uses follows from the request path:
//   Ollama     POST /api/chat (NDJSON), GET /api/tags, POST /api/pull (NDJSON progress),
//              POST /api/show (model details with the context length)
//   OpenAI     POST /v1/chat/completions (SSE `data: …\n\n`, `data: [DONE]`), GET /v1/models
//   Anthropic  POST /v1/messages (SSE `event: …\ndata: …\n\n`)
// Streams are sent with chunked transfer encoding and flushed per event, as the real servers do.
//
// Each chat request consumes the next queued Scenario (provider-specific queue first, then the
// shared queue, then the default scenario), so a test scripts exactly what the next responses are.
// Every request is recorded (method, path, headers, body) for assertions. The fake never logs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::fakes {

enum class Provider { ollama, openai, anthropic };

struct FakeToolCall {
  std::string id;             // OpenAI "call_…", Anthropic "toolu_…"; generated when empty; Ollama sends none
  std::string name;
  std::string arguments_json; // a JSON object as text, e.g. R"({"city":"Paris"})"
};

struct FakeUsage {
  int input_tokens = 0;  // OpenAI prompt_tokens, Anthropic input_tokens, Ollama prompt_eval_count
  int output_tokens = 0; // OpenAI completion_tokens, Anthropic output_tokens, Ollama eval_count
};

// What goes wrong, and where. "After N tokens" counts text tokens already flushed to the client.
enum class Fault {
  none,
  stall_after_headers,     // status + headers sent, then nothing until release_stalls() / destruction
  stall_between_tokens,    // after fault_after_tokens tokens: stall (pings keep flowing if ping_interval set)
                           // A released stall ends like close_mid_stream.
  close_mid_stream,        // after fault_after_tokens tokens: FIN without the chunked terminator; the client
                           //   reliably gets every byte sent before, then a truncated-body error
  reset_mid_stream,        // after fault_after_tokens tokens: TCP RST (SO_LINGER 0 + close). Linux drops data
                           //   the client had not read yet, so earlier tokens may or may not arrive
  malformed_chunk,         // after fault_after_tokens tokens: one event whose JSON is cut short, then end
  reset_after_release,     // after fault_after_tokens tokens: stall (pings flowing if ping_interval set) until
                           //   release_stalls(), then TCP RST. A test first waits until the client has
                           //   seen the tokens, so the reset cannot drop them (unlike reset_mid_stream)
  error_event_mid_stream,  // after fault_after_tokens tokens: the provider's in-stream error, then end:
                           //   Anthropic `event: error` {"type":"error","error":{"type":error_type,…}}
                           //   OpenAI    `data: {"error":{"message","type","param":null,"code"}}`
                           //   Ollama    `{"error":"…"}` line
};

struct Scenario {
  // --- a successful stream ---
  std::string text;                          // the assistant's text, split into `tokens` pieces
  int tokens = 1;                            // pieces (by bytes, never splitting a UTF-8 sequence)
  std::chrono::milliseconds token_delay{0};  // sleep before each text token
  std::vector<FakeToolCall> tool_calls;      // after the text; several allowed
  int argument_pieces = 2;                   // OpenAI/Anthropic: arguments split into this many deltas
  std::optional<FakeUsage> usage;            // OpenAI: sent only if the request asked include_usage
  std::string finish_reason;                 // empty: provider default (stop/tool_calls, end_turn/tool_use)
  std::string model;                         // empty: echo the request's "model"
  bool ping_after_start = true;              // Anthropic: a `ping` event after message_start, as the API does
  std::chrono::milliseconds ping_interval{0};// during a stall: Anthropic `ping` / OpenAI `: keep-alive` comment

  // --- an HTTP error instead of a stream (http_status >= 400) ---
  int http_status = 200;
  std::string error_message = "fake provider error";
  std::string error_type;                    // empty: derived from the status per provider
  std::vector<std::pair<std::string, std::string>> extra_headers; // e.g. Retry-After

  // --- faults ---
  Fault fault = Fault::none;
  int fault_after_tokens = 0;

  // Builders (each returns a Scenario ready to push; chainable modifiers below).
  static Scenario text_stream(std::string text, int tokens = 1,
                              std::chrono::milliseconds token_delay = std::chrono::milliseconds(0));
  static Scenario http_error(int status, std::string message = "fake provider error");
  static Scenario overloaded_529();                 // Anthropic's 529 overloaded_error body
  static Scenario overloaded_mid_stream(std::string text, int tokens, int after_tokens); // error event
  Scenario& with_tool_call(std::string name, std::string arguments_json, std::string id = "");
  Scenario& with_usage(int input_tokens, int output_tokens);
  Scenario& with_fault(Fault f, int after_tokens = 0);
  Scenario& with_retry_after_seconds(int seconds);                       // Retry-After: 7
  Scenario& with_retry_after_http_date(std::chrono::system_clock::time_point when); // RFC 7231 date
  Scenario& with_retry_after_ms(int milliseconds);                       // retry-after-ms: 1500
  Scenario& with_header(std::string name, std::string value);
};

// The default scenario served when nothing is queued: "Hello from the fake." in 4 tokens, one tool
// call get_weather {"city":"Paris"}, usage 12 in / 7 out.
Scenario default_scenario();

// Ollama /api/pull behaviour.
struct PullScript {
  int steps = 3;                       // progress lines between "pulling manifest" and "success"
  std::int64_t total = 1000;
  std::string digest = "sha256:0000fake";
  std::chrono::milliseconds step_delay{0};
  int http_status = 200;               // >= 400: {"error": error} with that status, no stream
  std::string error;                   // non-empty with 200: an NDJSON {"error":…} line after the steps
};

struct RecordedRequest {
  std::string method;
  std::string path;                                         // including any query string
  std::vector<std::pair<std::string, std::string>> headers; // names lower-cased, in arrival order
  std::string body;
  std::optional<std::string> header(const std::string& lower_case_name) const;
};

class ProviderFake {
public:
  explicit ProviderFake(std::uint16_t port = 0); // listening on 127.0.0.1:port (0: a free port) when constructed
  ~ProviderFake(); // releases stalls, aborts open connections, stops
  ProviderFake(const ProviderFake&) = delete;
  ProviderFake& operator=(const ProviderFake&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;        // "http://127.0.0.1:PORT" (Ollama host, Anthropic base_url)
  std::string openai_base_url() const; // "http://127.0.0.1:PORT/v1"

  void push(Scenario scenario);                    // next chat response of any provider
  void push(Provider provider, Scenario scenario); // next chat response of that provider (taken first)
  void set_default(Scenario scenario);             // served when the queues are empty
  void set_models(std::vector<std::string> names); // /api/tags and /v1/models (default: {"fake-model"})
  void set_context_length(int tokens);             // /api/show of a listed model (default 8192)
  void set_pull(PullScript script);

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  void clear_requests();
  // Blocks until at least `count` requests arrived (true) or the timeout passed (false).
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

  // Stalls: a test waits until a response reached its stall point (sync without sleeps), then
  // releases it; a released stall ends the response by closing the connection mid-body (FIN, no terminator).
  bool wait_until_stalled(std::chrono::milliseconds timeout) const;
  std::size_t stalled_now() const;
  void release_stalls();
  // Keep-alive frames (Anthropic `ping`, OpenAI `: keep-alive`) written during stalls so far.
  std::size_t pings_sent() const;

  struct State; // shared with the request handlers
private:
  std::shared_ptr<State> state_;
  struct Server;
  std::unique_ptr<Server> server_;
};

} // namespace agenthost::fakes
