// A test tool plugin that does outbound HTTP the way a real one would (web_fetch, later): it
// GETs {"url": ..., "max_redirects": N} through the host's http_request service and returns
// "STATUS BODY". Failures, egress refusals included, come back as the tool's error.
#include "agenthost/sdk.hpp"

using agenthost::Call;
using agenthost::Context;
using agenthost::ToolOutput;
namespace json = agenthost::json;

struct FetchUrl : agenthost::Tool {
  static constexpr const char* type_name = "fetch_url";
  static constexpr const char* description = "GETs a URL through the host (for the egress tests)";
  static constexpr bool thread_safe = true;

  explicit FetchUrl(const Context& ctx) : host_(ctx.host) {}
  std::string parameters_schema() const override {
    return R"({"type":"object","properties":{"url":{"type":"string"},"max_redirects":{"type":"integer"}},)"
           R"("required":["url"]})";
  }
  ToolOutput invoke(Call& call, const json::Value& args) override {
    agenthost::HttpRequest request;
    request.url = args.get_or("url", "");
    request.max_redirects = args.get_or<int>("max_redirects", 0);
    request.connect_timeout_ms = 5000;
    request.total_timeout_ms = 20000;
    const agenthost::HttpResponse response = host_.http(call, request);
    return std::to_string(response.status) + " " + response.body;
  }

private:
  agenthost::HostServices host_;
};

AGENTHOST_PLUGIN("egress_fetch", "1.0.0", "GETs URLs through the host, for the egress tests", FetchUrl)
