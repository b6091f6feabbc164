// Context windows from Ollama's POST /api/show: asked once per model (after a chat, or while
// listing), cached in the instance, reported by describe() and list_models.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace ollama_test {
namespace {

using ::testing::HasSubstr;

std::string show_body(const std::string& parameters = "") {
  return R"({"modelfile":"FROM x","parameters":")" + parameters +
         R"(","details":{"family":"llama"},"model_info":{"general.architecture":"llama","llama.context_length":131072},)"
         R"("capabilities":["completion","tools"]})";
}

class OllamaModelInfoTest : public OllamaTest {
protected:
  // /api/chat streams a short answer; /api/show answers `show` (or fails with `show_status`).
  void serve(const std::string& show, int show_status = 200) {
    host_.http = [show, show_status](const agenthost::HttpRequest& request) {
      if (is_show(request)) return error_response(show_status, show);
      return ok_stream({content_line("hi"), done_line(1, 1)});
    };
  }
  std::size_t shows() const { return host_.http_requests.size() - requests_other_than_show(); }
};

TEST_F(OllamaModelInfoTest, LearnsTheTrainedContextLengthAfterTheFirstChatAndAsksOnlyOnce) {
  serve(show_body());
  auto backend = create();
  EXPECT_FALSE(backend.describe().result_json().contains("models"));
  ASSERT_TRUE(backend.chat(ask("a", "llama3.1")).ok());
  ASSERT_TRUE(backend.chat(ask("b", "llama3.1")).ok());
  EXPECT_EQ(shows(), 1u);
  EXPECT_EQ(json::parse(host_.http_requests[1].body), json::parse(R"({"model":"llama3.1"})"));
  EXPECT_EQ(host_.http_requests[1].method, "POST");
  const json::Value d = backend.describe().result_json();
  EXPECT_EQ(d["models"]["llama3.1"]["context_window"], json::Value(131072));
  EXPECT_EQ(d["capabilities"]["streaming_tool_calls"], json::Value(false));
}

TEST_F(OllamaModelInfoTest, NumCtxFromTheModelfileOrTheInstanceOptionsWins) {
  serve(show_body("num_ctx                        8192\\nstop \\\"<|eot_id|>\\\""));
  auto backend = create();
  ASSERT_TRUE(backend.chat(ask("a", "m1")).ok());
  EXPECT_EQ(backend.describe().result_json()["models"]["m1"]["context_window"], json::Value(8192));

  auto tuned = create({{"options", R"({"num_ctx": 16384})"}});
  ASSERT_TRUE(tuned.chat(ask("a", "m1")).ok());
  EXPECT_EQ(tuned.describe().result_json()["models"]["m1"]["context_window"], json::Value(16384));
}

TEST_F(OllamaModelInfoTest, AnOperatorsContextWindowsEntryBeatsTheServer) {
  serve(show_body());
  auto backend = create({{"context_windows", R"({"llama3.1": 4096})"}});
  ASSERT_TRUE(backend.chat(ask("a", "llama3.1")).ok());
  EXPECT_EQ(backend.describe().result_json()["models"]["llama3.1"]["context_window"], json::Value(4096));
}

TEST_F(OllamaModelInfoTest, AServerWithoutApiShowLeavesTheWindowUnknownAndTheChatSucceeds) {
  serve(R"({"error":"404 page not found"})", 404);
  auto backend = create();
  const CallResult chat = backend.chat(ask("a", "llama3.1"));
  ASSERT_TRUE(chat.ok()) << chat.error;
  EXPECT_EQ(chat.text(), "hi");
  EXPECT_FALSE(backend.describe().result_json().contains("models"));
  ASSERT_TRUE(backend.chat(ask("b", "llama3.1")).ok());
  EXPECT_EQ(shows(), 1u); // a failure is remembered too: no request per chat
}

TEST_F(OllamaModelInfoTest, ListedModelsCarryTheirWindowAndCapabilities) {
  host_.http = [](const agenthost::HttpRequest& request) {
    if (is_show(request)) return error_response(200, show_body());
    return error_response(200, R"({"models":[{"name":"llama3.1:latest","size":1}]})");
  };
  const CallResult out = create().list_models();
  ASSERT_TRUE(out.ok()) << out.error;
  const json::Value models = out.result_json();
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0]["context_window"], json::Value(131072));
  EXPECT_EQ(models[0]["capabilities"], json::parse(R"(["completion","tools"])"));
}

} // namespace
} // namespace ollama_test
