// A ChatEventSink that writes every event down as one line of text, for the parser tests.
#pragma once

#include "chat_stream_parser.hpp"

#include <string>
#include <vector>

namespace ollama {

struct RecordingSink : ChatEventSink {
  std::vector<std::string> events;
  void text(std::string_view d) override { events.push_back("text:" + std::string(d)); }
  void reasoning(std::string_view d) override { events.push_back("reasoning:" + std::string(d)); }
  void tool_call(int index, std::string_view id, std::string_view name, std::string_view args) override {
    events.push_back("call:" + std::to_string(index) + ":" + std::string(id) + ":" + std::string(name) + ":" +
                     std::string(args));
  }
  void usage(int64_t in, int64_t out) override {
    events.push_back("usage:" + std::to_string(in) + "/" + std::to_string(out));
  }
  void finish(std::string_view reason) override { events.push_back("finish:" + std::string(reason)); }
};

} // namespace ollama
