// The web_fetch plugin as the host sees it, shared by its plugin tests: the built library loaded
// through FakeHost, whose HTTP service answers from a table of fake pages (so every hop the plugin
// makes is visible), whose pipeline stands in for html_to_text, and whose cache is in memory.
#pragma once

#include "agenthost/testing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built web_fetch plugin"
#endif

namespace web_fetch_test {

using agenthost::json::Value;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;
using agenthost::testing::FakeHttpResponse;
using ::testing::HasSubstr;

inline FakeHttpResponse page(std::string content_type, std::vector<std::string> chunks, int status = 200) {
  FakeHttpResponse r;
  r.status = status;
  if (!content_type.empty()) r.headers.emplace_back("Content-Type", std::move(content_type));
  r.chunks = std::move(chunks);
  return r;
}

inline FakeHttpResponse redirect(int status, std::string location) {
  FakeHttpResponse r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  r.chunks = {"<a href=\"elsewhere\">moved</a>"};
  return r;
}

inline FakeHttpResponse failure(ah_status status, std::string message) {
  FakeHttpResponse r;
  r.error = status;
  r.error_message = std::move(message);
  return r;
}

inline std::string fetch_arguments(const std::string& url, int max_tokens = 0) {
  Value arguments = Value::object({{"url", url}});
  if (max_tokens > 0) arguments.set("max_tokens", max_tokens);
  return agenthost::json::dump(arguments);
}

class WebFetchPlugin : public ::testing::Test {
protected:
  void SetUp() override {
    host.load(PLUGIN_PATH);
    host.http = [this](const agenthost::HttpRequest& request) {
      const auto it = site.find(request.url);
      if (it == site.end()) return page("text/plain", {"no such page"}, 404);
      return it->second;
    };
    // Stands in for html_to_text: drops the tags, reports the <title>.
    host.pipeline = [](std::string_view, std::string_view html) {
      std::string text;
      bool in_tag = false;
      for (const char c : html) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) text.push_back(c);
      }
      return text;
    };
    host.pipeline_findings = [](std::string_view, std::string_view html) {
      std::vector<std::pair<std::string, std::string>> findings;
      const std::size_t open = html.find("<title>"), close = html.find("</title>");
      if (open != std::string_view::npos && close != std::string_view::npos)
        findings.emplace_back("title", std::string(html.substr(open + 7, close - open - 7)));
      return findings;
    };
  }

  CallResult fetch(const std::string& url, const std::vector<std::pair<std::string, std::string>>& settings = {},
                   int max_tokens = 0) {
    auto tool = host.create("web_fetch", settings);
    return tool.invoke(fetch_arguments(url, max_tokens));
  }

  FakeHost host;
  std::map<std::string, FakeHttpResponse> site;
};

} // namespace web_fetch_test
