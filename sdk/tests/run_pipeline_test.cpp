// HostServices::run_pipeline (sdk_types.hpp) against a hand-built host: the cleaned text and the
// findings come back, the host's failure becomes a CallError with its status and words, an
// exception inside a callback never unwinds through the host's frame, and a host without the
// service is reported as too old.
#include "agenthost/sdk_types.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace {

using agenthost::CallError;
using agenthost::HostServices;
using agenthost::to_ah;

enum class Behaviour { clean, fail, huge_finding };
Behaviour g_behaviour = Behaviour::clean;
bool g_host_frame_resumed = false;
std::string g_seen_pipeline, g_seen_metadata;

ah_status deliver(const ah_event_handler* h, ah_event_type type, ah_str name, ah_str text) {
  ah_event e{};
  e.struct_size = sizeof e;
  e.type = type;
  e.name = name;
  e.text = text;
  return h->on_event(h->user, &e);
}

ah_status run_pipeline(ah_instance*, ah_call*, ah_str pipeline, ah_str text, ah_str metadata,
                       const ah_event_handler* h) {
  g_seen_pipeline = std::string(agenthost::to_sv(pipeline));
  g_seen_metadata = std::string(agenthost::to_sv(metadata));
  ah_status status = AH_OK;
  switch (g_behaviour) {
  case Behaviour::clean:
    deliver(h, AH_EVENT_METADATA, to_ah("title"), to_ah("First"));
    deliver(h, AH_EVENT_METADATA, to_ah("title"), to_ah("Home"));
    deliver(h, AH_EVENT_METADATA, to_ah("redactions"), to_ah("2"));
    status = deliver(h, AH_EVENT_RESULT, to_ah(""), to_ah("cleaned: " + std::string(agenthost::to_sv(text))));
    break;
  case Behaviour::fail:
    h->on_error(h->user, AH_ERR_NOT_FOUND, to_ah("run_pipeline: unknown pipeline 'nope'"));
    status = AH_ERR_NOT_FOUND;
    break;
  case Behaviour::huge_finding: // a length no std::string can hold: the plugin side throws
    status = deliver(h, AH_EVENT_METADATA, to_ah("title"), ah_str{"x", std::numeric_limits<std::size_t>::max() / 2});
    break;
  }
  g_host_frame_resumed = true;
  return status;
}

ah_host_api make_host(bool with_pipeline) {
  ah_host_api api{};
  api.struct_size = sizeof api;
  api.abi_major = AGENTHOST_ABI_MAJOR;
  api.abi_minor = AGENTHOST_ABI_MINOR;
  if (with_pipeline) api.run_pipeline = &run_pipeline;
  return api;
}

TEST(RunPipeline, ReturnsTheTextAndEveryFinding) {
  g_behaviour = Behaviour::clean;
  ah_host_api api = make_host(true);
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
  const agenthost::PipelineOutput out =
      services.run_pipeline(call, "web", "<p>hi</p>", R"({"content_type":"text/html"})");
  EXPECT_EQ(out.text, "cleaned: <p>hi</p>");
  ASSERT_EQ(out.metadata.size(), 3u);
  EXPECT_EQ(out.metadata_value("title"), "Home"); // the last value reported wins
  EXPECT_EQ(out.metadata_value("redactions"), "2");
  EXPECT_EQ(out.metadata_value("absent"), "");
  EXPECT_EQ(g_seen_pipeline, "web");
  EXPECT_EQ(g_seen_metadata, R"({"content_type":"text/html"})");
}

TEST(RunPipeline, ThrowsTheHostsStatusAndReason) {
  g_behaviour = Behaviour::fail;
  ah_host_api api = make_host(true);
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
  try {
    services.run_pipeline(call, "nope", "text");
    FAIL() << "expected a CallError";
  } catch (const CallError& e) {
    EXPECT_EQ(e.status(), AH_ERR_NOT_FOUND);
    EXPECT_EQ(std::string(e.what()), "run_pipeline: unknown pipeline 'nope'");
  }
}

TEST(RunPipeline, RethrowsACallbackExceptionOnlyAfterTheHostReturned) {
  g_behaviour = Behaviour::huge_finding;
  g_host_frame_resumed = false;
  ah_host_api api = make_host(true);
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
  EXPECT_THROW(services.run_pipeline(call, "", "text"), std::length_error);
  EXPECT_TRUE(g_host_frame_resumed) << "the exception unwound through the host's frame";
}

TEST(RunPipeline, ReportsAHostWithoutTheService) {
  ah_host_api api = make_host(false);
  HostServices services{&api, nullptr};
  agenthost::Call call{&api, nullptr};
  try {
    services.run_pipeline(call, "", "text");
    FAIL() << "expected a CallError";
  } catch (const CallError& e) {
    EXPECT_EQ(e.status(), AH_ERR_UNSUPPORTED);
    EXPECT_NE(std::string(e.what()).find("run_pipeline (host too old)"), std::string::npos);
  }
}

} // namespace
