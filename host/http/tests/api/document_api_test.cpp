// /api/v1/documents over a real server on loopback and a real store on both engines: streamed
// uploads (multipart as clients send it, and raw bodies), the size cap answered before the body
// is read, listing, search, deletion, owner isolation, statement budgets, and attachments.
#include "http/tests/api/api_test_support.hpp"
#include "http/tests/http_test_support.hpp"

#include "common/error.hpp"
#include "common/logger.hpp"
#include "http/api/document_routes.hpp"
#include "http/api/route_registration.hpp"
#include "http/http_server.hpp"
#include "queue/job_store.hpp"
#include "store/document_store.hpp"

#include <gtest/gtest.h>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace agenthost::http::testing {
namespace {

constexpr std::size_t kMaxSize = 256 * 1024; // [documents] max_size for these tests

struct Answer {
  int status = 0;
  std::string body;
  json::Value json;
  int queries = -1;
  bool keep_alive = false;
  std::string error_field() const { return json["error"]["field"].is_string() ? json["error"]["field"].as_string() : ""; }
};

class DocumentApiTest : public ::testing::TestWithParam<store::Engine> {
protected:
  DocumentApiTest()
      : database_(GetParam()), instances_(ApiTestOptions{}),
        context_(std::make_shared<ApiContext>(database_.database(), instances_)),
        jobs_(std::make_shared<queue::JobStore>(database_.database())), documents_(database_.database()) {
    context_->debug_queries = true;
    auto [alice, alice_token] = context_->users.create_user_with_token("alice", false, "test");
    alice_ = alice;
    alice_token_ = alice_token.token;
    auto [bob, bob_token] = context_->users.create_user_with_token("bob", false, "test");
    bob_ = bob;
    bob_token_ = bob_token.token;

    DocumentServices services;
    services.max_size_bytes = kMaxSize;
    services.check_pipeline = [](const std::string& name) {
      if (name != "clean") throw Error(ErrorKind::unprocessable, "no pipeline named '" + name + "'", "pipeline");
    };
    services.jobs = jobs_;
    Router router;
    register_document_routes(router, context_, services);
    register_conversation_routes(router, context_, TurnRoutes{});
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = 64 * 1024; // the JSON cap stays small: uploads have their own
    server_ = std::make_unique<HttpServer>(options, std::move(router),
                                           std::make_shared<Logger>(LogLevel::error, [](std::string_view) {}));
    server_->start();
  }
  ~DocumentApiTest() override { server_->stop(std::chrono::seconds(5)); }

  Answer send(const std::string& method, const std::string& target, const std::string& token,
              FetchOptions options = {}) {
    options.headers.emplace_back("Authorization", "Bearer " + token);
    const FetchResult result = fetch(server_->port(), method, target, options);
    Answer answer{result.status, result.body, json::Value(), -1, result.keep_alive};
    if (!result.body.empty()) answer.json = json::parse(result.body);
    if (result.headers.has("X-DB-Queries")) answer.queries = std::stoi(result.header("X-DB-Queries"));
    return answer;
  }

  Answer upload_raw(const std::string& token, const std::string& filename, const std::string& content,
                    const std::string& type = "text/plain", const std::string& extra_query = "") {
    FetchOptions options = with_body(content);
    options.headers.emplace_back("Content-Type", type);
    return send("POST", "/api/v1/documents?filename=" + filename + extra_query, token, options);
  }

  // A ready document with `chunks` (what the document job leaves behind), made through the store.
  std::string ready_document(const store::UserRecord& owner, const std::string& filename,
                             const std::vector<std::string>& chunks) {
    const auto document = documents_.create(owner.id, filename, "text/plain", std::nullopt);
    std::vector<store::NewChunk> rows;
    std::int64_t offset = 0;
    for (const std::string& text : chunks) {
      store::NewChunk chunk;
      chunk.page = static_cast<std::int64_t>(rows.size()) + 1;
      chunk.char_start = offset;
      chunk.char_end = offset += static_cast<std::int64_t>(text.size());
      chunk.token_estimate = static_cast<std::int64_t>(text.size() / 4);
      chunk.content = text;
      rows.push_back(chunk);
    }
    documents_.mark_ready(document.id, static_cast<std::int64_t>(rows.size()), rows);
    return document.id;
  }

  std::string stored_bytes(const std::string& document_id) {
    std::string bytes;
    documents_.read_blob(document_id, [&](std::string_view piece) { bytes.append(piece); });
    return bytes;
  }

