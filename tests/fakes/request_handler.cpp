// The fake's HTTP handler: records each request, routes it by path and plays the scenario.
#include "fake_state.hpp"
#include "wire_formats.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cctype>
#include <ostream>

namespace agenthost::fakes {
namespace {

using json::Value;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string reason_for(int status) {
  if (status == 529) return "Overloaded"; // Poco has no reason phrase for Anthropic's 529
  return Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

// Ends the exchange the rude way: RST instead of FIN, and no chunked terminator.
void reset_connection(HTTPServerRequest& request) {
  auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
  socket.setLinger(true, 0);
  socket.close();
}

// Ends the exchange mid-body: FIN without the chunked terminator. Closing the socket too makes
// Poco's later attempt to write the terminator fail inside Poco instead of reaching the wire.
void close_connection(HTTPServerRequest& request) {
  auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
  try {
    socket.shutdownSend();
  } catch (const std::exception&) { // already gone: nothing left to end
  }
  socket.close();
}

void send_json(HTTPServerResponse& response, int status, const std::string& body,
               const std::vector<std::pair<std::string, std::string>>& extra_headers = {}) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status), reason_for(status));
  response.setContentType("application/json");
  for (const auto& [name, value] : extra_headers) response.set(name, value);
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.sendBuffer(body.data(), body.size());
}

class FakeHandler final : public Poco::Net::HTTPRequestHandler {
public:
  explicit FakeHandler(std::shared_ptr<ProviderFake::State> state) : state_(std::move(state)) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().setNoDelay(true);
    RecordedRequest recorded;
    recorded.method = request.getMethod();
    recorded.path = request.getURI();
    for (const auto& [name, value] : request) recorded.headers.emplace_back(lower(name), value);
    Poco::StreamCopier::copyToString(request.stream(), recorded.body);
    const std::string body = recorded.body;
    const bool anthropic_headers = recorded.header("anthropic-version").has_value();
    state_->record(std::move(recorded));

    std::string path = request.getURI().substr(0, request.getURI().find('?'));
    const std::string& method = request.getMethod();
    if (method == "POST" && path == "/api/chat") return chat(Provider::ollama, body, request, response);
    if (method == "POST" && path == "/v1/chat/completions") return chat(Provider::openai, body, request, response);
    if (method == "POST" && path == "/v1/messages") return chat(Provider::anthropic, body, request, response);
    if (method == "GET" && path == "/api/tags") return ollama_tags(response);
    if (method == "GET" && path == "/v1/models") return anthropic_headers ? anthropic_models(response) : openai_models(response);
    if (method == "POST" && path == "/api/pull") return ollama_pull(body, request, response);
    if (method == "POST" && path == "/api/show") return ollama_show(body, response);
    send_json(response, 404, error_body(Provider::openai, 404, "", "the provider fake has no route " + method + " " + path));
  }

