// Documents with the real binary: `agenthost ingest` on a directory of real-world-shaped files
// (HTML with scripts, Markdown, plain text, a corrupt PDF), then the served API finds them, and
// a document uploaded over HTTP is processed by the host's worker and an agent with the
// document_search tool finds its text in a turn.
#include "agenthost/json.hpp"
#include "api_client.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"
#include "scratch_dir.hpp"
#include "sse_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kGuideHtml = R"(<!DOCTYPE html><html><head><title>Harbour guide</title>
<style>body { color: red }</style><script>var trackingPixelSecret = 1;</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Harbour birds</h1><p>Brown pelicans glide low over the harbour at dawn.</p>
<ul><li>Gulls</li><li>Cormorants</li></ul></body></html>)";

// The files a user might point ingest at: three good ones in two folders and one corrupt PDF.
void write_library(const ScratchDir& dir) {
  std::filesystem::create_directories(dir.file("library/notes"));
  dir.write("library/guide.html", kGuideHtml);
  dir.write("library/notes/plan.md", "# Plan\n\nMeet the *lighthouse* keeper on Tuesday.\n");
  dir.write("library/notes/todo.txt", "Buy rope.\nPaint the hull.\n");
  dir.write("library/broken.pdf", "%PDF-1.7\nthis is not really a pdf\n");
}

std::string search(int port, const std::string& token, const std::string& words) {
  return api_call(port, "GET", "/api/v1/documents/search?q=" + words, token).body;
}

TEST(IngestCli, IngestsADirectoryAndListsTheFileThatFailed) {
  const ScratchDeployment deployment("[server]\nlisten = 127.0.0.1:0\n");
  const RunResult created = deployment.run({"users", "create", "carol"});
  ASSERT_EQ(created.exit_status, 0) << describe(created);
  const std::string token = created.out.substr(0, created.out.find('\n'));
  const ScratchDir files;
  write_library(files);

  const RunResult ingested = deployment.run({"ingest", "--user", "carol", files.file("library")});
  EXPECT_EQ(ingested.exit_status, 1) << "one file failed: " << describe(ingested);
  EXPECT_THAT(ingested.out, HasSubstr("ingested 3 of 4 files for carol; 1 failed\n")) << describe(ingested);
  EXPECT_THAT(ingested.out, HasSubstr("  failed: broken.pdf: ")) << describe(ingested);
  // stderr is a pipe here: one plain line per file, with the running figures.
  EXPECT_THAT(ingested.err, HasSubstr("4/4 files")) << describe(ingested);
  EXPECT_THAT(ingested.err, HasSubstr("notes/plan.md: ready (1 page, ")) << describe(ingested);
  EXPECT_THAT(ingested.err, Not(HasSubstr("\r"))) << "no bar redraws when stderr is not a terminal";

  const RunResult unknown = deployment.run({"ingest", "--user", "nobody", files.file("library")});
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no user named 'nobody'")) << describe(unknown);

  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const json::Value listed = json_of(api_call(*host.port, "GET", "/api/v1/documents", token));
  ASSERT_TRUE(listed["data"].is_array()) << json::dump(listed);
  std::set<std::string> ready, failed;
  for (const json::Value& document : listed["data"].as_array()) {
    (text_of(document["status"]) == "ready" ? ready : failed).insert(text_of(document["filename"]));
    if (text_of(document["status"]) == "failed") {
      EXPECT_FALSE(text_of(document["error"]).empty()) << json::dump(document);
    }
  }
  EXPECT_EQ(ready, (std::set<std::string>{"guide.html", "notes/plan.md", "notes/todo.txt"})) << json::dump(listed);
  EXPECT_EQ(failed, (std::set<std::string>{"broken.pdf"})) << json::dump(listed);

  EXPECT_THAT(search(*host.port, token, "pelicans"), HasSubstr("\"filename\":\"guide.html\""));
  EXPECT_THAT(search(*host.port, token, "lighthouse"), HasSubstr("\"filename\":\"notes/plan.md\""));
  EXPECT_EQ(search(*host.port, token, "trackingPixelSecret"), R"({"data":[]})") << "scripts are not text";
  EXPECT_EQ(stop(host), 0);
}