  store::testing::TestDatabase database_;
  FakeInstances instances_;
  std::shared_ptr<ApiContext> context_;
  std::shared_ptr<queue::JobStore> jobs_;
  store::DocumentStore documents_;
  std::unique_ptr<HttpServer> server_;
  store::UserRecord alice_, bob_;
  std::string alice_token_, bob_token_;
};

// Content that looks like multipart framing but is not (no CRLF before "--", or mid-line), and
// spans several 1 MiB store pieces would be too slow here: 200 KiB spans several read buffers.
std::string tricky_content() {
  std::string content = "first line\n--formboundary7MA4YWxk not a delimiter\r\nx--formboundary7MA4YWxk\r\n";
  while (content.size() < 200 * 1024) content += "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n";
  return content;
}

TEST_P(DocumentApiTest, MultipartUploadIsStoredAndQueuedForProcessing) {
  const std::string content = tricky_content();
  const std::string boundary = "formboundary7MA4YWxk";
  const std::string body = "preamble a client may send\r\n"
                           "--" + boundary + "\r\n"
                           "Content-Disposition: form-data; name=\"note\"\r\n\r\nignored field\r\n"
                           "--" + boundary + "\r\n"
                           "Content-Disposition: form-data; name=\"file\"; filename=\"Q1; \\\"final\\\" notes.txt\"\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
                           content + "\r\n--" + boundary + "--\r\n";
  FetchOptions options = with_body(body);
  options.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
  const Answer answer = send("POST", "/api/v1/documents?pipeline=clean", alice_token_, options);
  ASSERT_EQ(answer.status, 201) << answer.body;
  const json::Value& document = answer.json;
  EXPECT_EQ(document["id"].as_string().rfind("doc_", 0), 0u) << answer.body;
  EXPECT_EQ(document["filename"], json::Value("Q1; \"final\" notes.txt"));
  EXPECT_EQ(document["content_type"], json::Value("text/plain"));
  EXPECT_EQ(document["size"], json::Value(static_cast<std::int64_t>(content.size())));
  EXPECT_EQ(document["status"], json::Value("queued"));
  EXPECT_EQ(document["pipeline"], json::Value("clean"));
  EXPECT_TRUE(stored_bytes(document["id"].as_string()) == content) << "the stored upload differs from the file";
  EXPECT_TRUE(answer.keep_alive) << "the body (with its epilogue) was read to the end";

  const auto job = jobs_->find(document["job_id"].as_string());
  ASSERT_TRUE(job.has_value()) << answer.body;
  EXPECT_EQ(job->type, "document.process");
  EXPECT_EQ(job->queue, "default");
  EXPECT_EQ(job->max_attempts, 3);
  EXPECT_EQ(job->owner_id, alice_.id);
  EXPECT_EQ(json::parse(job->payload_json), json::Value::object({{"document_id", document["id"]}}));

  const Answer shown = send("GET", "/api/v1/documents/" + document["id"].as_string(), alice_token_);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json["job_id"], document["job_id"]);
  EXPECT_EQ(shown.json["size"], document["size"]);
}

TEST_P(DocumentApiTest, ChunkedMultipartUploadWorksToo) {
  const std::string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"readme.md\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n# Title\r\n--b--\r\n";
  FetchOptions options = with_chunked_body(body);
  options.headers.emplace_back("Content-Type", "multipart/form-data; boundary=b");
  const Answer answer = send("POST", "/api/v1/documents", alice_token_, options);
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.json["content_type"], json::Value("text/markdown")) << "typed by its extension";
  EXPECT_EQ(stored_bytes(answer.json["id"].as_string()), "# Title");
}

TEST_P(DocumentApiTest, RawBodyWithFilename) {
  const Answer answer = upload_raw(alice_token_, "plain.txt", "just text", "text/plain; charset=utf-8");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.json["filename"], json::Value("plain.txt"));
  EXPECT_EQ(answer.json["content_type"], json::Value("text/plain"));
  EXPECT_EQ(answer.json["size"], json::Value(9));
  EXPECT_TRUE(answer.json["pipeline"].is_null());
  EXPECT_EQ(stored_bytes(answer.json["id"].as_string()), "just text");
  // The handler read the body from the stream itself, to its end: the connection stays usable.
  EXPECT_TRUE(answer.keep_alive);

  const Answer unnamed = send("POST", "/api/v1/documents", alice_token_, [] {
    FetchOptions options = with_body("x");
    options.headers.emplace_back("Content-Type", "text/plain");
    return options;
  }());
  EXPECT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_EQ(unnamed.error_field(), "filename");
}