private:
  void chat(Provider provider, const std::string& body, HTTPServerRequest& request, HTTPServerResponse& response) {
    RequestFacts facts;
    Value parsed;
    try {
      parsed = json::parse(body);
    } catch (const std::exception& e) {
      return send_json(response, 400, error_body(provider, 400, "", std::string("request body is not JSON: ") + e.what()));
    }
    facts.model = parsed.get_or("model", "");
    const Value* stream = parsed.find("stream");
    const bool streaming = provider == Provider::ollama ? !(stream && stream->is_bool() && !stream->as_bool())
                                                        : (stream && stream->is_bool() && stream->as_bool());
    if (!streaming)
      return send_json(response, 400, error_body(provider, 400, "",
                                                 "the provider fake serves streams only: send \"stream\": true"));
    if (const Value* options = parsed.find("stream_options"); options && options->is_object())
      facts.include_usage = options->get_or("include_usage", false);

    auto [scenario, number] = state_->next_scenario(provider);
    facts.response_number = number;
    if (scenario.http_status >= 400)
      return send_json(response, scenario.http_status,
                       error_body(provider, scenario.http_status, scenario.error_type, scenario.error_message),
                       scenario.extra_headers);

    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType(content_type_for_stream(provider));
    response.set("Cache-Control", "no-cache");
    for (const auto& [name, value] : scenario.extra_headers) response.set(name, value);
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    out.flush();

    const auto write = [&](const std::string& bytes) {
      if (bytes.empty()) return;
      out << bytes;
      out.flush();
      if (!out) throw std::runtime_error("client went away");
    };
    // Holds the response until released (pinging meanwhile where the provider does), then ends
    // it mid-body: FIN, or RST when `reset` is asked for.
    const auto stall = [&](bool reset) {
      const std::string ping = keepalive_frame(provider);
      state_->stall(scenario.ping_interval, ping.empty() ? std::function<void()>() : [&] {
        write(ping);
        std::lock_guard lock(state_->mutex);
        ++state_->pings;
      });
      if (reset) return reset_connection(request);
      close_connection(request);
    };

    if (scenario.fault == Fault::stall_after_headers) return stall(false);

    int tokens_sent = 0;
    bool fault_pending = scenario.fault != Fault::none;
    for (const Frame& frame : stream_frames(provider, scenario, facts)) {
      if (fault_pending && frame.kind != FrameKind::preamble && tokens_sent >= scenario.fault_after_tokens) {
        switch (scenario.fault) {
        case Fault::stall_between_tokens: return stall(false);
        case Fault::reset_after_release: return stall(true);
        case Fault::reset_mid_stream: return reset_connection(request);
        case Fault::close_mid_stream: return close_connection(request);
        case Fault::malformed_chunk: return write(malformed_frame(provider));
        case Fault::error_event_mid_stream: {
          const std::string type =
              scenario.error_type.empty() ? error_type_for_status(provider, 500) : scenario.error_type;
          return write(mid_stream_error_frame(provider, type, scenario.error_message));
        }
        default: break;
        }
        fault_pending = false;
      }
      if (frame.kind == FrameKind::text_token) {
        if (!state_->pause(scenario.token_delay)) return close_connection(request);
        ++tokens_sent;
      }
      write(frame.bytes);
    }
  }

  void ollama_tags(HTTPServerResponse& response) {
    Value models = Value::array();
    for (const auto& name : models_now())
      models.push_back(Value::object(
          {{"name", name}, {"model", name}, {"modified_at", "2026-01-01T00:00:00Z"}, {"size", 1000},
           {"digest", "sha256:0000fake"},
           {"details", Value::object({{"parent_model", ""}, {"format", "gguf"}, {"family", "fake"},
                                      {"families", Value::array({"fake"})}, {"parameter_size", "1B"},
                                      {"quantization_level", "Q4_0"}})}}));
    send_json(response, 200, json::dump(Value::object({{"models", models}})));
  }

  // Ollama's model details, trimmed to what clients read: details, the Modelfile parameters,
  // the capabilities list and model_info with "<architecture>.context_length". A model the fake
  // does not list answers 404 {"error": "model 'x' not found"}, as Ollama does.
  void ollama_show(const std::string& body, HTTPServerResponse& response) {
    std::string model;
    try {
      const Value parsed = json::parse(body);
      model = parsed.get_or("model", parsed.get_or("name", std::string()));
    } catch (const std::exception&) {
      return send_json(response, 400, error_body(Provider::ollama, 400, "", "request body is not JSON"));
    }
    const auto names = models_now();
    if (std::find(names.begin(), names.end(), model) == names.end())
      return send_json(response, 404, error_body(Provider::ollama, 404, "", "model '" + model + "' not found"));
    int context_length = 0;
    {
      std::lock_guard lock(state_->mutex);
      context_length = state_->context_length;
    }
    send_json(response, 200, json::dump(Value::object(
                                 {{"modelfile", "FROM " + model + "\n"},
                                  {"parameters", ""},
                                  {"template", "{{ .Prompt }}"},
                                  {"details", Value::object({{"parent_model", ""}, {"format", "gguf"}, {"family", "fake"},
                                                             {"families", Value::array({"fake"})},
                                                             {"parameter_size", "1B"}, {"quantization_level", "Q4_0"}})},
                                  {"model_info", Value::object({{"general.architecture", "fake"},
                                                                {"fake.context_length", context_length}})},
                                  {"capabilities", Value::array({"completion", "tools"})},
                                  {"modified_at", "2026-01-01T00:00:00Z"}})));
  }

  void openai_models(HTTPServerResponse& response) {
    Value data = Value::array();
    for (const auto& name : models_now())
      data.push_back(Value::object({{"id", name}, {"object", "model"}, {"created", 1700000000}, {"owned_by", "fake"}}));
    send_json(response, 200, json::dump(Value::object({{"object", "list"}, {"data", data}})));
  }

  void anthropic_models(HTTPServerResponse& response) {
    Value data = Value::array();
    const auto names = models_now();
    for (const auto& name : names)
      data.push_back(Value::object({{"type", "model"}, {"id", name}, {"display_name", name},
                                    {"created_at", "2026-01-01T00:00:00Z"}}));
    send_json(response, 200, json::dump(Value::object(
                                 {{"data", data}, {"has_more", false},
                                  {"first_id", names.empty() ? Value() : Value(names.front())},
                                  {"last_id", names.empty() ? Value() : Value(names.back())}})));
  }

  void ollama_pull(const std::string& body, HTTPServerRequest& request, HTTPServerResponse& response) {
    PullScript pull;
    {
      std::lock_guard lock(state_->mutex);
      pull = state_->pull;
    }
    if (pull.http_status >= 400)
      return send_json(response, pull.http_status, error_body(Provider::ollama, pull.http_status, "", pull.error));
    bool streaming = true;
    try {
      const Value parsed = json::parse(body);
      if (const Value* s = parsed.find("stream"); s && s->is_bool()) streaming = s->as_bool();
    } catch (const std::exception&) {
      return send_json(response, 400, error_body(Provider::ollama, 400, "", "request body is not JSON"));
    }
    if (!streaming) return send_json(response, 200, json::dump(Value::object({{"status", "success"}})));

    response.setContentType("application/x-ndjson");
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    const auto line = [&](const Value& v) {
      out << json::dump(v) << '\n';
      out.flush();
    };
    line(Value::object({{"status", "pulling manifest"}}));
    const std::string short_digest = pull.digest.substr(pull.digest.find(':') + 1, 12);
    for (int i = 1; i <= pull.steps; ++i) {
      if (!state_->pause(pull.step_delay)) return close_connection(request);
      line(Value::object({{"status", "pulling " + short_digest}, {"digest", pull.digest}, {"total", pull.total},
                          {"completed", pull.total * i / std::max(1, pull.steps)}}));
    }
    if (!pull.error.empty()) return line(Value::object({{"error", pull.error}}));
    line(Value::object({{"status", "verifying sha256 digest"}}));
    line(Value::object({{"status", "writing manifest"}}));
    line(Value::object({{"status", "success"}}));
  }

  std::vector<std::string> models_now() const {
    std::lock_guard lock(state_->mutex);
    return state_->models;
  }

  std::shared_ptr<ProviderFake::State> state_;
};

class FakeHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit FakeHandlerFactory(std::shared_ptr<ProviderFake::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new FakeHandler(state_);
  }

private:
  std::shared_ptr<ProviderFake::State> state_;
};

} // namespace

Poco::Net::HTTPRequestHandlerFactory::Ptr make_handler_factory(std::shared_ptr<ProviderFake::State> state) {
  return new FakeHandlerFactory(std::move(state));
}

} // namespace agenthost::fakes
