// A test plugin that uses the host cache the way web_fetch and web_search do, for the host cache
// tests (host services, turns):
//   tool `cache_probe`: {"op": "get", "key"} -> the value or "<miss>"; {"op": "put", "key",
//     "value", "ttl"?} -> "stored"; {"op": "fetch", "key"} -> "hit:VALUE" or, on a miss, stores
//     "value-of-KEY" and returns "miss"; {"op": "nested", "backend"} -> what that backend says.
//   backend `cache_backend`: each chat does a "fetch" of key "backend" and streams its answer.
#include "agenthost/sdk.hpp"

using agenthost::Call;
using agenthost::Context;
using agenthost::ToolOutput;
namespace json = agenthost::json;

namespace {

std::string fetch(const agenthost::HostServices& host, const std::string& key) {
  if (const std::optional<std::string> cached = host.cache_get(key)) return "hit:" + *cached;
  host.cache_put(key, "value-of-" + key);
  return "miss";
}

} // namespace

struct CacheProbe : agenthost::Tool {
  static constexpr const char* type_name = "cache_probe";
  static constexpr const char* description = "Reads and writes the host cache (for the cache tests)";
  static constexpr bool thread_safe = true;

  explicit CacheProbe(const Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override {
    return R"({"type":"object","properties":{"op":{"type":"string"},"key":{"type":"string"},)"
           R"("value":{"type":"string"},"ttl":{"type":"integer"},"backend":{"type":"string"}},"required":["op"]})";
  }
  ToolOutput invoke(Call& call, const json::Value& args) override {
    const std::string op = args.get_or("op", "");
    const std::string key = args.get_or("key", "");
    if (op == "get") return host_.cache_get(key).value_or("<miss>");
    if (op == "put") {
      host_.cache_put(key, args.get_or("value", ""), args.get_or<int64_t>("ttl", 0));
      return std::string("stored");
    }
    if (op == "fetch") return fetch(host_, key);
    if (op == "nested") {
      const json::Value request = json::Value::object(
          {{"model", "m"},
           {"messages", json::Value::array({json::Value::object({{"role", "user"}, {"content", "x"}})})}});
      return host_.complete_with_backend(call, args.get_or("backend", ""), request);
    }
    throw agenthost::CallError::invalid_argument("unknown op '" + op + "'");
  }

private:
  agenthost::HostServices host_;
};

struct CacheBackend : agenthost::Backend {
  static constexpr const char* type_name = "cache_backend";
  static constexpr const char* description = "Answers with what a cache lookup found";
  static constexpr bool thread_safe = true;

  explicit CacheBackend(const Context& ctx) : host_(ctx.host) {}
  void chat(Call& call, const agenthost::ChatRequest&) override {
    call.text(fetch(host_, "backend"));
    call.finish("stop");
  }

private:
  agenthost::HostServices host_;
};

AGENTHOST_PLUGIN("cache_probe", "1.0.0", "Uses the host cache, for the cache tests", CacheProbe, CacheBackend)