TEST_P(DocumentApiTest, RefusalsBeforeTheBodyIsStored) {
  const Answer png = upload_raw(alice_token_, "cat.png", "\x89PNG", "image/png");
  EXPECT_EQ(png.status, 415) << png.body;
  EXPECT_NE(png.body.find("supported types: text/plain"), std::string::npos) << png.body;

  const Answer pipeline = upload_raw(alice_token_, "a.txt", "x", "text/plain", "&pipeline=nope");
  EXPECT_EQ(pipeline.status, 422) << pipeline.body;
  EXPECT_EQ(pipeline.error_field(), "pipeline");

  FetchOptions no_file = with_body("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n");
  no_file.headers.emplace_back("Content-Type", "multipart/form-data; boundary=b");
  const Answer missing = send("POST", "/api/v1/documents", alice_token_, no_file);
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(missing.error_field(), "file");

  FetchOptions cut = with_body("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ncut short");
  cut.headers.emplace_back("Content-Type", "multipart/form-data; boundary=b");
  const Answer truncated = send("POST", "/api/v1/documents", alice_token_, cut);
  EXPECT_EQ(truncated.status, 400) << truncated.body;

  const Answer listed = send("GET", "/api/v1/documents", alice_token_);
  EXPECT_EQ(listed.json["data"].size(), 0u) << "no refused upload left a document: " << listed.body;
}

TEST_P(DocumentApiTest, DeclaredOversizeIsRefusedWithoutReadingIt) {
  const Answer answer = upload_raw(alice_token_, "big.txt", std::string(kMaxSize + 1, 'a'));
  EXPECT_EQ(answer.status, 413) << answer.body;
  EXPECT_NE(answer.body.find("max_size"), std::string::npos) << answer.body;
}

// A chunked multipart upload whose file part outgrows the cap: the 413 arrives while the client
// has sent only part of the body and is still connected.
TEST_P(DocumentApiTest, OversizePartIsRefusedBeforeTheBodyEnds) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string head = "POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Authorization: Bearer " + alice_token_ + "\r\n"
                           "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string part_head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n";
  std::string sent = head;
  const auto chunk = [](const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return std::string(size) + data + "\r\n";
  };
  sent += chunk(part_head);
  const std::string block(64 * 1024, 'x');
  for (std::size_t total = 0; total <= kMaxSize + block.size(); total += block.size()) sent += chunk(block);
  socket.sendBytes(sent.data(), static_cast<int>(sent.size())); // no terminating chunk: the body is unfinished

  std::string answer;
  char buffer[4096];
  for (int n; answer.find("\r\n\r\n") == std::string::npos && (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
    answer.append(buffer, static_cast<std::size_t>(n));
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  socket.close();

  const Answer listed = send("GET", "/api/v1/documents", alice_token_);
  EXPECT_EQ(listed.json["data"].size(), 0u) << "the refused upload was removed: " << listed.body;
}

TEST_P(DocumentApiTest, ListIsKeysetPaginatedAndOwnersOnly) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(upload_raw(alice_token_, "n" + std::to_string(i) + ".txt", "x").json["id"].as_string());
  upload_raw(bob_token_, "bob.txt", "x");

  std::vector<std::string> listed;
  std::string target = "/api/v1/documents?limit=2";
  for (int pages = 0; pages < 10; ++pages) {
    const Answer page = send("GET", target, alice_token_);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& document : page.json["data"].as_array()) listed.push_back(document["id"].as_string());
    if (page.json["next_cursor"].is_null()) break;
    target = "/api/v1/documents?limit=2&cursor=" + page.json["next_cursor"].as_string();
  }
  const std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
  EXPECT_EQ(listed, newest_first);

  const Answer bobs = send("GET", "/api/v1/documents", bob_token_);
  ASSERT_EQ(bobs.json["data"].size(), 1u) << bobs.body;
  EXPECT_EQ(bobs.json["data"][0]["filename"], json::Value("bob.txt"));
}

TEST_P(DocumentApiTest, AnotherUsersDocumentIsNotFoundAnywhere) {
  const std::string secret = ready_document(alice_, "alice.txt", {"the launch code is pelican"});
  EXPECT_EQ(send("GET", "/api/v1/documents/" + secret, bob_token_).status, 404);
  EXPECT_EQ(send("DELETE", "/api/v1/documents/" + secret, bob_token_).status, 404);
  const Answer search = send("GET", "/api/v1/documents/search?q=pelican", bob_token_);
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(search.json["data"].size(), 0u) << search.body;
  EXPECT_EQ(send("GET", "/api/v1/documents/" + secret, alice_token_).status, 200) << "bob's delete changed nothing";
  EXPECT_EQ(send("GET", "/api/v1/documents/search?q=pelican", alice_token_).json["data"].size(), 1u);
}

