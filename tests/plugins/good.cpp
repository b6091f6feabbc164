// The well-formed test plugin "good", written with the SDK like any real plugin. Its components
// echo their input so tests can see exactly what crossed the ABI:
//   tool "echo"            settings prefix/repeat/fail_on_create/data_dir; returns its settings
//                          or the text it was given
//   tool "services"        calls one host service per invoke ({"op": ...}) and returns the answer
//   backend "echo_backend" streams the last user message back word by word
//   tool "probe"           records how many calls are inside it at once (not thread-safe)
//   tool "probe_parallel"  the same, declared thread-safe
//   strategy "passthrough" returns the messages unchanged
//   cleaning "upper"       upper-cases the text
#include "agenthost/sdk.hpp"

#include <atomic>
#include <cctype>
#include <chrono>
#include <sstream>
#include <thread>

using agenthost::Call;
using agenthost::CallError;
using agenthost::Context;
using agenthost::ToolOutput;
namespace json = agenthost::json;

struct Echo : agenthost::Tool {
  static constexpr const char* type_name = "echo";
  static constexpr const char* description = "Repeats its input";
  static constexpr const char* settings_schema = R"({"type":"object","properties":{
    "prefix": {"type":"string","default":"","description":"put before every answer"},
    "repeat": {"type":"integer","default":1,"minimum":1,"maximum":5},
    "fail_on_create": {"type":"boolean","default":false},
    "data_dir": {"type":"string","format":"path","default":"data"}}})";

  explicit Echo(const Context& ctx) : settings_(ctx.settings) {
    if (settings_["fail_on_create"].as_bool())
      throw CallError::invalid_argument("fail_on_create is set, so creation fails");
  }
  std::string parameters_schema() const override {
    return R"({"type":"object","properties":{"text":{"type":"string"}}})";
  }
  ToolOutput invoke(Call&, const json::Value& args) override {
    if (args["fail"].is_string()) throw CallError::invalid_argument(args["fail"].as_string());
    if (args["show_settings"].is_bool()) return json::dump(settings_);
    std::string out = settings_["prefix"].as_string();
    for (int64_t i = 0; i < settings_["repeat"].as_int(); ++i) out += args.get_or("text", "");
    return out;
  }

private:
  json::Value settings_;
};

struct Services : agenthost::Tool {
  static constexpr const char* type_name = "services";
  static constexpr bool thread_safe = true;

