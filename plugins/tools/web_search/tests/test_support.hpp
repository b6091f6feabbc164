// What the web_search plugin tests share: the built plugin in a FakeHost, a programmable provider
// answer, the recorded provider answers in tests/data, and result checks.
#pragma once

#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built web_search plugin"
#endif
#ifndef DATA_DIR
#error "DATA_DIR must name tests/data"
#endif

namespace web_search_test {

using agenthost::json::Value;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;
using agenthost::testing::FakeHttpResponse;
using Settings = std::vector<std::pair<std::string, std::string>>;

// A recorded provider answer from tests/data, byte for byte.
inline std::string data_file(const std::string& name) {
  std::ifstream in(std::string(DATA_DIR) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data file " + name);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline FakeHttpResponse answer(int status, std::string body,
                               std::vector<std::pair<std::string, std::string>> headers = {}) {
  FakeHttpResponse response;
  response.status = status;
  response.headers = std::move(headers);
  // Two chunks, as a real body often arrives: the plugin must not rely on one.
  const std::size_t half = body.size() / 2;
  response.chunks = {body.substr(0, half), body.substr(half)};
  return response;
}

inline FakeHttpResponse json_answer(int status, std::string body) {
  return answer(status, std::move(body), {{"Content-Type", "application/json"}});
}

inline FakeHttpResponse transport_error(ah_status status, std::string message) {
  FakeHttpResponse response;
  response.error = status;
  response.error_message = std::move(message);
  return response;
}

inline const Settings kSearxng = {{"provider", "searxng"}, {"base_url", "http://127.0.0.1:8888"}};
inline const Settings kBrave = {{"provider", "brave"}, {"api_key", "BSA-test-key-0123456789"}};

class WebSearchPlugin : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }

  // One search on a fresh instance with `settings`, the provider answering `response`.
  CallResult search(const Settings& settings, const std::string& arguments, FakeHttpResponse response) {
    host.http = [response](const agenthost::HttpRequest&) { return response; };
    auto tool = host.create("web_search", settings);
    return tool.invoke(arguments);
  }

  FakeHost host;
};

// A failed call: the status, every expected part of the message, and no result besides.
inline void expect_error(const CallResult& r, ah_status status, const std::vector<std::string>& parts) {
  EXPECT_EQ(r.status, status) << r.error;
  EXPECT_EQ(r.error_status, status);
  for (const std::string& part : parts)
    EXPECT_NE(r.error.find(part), std::string::npos) << "message \"" << r.error << "\" lacks \"" << part << "\"";
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty()) << "a failed call must not also emit a result";
}

inline Value hit(const std::string& title, const std::string& url, const std::string& snippet) {
  return Value::object({{"title", title}, {"url", url}, {"snippet", snippet}});
}

} // namespace web_search_test