TEST_P(DocumentApiTest, SearchFindsChunksAndDeleteRemovesThem) {
  const std::string id = ready_document(alice_, "birds.txt", {"pelicans glide over the harbour", "gulls steal chips"});
  ready_document(alice_, "fish.txt", {"cod and haddock"});
  const Answer found = send("GET", "/api/v1/documents/search?q=pelicans+harbour&limit=5", alice_token_);
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.json["data"].size(), 1u) << found.body;
  const json::Value& hit = found.json["data"][0];
  EXPECT_EQ(hit["document_id"], json::Value(id));
  EXPECT_EQ(hit["filename"], json::Value("birds.txt"));
  EXPECT_EQ(hit["page"], json::Value(1));
  EXPECT_TRUE(hit["chunk_id"].is_string()) << found.body;
  EXPECT_TRUE(hit["score"].is_number()) << found.body;
  EXPECT_NE(hit["snippet"].as_string().find("<b>"), std::string::npos) << found.body;

  const Answer shown = send("GET", "/api/v1/documents/" + id, alice_token_);
  EXPECT_EQ(shown.json["status"], json::Value("ready"));
  EXPECT_EQ(shown.json["chunk_count"], json::Value(2));
  EXPECT_EQ(shown.json["page_count"], json::Value(2));

  EXPECT_EQ(send("DELETE", "/api/v1/documents/" + id, alice_token_).status, 204);
  EXPECT_EQ(send("GET", "/api/v1/documents/" + id, alice_token_).status, 404);
  const Answer after = send("GET", "/api/v1/documents/search?q=pelicans", alice_token_);
  EXPECT_EQ(after.json["data"].size(), 0u) << after.body;
}

TEST_P(DocumentApiTest, SearchNeedsAQueryAndASaneLimit) {
  for (const std::string& target : {std::string("/api/v1/documents/search"), std::string("/api/v1/documents/search?q=+")}) {
    const Answer answer = send("GET", target, alice_token_);
    EXPECT_EQ(answer.status, 422) << target << " " << answer.body;
    EXPECT_EQ(answer.error_field(), "q") << answer.body;
  }
  for (const std::string limit : {"0", "51", "ten"}) {
    const Answer answer = send("GET", "/api/v1/documents/search?q=x&limit=" + limit, alice_token_);
    EXPECT_EQ(answer.status, 422) << limit << " " << answer.body;
    EXPECT_EQ(answer.error_field(), "limit") << answer.body;
  }
  EXPECT_EQ(send("GET", "/api/v1/documents/search?q=x", "").status, 401);
}

TEST_P(DocumentApiTest, StatementCountDoesNotGrowWithTheLibrary) {
  ready_document(alice_, "one.txt", {"common word here"});
  const int list_one = send("GET", "/api/v1/documents", alice_token_).queries;
  const int search_one = send("GET", "/api/v1/documents/search?q=common", alice_token_).queries;
  for (int i = 0; i < 15; ++i) ready_document(alice_, "d" + std::to_string(i) + ".txt", {"common word", "common again"});
  const Answer list_many = send("GET", "/api/v1/documents", alice_token_);
  const Answer search_many = send("GET", "/api/v1/documents/search?q=common&limit=20", alice_token_);
  EXPECT_EQ(list_many.json["data"].size(), 16u);
  EXPECT_GE(search_many.json["data"].size(), 16u);
  EXPECT_GT(list_one, 0);
  EXPECT_EQ(list_many.queries, list_one);
  EXPECT_EQ(search_many.queries, search_one);
}

TEST_P(DocumentApiTest, MessagesAttachTheOwnersDocumentsOnly) {
  store::AgentFields fields;
  fields.name = "reader";
  fields.backend = "local";
  fields.model = "tiny";
  const std::string agent = context_->agents.create(alice_.id, fields).id;
  const std::string conversation = context_->conversations.create(alice_.id, agent, std::nullopt).id;
  const std::string mine = upload_raw(alice_token_, "mine.txt", "x").json["id"].as_string();
  const std::string bobs = upload_raw(bob_token_, "bobs.txt", "x").json["id"].as_string();
  const std::string target = "/api/v1/conversations/" + conversation + "/messages";

  FetchOptions both = with_body(
      json::dump(json::Value::object({{"content", "read"}, {"attachments", json::Value::array({mine, bobs})}})));
  both.headers.emplace_back("Content-Type", "application/json");
  const Answer refused = send("POST", target, alice_token_, both);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_field(), "attachments[1]");

  FetchOptions options = with_body(json::dump(json::Value::object({{"content", "read"}, {"attachments", json::Value::array({mine})}})));
  options.headers.emplace_back("Content-Type", "application/json");
  const Answer posted = send("POST", target, alice_token_, options);
  ASSERT_EQ(posted.status, 202) << posted.body;
  EXPECT_EQ(posted.json["message"]["attachments"], json::Value::array({json::Value::object({{"document_id", mine}})}));
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentApiTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::http::testing