  explicit Services(const Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  ToolOutput invoke(Call& call, const json::Value& a) override {
    const std::string op = a.get_or("op", "");
    if (op == "cache_put") {
      host_.cache_put(a.get_or("key", ""), a.get_or("value", ""), a.get_or<int64_t>("ttl", 0));
      return "stored";
    }
    if (op == "cache_get") return host_.cache_get(a.get_or("key", "")).value_or("<miss>");
    if (op == "tokens") return std::to_string(host_.estimate_tokens(a.get_or("text", "")));
    if (op == "log") {
      host_.log(static_cast<ah_log_level>(a.get_or<int>("level", AH_LOG_INFO)), a.get_or("message", ""));
      return "logged";
    }
    if (op == "metric") {
      host_.metric(static_cast<ah_metric_kind>(a.get_or<int>("kind", AH_METRIC_COUNTER)), a.get_or("name", ""),
                   a.get_or("value", 1.0));
      return "recorded";
    }
    if (op == "complete") {
      json::Value request = json::Value::object(
          {{"model", "m"},
           {"messages",
            json::Value::array({json::Value::object({{"role", "user"}, {"content", a.get_or("text", "")}})})}});
      // A request no backend can parse, to see how the host reports the backend's failure.
      if (a["bad_request"].is_bool()) request = json::Value::object({{"messages", json::Value::array({1})}});
      int events = 0;
      const int stop_after = a.get_or<int>("stop_after", -1);
      try {
        std::string text = host_.complete_with_backend(call, a.get_or("backend", ""), request, [&](const ah_event&) {
          if (++events == stop_after) throw CallError::cancelled();
        });
        return "text=" + text;
      } catch (const CallError& e) {
        return "error " + std::to_string(e.status()) + ": " + e.what();
      }
    }
    if (op == "http") {
      try {
        // Port 1 on loopback: nothing listens, so the host's refusal comes back without a network.
        host_.http(call, agenthost::HttpRequest{"GET", "http://127.0.0.1:1/", {}, {}, 0, 0, 0, 0, 0});
        return "unexpected success";
      } catch (const CallError& e) {
        return "error " + std::to_string(e.status()) + ": " + e.what();
      }
    }
    if (op == "wait_for_cancel") {
      for (int i = 0; i < 500 && !call.cancelled(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      // A cancelled call cannot deliver a result any more; the log shows what the plugin saw.
      host_.info(call.cancelled() ? "saw the cancellation" : "was never cancelled");
      call.check_cancelled();
      return "not cancelled";
    }
    throw CallError::invalid_argument("unknown op '" + op + "'");
  }

private:
  agenthost::HostServices host_;
};

struct EchoBackend : agenthost::Backend {
  static constexpr const char* type_name = "echo_backend";
  static constexpr const char* description = "Streams the last user message back";
  static constexpr uint32_t capabilities = AH_BACKEND_LIST_MODELS;
  static constexpr const char* settings_schema =
      R"({"type":"object","properties":{"greeting":{"type":"string","default":""}}})";

  explicit EchoBackend(const Context& ctx) : greeting_(ctx.settings["greeting"].as_string()) {}
  void chat(Call& call, const agenthost::ChatRequest& request) override {
    const std::string content = request.messages.empty() ? "" : request.messages.back().content;
    if (!greeting_.empty()) call.text(greeting_);
    if (content == "forever") {
      for (int i = 0; i < 100000; ++i) call.text("more "); // stops when the consumer goes away
    }
    std::istringstream words(content);
    std::string word;
    bool first = true;
    while (words >> word) {
      call.text((first ? "" : " ") + word);
      first = false;
    }
    call.usage(static_cast<int64_t>(content.size()), static_cast<int64_t>(content.size()));
    call.finish("stop");
  }
  json::Value list_models(Call&) override { return json::Value::array({json::Value::object({{"name", "echo-1"}})}); }

private:
  std::string greeting_;
};

// Records the largest number of calls inside one instance at a time. Each call lingers until a
// second call arrives (or 300 ms pass), so any overlap the host allows is observed.
template <bool ThreadSafe> struct Probe : agenthost::Tool {
  static constexpr const char* type_name = ThreadSafe ? "probe_parallel" : "probe";
  static constexpr bool thread_safe = ThreadSafe;

  std::string parameters_schema() const override { return R"({"type":"object"})"; }
  ToolOutput invoke(Call&, const json::Value& args) override {
    if (args["report"].is_bool()) return std::to_string(most_.load());
    const int now = ++inside_;
    for (int seen = most_.load(); now > seen && !most_.compare_exchange_weak(seen, now);) {
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    while (inside_.load() < 2 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    --inside_;
    return "done";
  }

private:
  std::atomic<int> inside_{0};
  std::atomic<int> most_{0};
};

struct Passthrough : agenthost::Strategy {
  static constexpr const char* type_name = "passthrough";
  json::Value apply(Call&, const json::Value& request) override {
    return json::Value::object(
        {{"messages", request["messages"]}, {"report", json::Value::object({{"kept", request["messages"].size()}})}});
  }
};

struct Upper : agenthost::CleaningStep {
  static constexpr const char* type_name = "upper";
  std::string clean(Call& call, std::string_view text, const json::Value&) override {
    std::string out(text);
    int changed = 0;
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A'), ++changed;
    }
    call.metadata("changed", std::to_string(changed));
    return out;
  }
};

AGENTHOST_PLUGIN("good", "1.2.3", "Echoes everything, for the host's tests", Echo, Services, EchoBackend, Probe<false>,
                 Probe<true>, Passthrough, Upper)
