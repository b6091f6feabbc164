// agenthost SDK testing: what a cleaning step's tests keep writing — the built step loaded
// through FakeHost, text run through clean() with fixed document metadata, the findings the
// step reported, test data read from disk, and the descriptor checks every cleaning step meets.
//
//   class HtmlToText : public agenthost::testing::CleaningStepTest {
//   protected:
//     HtmlToText() : CleaningStepTest(PLUGIN_PATH, "html_to_text", DATA_DIR, R"({"content_type":"text/html"})") {}
//   };
//   TEST_F(HtmlToText, Renders) { EXPECT_EQ(clean("<p>hi</p>"), "hi"); }
#pragma once

#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::testing {

// INI-style instance settings, as FakeHost::create takes them.
using Settings = std::vector<std::pair<std::string, std::string>>;

// The bytes of the file at `path`; a missing file fails the test (and reads as "").
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing test data " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The value of the METADATA event named `key`; "(none)" when the step reported none, so a
// missing finding reads clearly in a failed EXPECT_EQ.
inline std::string metadata_of(const CallResult& r, std::string_view key) {
  for (const Event& e : r.of(AH_EVENT_METADATA))
    if (e.name == key) return e.text;
  return "(none)";
}

// What the host requires of a cleaning step that may run on several documents at once: the
// cleaning kind, the thread-safe flag, and a settings schema the host's checker accepts.
inline void expect_thread_safe_cleaning_step(const FakeHost& host, std::string_view type_name) {
  const ah_component& c = host.component(type_name);
  EXPECT_EQ(c.kind, AH_KIND_CLEANING) << type_name;
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u) << type_name << " must be thread-safe";
  EXPECT_TRUE(settings::check_schema(json::parse(c.settings_schema)).empty()) << type_name;
}

// A fixture for one cleaning step: loads the built plugin, creates a fresh instance per run
// (with the settings given) and cleans text with the document metadata given at construction.
class CleaningStepTest : public ::testing::Test {
protected:
  CleaningStepTest(std::string plugin_path, std::string type_name, std::string data_dir,
                   std::string metadata_json = "{}")
      : plugin_path_(std::move(plugin_path)), type_name_(std::move(type_name)), data_dir_(std::move(data_dir)),
        metadata_json_(std::move(metadata_json)) {}

  void SetUp() override { host.load(plugin_path_); }

  // The call as it went, failed or not.
  CallResult run(const std::string& text, const Settings& settings = {}) {
    auto step = host.create(type_name_, settings);
    return step.clean(text, metadata_json_);
  }
  // The call, which must succeed.
  CallResult run_ok(const std::string& text, const Settings& settings = {}) {
    const CallResult r = run(text, settings);
    EXPECT_TRUE(r.ok()) << type_name_ << " failed: " << r.error;
    return r;
  }
  // The cleaned text of a call that must succeed.
  std::string clean(const std::string& text, const Settings& settings = {}) { return run_ok(text, settings).result(); }

  // A file from the step's test data directory.
  std::string read_data(const std::string& name) const { return read_file(data_dir_ + "/" + name); }

  void expect_thread_safe_cleaning_step() const { testing::expect_thread_safe_cleaning_step(host, type_name_); }

  FakeHost host;

private:
  std::string plugin_path_, type_name_, data_dir_, metadata_json_;
};

} // namespace agenthost::testing
