// Shared pieces of the scripted backend's tests: a fake host with the built plugin loaded, a
// scratch directory for script files, and short ways to write chat requests to the "demo" model
// (the messages themselves come from the SDK's chat_helpers.hpp).
#pragma once

#include "agenthost/testing/chat_helpers.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built scripted plugin (.so)"
#endif
#ifndef SCRIPTED_EXAMPLES_DIR
#error "SCRIPTED_EXAMPLES_DIR must name the plugin's examples/ directory"
#endif

namespace scripted_test {

using agenthost::ChatRequest;
using agenthost::Message;
using agenthost::ToolCall;
using agenthost::testing::CallOptions;
using agenthost::testing::CallResult;
using agenthost::testing::Event;
using agenthost::testing::FakeHost;
using agenthost::testing::message;
using agenthost::testing::Settings;
using agenthost::testing::texts_of;
using agenthost::testing::tool_result;

inline Message assistant_calling(std::vector<ToolCall> calls) {
  Message m = message("assistant", "");
  m.tool_calls = std::move(calls);
  return m;
}

inline ChatRequest request(std::vector<Message> messages) {
  ChatRequest r;
  r.model = "demo";
  r.messages = std::move(messages);
  return r;
}

inline ChatRequest ask(std::string user_text) { return request({message("user", std::move(user_text))}); }

class ScriptedTest : public ::testing::Test {
protected:
  void SetUp() override {
    host_.load(PLUGIN_PATH);
    std::string pattern = (std::filesystem::temp_directory_path() / "scripted_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  // Writes `content` to a file in the scratch directory and returns its absolute path.
  std::string write_file(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  FakeHost::Instance create(const Settings& settings = {}, const std::string& base_dir = {}) {
    return host_.create("scripted", settings, base_dir);
  }

  // An instance playing `script_json`, streaming without delays.
  FakeHost::Instance create_scripted(const std::string& script_json) {
    return create({{"script", write_file("script.json", script_json)}, {"token_delay_ms", "0"}});
  }

  // The message of the failure creating an instance with this script ("" if it succeeded).
  std::string create_error(const std::string& script_json) {
    try {
      create_scripted(script_json);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  }

  FakeHost host_;
  std::string dir_;
};

} // namespace scripted_test