// Uploads `content` as multipart/form-data field `file`, built by Poco's HTMLForm as a real
// client builds it; returns the answer.
HttpReply upload(int port, const std::string& token, const std::string& filename, const std::string& content_type,
                 const std::string& content) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/documents",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + token);
  Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_MULTIPART);
  form.addPart("file", new Poco::Net::StringPartSource(content, content_type, filename));
  form.prepareSubmit(request);
  form.write(session.sendRequest(request));
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

// The document once its job has ended (ready or failed), or as it was when the wait gave up.
json::Value processed(int port, const std::string& token, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  json::Value document;
  do {
    document = json_of(api_call(port, "GET", "/api/v1/documents/" + id, token));
    const std::string status = text_of(document["status"]);
    if (status == "ready" || status == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return document;
}

// A document uploaded over HTTP is processed by the host's worker; then the scripted model asks
// document_search for "pelicans" and the tool's answer holds the passage.
TEST(DocumentSearchTool, AnAgentFindsAnUploadedDocumentInATurn) {
  ScratchDir scripts;
  const std::string script = scripts.write(
      "search.json",
      R"({"replies":[{"match":"pelican",
          "steps":[{"tool_call":{"name":"documents","arguments":{"query":"pelicans harbour"}}}],
          "then":[{"text":"Found it in your guide."}]}]})");
  const ScratchDeployment deployment("[server]\nlisten = 127.0.0.1:0\n\n"
                                     "[backend.demo]\nplugin = scripted\ntoken_delay_ms = 0\nscript = " +
                                     script +
                                     "\n\n[tool.documents]\nplugin = document_search\n\n"
                                     "[agent.reader]\nbackend = demo\nmodel = demo\ntools = documents\n");
  RunningHost host = deployment.serve(); // makes the admin, who owns the configured agent
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const std::string token = admin_token_printed_by(*host.process);

  const HttpReply uploaded = upload(*host.port, token, "guide.html", "text/html", kGuideHtml);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const json::Value document = processed(*host.port, token, text_of(json_of(uploaded)["id"]));
  ASSERT_EQ(text_of(document["status"]), "ready") << json::dump(document);
  EXPECT_GE(document["chunk_count"].as_int(), 1) << json::dump(document);

  const json::Value agents = json_of(api_call(*host.port, "GET", "/api/v1/agents", token));
  std::string agent_id;
  for (const json::Value& agent : agents["data"].as_array())
    if (text_of(agent["name"]) == "reader") agent_id = text_of(agent["id"]);
  ASSERT_FALSE(agent_id.empty()) << json::dump(agents);
  const std::string conversation = text_of(json_of(api_call(*host.port, "POST", "/api/v1/conversations", token,
                                                            json::Value::object({{"agent_id", agent_id}})))["id"]);
  const HttpReply posted = api_call(*host.port, "POST", "/api/v1/conversations/" + conversation + "/messages", token,
                                    json::Value::object({{"content", "Where do the pelicans fly?"}}));
  ASSERT_EQ(posted.status, 202) << posted.body;
  SseClient stream(*host.port, token, conversation, "?after=0");
  const std::vector<SseEvent> events = stream.until_terminal();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, "turn.completed") << json::dump(events.back().data);

  const auto completed = of_type(events, "tool_call.completed");
  ASSERT_EQ(completed.size(), 1u);
  const std::string result = json::dump(completed[0].data);
  EXPECT_THAT(result, HasSubstr("guide.html")) << result;
  EXPECT_THAT(result, HasSubstr("**pelicans** glide low over the **harbour**")) << result;
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
