// The ollama backend's model management and description: GET /api/tags, POST /api/pull with
// streamed progress, capabilities, and settings checks.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace ollama_test {
namespace {

using ::testing::HasSubstr;

TEST_F(OllamaTest, DeclaresOneThreadSafeBackendWithToolsParallelCallsListAndPull) {
  ASSERT_EQ(host_.descriptor().component_count, 1u);
  const ah_component& c = host_.component("ollama");
  EXPECT_EQ(c.kind, AH_KIND_BACKEND);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  const auto* api = static_cast<const ah_backend_api*>(c.api);
  EXPECT_NE(api->capabilities & AH_BACKEND_TOOLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_PARALLEL_TOOL_CALLS, 0u);
  EXPECT_EQ(api->capabilities & AH_BACKEND_STREAMING_TOOL_CALLS, 0u); // calls arrive whole
  EXPECT_NE(api->capabilities & AH_BACKEND_LIST_MODELS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_PULL_MODELS, 0u);
}

TEST_F(OllamaTest, DescribeReportsCapabilitiesAndTheContextWindowOnlyWhenConfigured) {
  const CallResult plain = create().describe();
  ASSERT_TRUE(plain.ok()) << plain.error;
  const json::Value d = plain.result_json();
  EXPECT_EQ(d["capabilities"]["tools"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["parallel_tool_calls"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["pull_models"], json::Value(true));
  EXPECT_FALSE(d.contains("context_window"));

  const CallResult sized = create({{"context_window", "32768"}}).describe();
  ASSERT_TRUE(sized.ok()) << sized.error;
  EXPECT_EQ(sized.result_json()["context_window"], json::Value(32768));
}

TEST_F(OllamaTest, RefusesABaseUrlThatIsNotHttp) {
  try {
    create({{"base_url", "localhost:11434"}});
    FAIL() << "a base_url without scheme was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("base_url: must start with http:// or https://"));
  }
}

TEST_F(OllamaTest, ListsModelsFromApiTags) {
  FakeHttpResponse tags;
  tags.chunks = {R"({"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-01-01T00:00:00Z",)"
                 R"("size":2019393189,"digest":"a80c4f17","details":{"family":"llama","parameter_size":"3.2B"}},)",
                 R"({"name":"qwen3:8b","model":"qwen3:8b","size":5,"digest":"d"}]})"};
  answer(tags);
  auto backend = create({{"base_url", "http://ollama.local:11434"}, {"api_key", "k"}});
  const CallResult out = backend.list_models();
  ASSERT_TRUE(out.ok()) << out.error;
  EXPECT_EQ(last_request().method, "GET");
  EXPECT_EQ(last_request().url, "http://ollama.local:11434/api/tags");
  EXPECT_THAT(last_request().headers, ::testing::Contains(std::pair<std::string, std::string>("Authorization", "Bearer k")));
  const json::Value models = out.result_json();
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0]["name"], json::Value("llama3.2:latest"));
  EXPECT_EQ(models[0]["size"], json::Value(int64_t{2019393189}));
  EXPECT_EQ(models[0]["details"]["family"], json::Value("llama"));
  EXPECT_EQ(models[1]["name"], json::Value("qwen3:8b"));
}

TEST_F(OllamaTest, ListingModelsFailsClearlyOnAnErrorStatusOrABodyThatIsNotTags) {
  answer(error_response(500, R"({"error":"disk on fire"})"));
  const CallResult failed = create().list_models();
  EXPECT_EQ(failed.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(failed.error, HasSubstr("disk on fire"));

  answer(error_response(200, R"({"data":[]})"));
  const CallResult odd = create().list_models();
  EXPECT_EQ(odd.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(odd.error, HasSubstr("no \"models\" array"));
}

const std::string kPullStream =
    "{\"status\":\"pulling manifest\"}\n"
    "{\"status\":\"pulling a80c4f17\",\"digest\":\"sha256:a80c4f17\",\"total\":2019393189}\n"
    "{\"status\":\"pulling a80c4f17\",\"digest\":\"sha256:a80c4f17\",\"total\":2019393189,\"completed\":1000000}\n"
    "{\"status\":\"pulling a80c4f17\",\"digest\":\"sha256:a80c4f17\",\"total\":2019393189,\"completed\":2019393189}\n"
    "{\"status\":\"verifying sha256 digest\"}\n"
    "{\"status\":\"writing manifest\"}\n"
    "{\"status\":\"success\"}\n";

TEST_F(OllamaTest, PullStreamsProgressUntilSuccess) {
  answer(ok_stream(pieces(kPullStream, 13)));
  const CallResult out = create().pull_model("llama3.2");
  ASSERT_TRUE(out.ok()) << out.error;
  EXPECT_EQ(last_request().method, "POST");
  EXPECT_EQ(last_request().url, "http://127.0.0.1:11434/api/pull");
  EXPECT_EQ(last_body(), json::parse(R"({"model":"llama3.2","stream":true})"));
  const auto progress = out.of(AH_EVENT_PROGRESS);
  ASSERT_EQ(progress.size(), 7u);
  EXPECT_EQ(progress[0].text, "pulling manifest");
  EXPECT_EQ(progress[0].total, 0);
  EXPECT_EQ(progress[2].text, "pulling a80c4f17");
  EXPECT_EQ(progress[2].completed, 1000000);
  EXPECT_EQ(progress[2].total, 2019393189);
  EXPECT_EQ(progress[3].completed, progress[3].total);
  EXPECT_EQ(progress.back().text, "success");
}

TEST_F(OllamaTest, PullFailsWithOllamasTextOnAnErrorLineOrStatusOrAStreamWithoutSuccess) {
  answer(ok_stream({"{\"status\":\"pulling manifest\"}\n", "{\"error\":\"pull model manifest: file does not exist\"}\n"}));
  const CallResult line = create().pull_model("nope");
  EXPECT_EQ(line.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(line.error, HasSubstr("pull model manifest: file does not exist"));
  EXPECT_EQ(line.of(AH_EVENT_PROGRESS).size(), 1u);

  answer(error_response(401, R"({"error":"unauthorized"})"));
  const CallResult status = create().pull_model("x");
  EXPECT_EQ(status.status, AH_ERR_PERMISSION);
  EXPECT_THAT(status.error, HasSubstr("unauthorized"));

  answer(ok_stream({"{\"status\":\"pulling manifest\"}\n"}));
  const CallResult cut = create().pull_model("x");
  EXPECT_EQ(cut.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(cut.error, HasSubstr("before reporting \"success\""));
}

} // namespace
} // namespace ollama_test
