// Ingestion end to end on both engines, with the real cleaning-step plugins (plugins/cleaning)
// created from a config the way serve creates them: [pipeline.*], [cleaning.*] and the implicit
// instances of the built-in default pipelines.
#include "documents/content_type.hpp"
#include "documents/document_ingestor.hpp"
#include "documents/process_document_job.hpp"
#include "documents/tests/test_files.hpp"

#include "config/config.hpp"
#include "events/event_log.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/tests/test_support.hpp"
#include "store/tests/test_database.hpp"
#include "store/user_store.hpp"

#include <agenthost/json.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace agenthost::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kConfig = R"ini(
[pipeline.strict]
steps = strict_unicode, normalize_whitespace

[pipeline.private]
steps = normalize_unicode, redact_pii, normalize_whitespace

[cleaning.strict_unicode]
plugin = normalize_unicode
on_invalid = reject
)ini";

config::Config test_config() {
  config::LoadResult loaded = config::load_config_text(kConfig, "test.conf", "/tmp", [](const std::string&) {
    return std::optional<std::string>();
  });
  if (!loaded.errors.empty()) throw std::runtime_error("test config: " + loaded.errors.front().message);
  return loaded.config;
}

// Wraps the real instances; throws from find() a given number of times (a transient failure).
class FlakyDirectory : public plugins::InstanceDirectory {
public:
  explicit FlakyDirectory(const plugins::InstanceDirectory& real) : real_(real) {}
  plugins::Instance* find(plugins::ComponentKind kind, std::string_view name) const override {
    if (failures_left > 0) {
      --failures_left;
      throw std::runtime_error("database is locked");
    }
    return real_.find(kind, name);
  }
  std::vector<std::string> names(plugins::ComponentKind kind) const override { return real_.names(kind); }
  mutable int failures_left = 0;

private:
  const plugins::InstanceDirectory& real_;
};

class IngestTest : public ::testing::TestWithParam<store::Engine> {
protected:
  std::unique_ptr<plugins::InstanceSet> create_instances() {
    plugins::InstancePlan plan = plugins::plan_instances(catalog, config);
    if (!plan.ok()) throw std::runtime_error("plan: " + plan.errors.front().message);
    plugins::InstanceSetResult created = plugins::InstanceSet::create(plan, services.services, "test.conf");
    if (!created.errors.empty()) throw std::runtime_error("create: " + created.errors.front().message);
    return std::move(created.instances);
  }

  store::DocumentRecord upload(const std::string& filename, const std::string& bytes,
                               const std::optional<std::string>& pipeline = std::nullopt) {
    const std::optional<std::string> type = detect_content_type("", filename);
    std::istringstream in(bytes);
    return ingestor.store_upload(owner.id, filename, *type, in, pipeline);
  }
  std::string all_text(const std::string& document_id) {
    std::string text;
    for (const store::ChunkRecord& chunk : documents.chunks(document_id)) text += chunk.content + "\n---\n";
    return text;
  }
  std::string failure_of(const std::string& document_id) {
    try {
      ingestor.process(document_id);
    } catch (const IngestFailure& failure) {
      return failure.what();
    }
    return "";
  }

  config::Config config = test_config();
  plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files(
      {HTML_TO_TEXT_PATH, NORMALIZE_UNICODE_PATH, NORMALIZE_WHITESPACE_PATH, DEDUPE_LINES_PATH, REDACT_PII_PATH});
  plugins::testing::ServicesFixture services;
  std::unique_ptr<plugins::InstanceSet> instances = create_instances();
  store::testing::TestDatabase scratch{GetParam()};
  store::DocumentStore documents{scratch.database()};
  store::UserRecord owner = store::UserStore(scratch.database()).create_user("alice", false);
  plugins::PipelineRunner pipelines{*instances, config.pipelines};
  DocumentIngestor ingestor{documents, pipelines, IngestSettings{60, 10}};
};

TEST_P(IngestTest, MessyHtmlBecomesCleanSearchableChunks) {
  const store::DocumentRecord d = upload(
      "page.html",
      "<!doctype html><html><head><style>p{color:red}</style><script>var tracking = 'secret_token';</script></head>"
      "<body><nav>Home | About</nav><h1>Worker pools</h1><p style=\"x\">A pool claims jobs from its queues &amp; "
      "renews leases.</p><ul><li>high</li><li>default</li></ul><div hidden>invisible words</div></body></html>");
  const IngestResult result = ingestor.process(d.id);
  EXPECT_GE(result.chunk_count, 1);
  const store::DocumentRecord ready = *documents.find(owner.id, d.id);
  EXPECT_EQ(ready.status, "ready");
  EXPECT_EQ(ready.chunk_count, std::optional<std::int64_t>(result.chunk_count));
  const std::string text = all_text(d.id);
  EXPECT_THAT(text, HasSubstr("Worker pools"));
  EXPECT_THAT(text, HasSubstr("claims jobs from its queues & renews leases."));
  EXPECT_THAT(text, Not(HasSubstr("secret_token")));
  EXPECT_THAT(text, Not(HasSubstr("color:red")));
  EXPECT_THAT(text, Not(HasSubstr("<p")));
  EXPECT_THAT(text, Not(HasSubstr("invisible")));
  const std::vector<store::SearchHit> hits = documents.search(owner.id, "leases");
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].document_id, d.id);
  EXPECT_TRUE(documents.search(owner.id, "secret_token").empty());
}

TEST_P(IngestTest, AMultiPagePdfLosesItsRunningHeadersAndKeepsItsPages) {
  std::vector<std::vector<std::string>> pages;
  const std::vector<std::string> topics = {"turbines", "gearboxes", "blades", "towers", "foundations"};
  for (int p = 1; p <= 5; ++p) {
    pages.push_back({"ACME Wind Energy - Annual Report 2026",
                     "This section covers " + topics[p - 1] + " in detail.",
                     "Maintenance of " + topics[p - 1] + " is scheduled yearly.",
                     "Page " + std::to_string(p) + " of 5"});
  }
  const store::DocumentRecord d = upload("report.pdf", testing::make_pdf(pages));
  const IngestResult result = ingestor.process(d.id);
  EXPECT_EQ(result.page_count, 5);
  const std::string text = all_text(d.id);
  EXPECT_THAT(text, Not(HasSubstr("Annual Report 2026"))) << text;
  EXPECT_THAT(text, Not(HasSubstr("Page 3 of 5"))) << text;
  EXPECT_THAT(text, HasSubstr("Maintenance of blades is scheduled yearly."));
  const std::vector<store::SearchHit> hits = documents.search(owner.id, "gearboxes");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].page, 2);
  EXPECT_EQ(documents.search(owner.id, "foundations").at(0).page, 5);
}

TEST_P(IngestTest, ADocxTableIsSearchableByItsCells) {
  const store::DocumentRecord d = upload(
      "review.docx", testing::make_docx(testing::docx_paragraph("Regional revenue", "Heading1") +
                                        testing::docx_table({{"Region", "Revenue"}, {"Northwind", "1,200"}})));
  ingestor.process(d.id);
  EXPECT_THAT(all_text(d.id), HasSubstr("Northwind | 1,200"));
  EXPECT_EQ(documents.search(owner.id, "northwind").size(), 1U);
}

TEST_P(IngestTest, CorruptAndEncryptedFilesFailCleanlyWithNothingIndexed) {
  const store::DocumentRecord corrupt = upload("broken.pdf", "%PDF-1.7\n garbage garbage");
  EXPECT_THAT(failure_of(corrupt.id), HasSubstr("could not be read"));
  const store::DocumentRecord locked = upload("locked.pdf", testing::make_encrypted_pdf());
  EXPECT_THAT(failure_of(locked.id), HasSubstr("encrypted"));
  for (const std::string& id : {corrupt.id, locked.id}) {
    const store::DocumentRecord found = *documents.find(owner.id, id);
    EXPECT_EQ(found.status, "failed");
    EXPECT_TRUE(found.error && !found.error->empty());
    EXPECT_TRUE(documents.chunks(id).empty());
  }
}

TEST_P(IngestTest, AFailingStepFailsTheDocumentNamingTheStep) {
  const store::DocumentRecord d = upload("bad.txt", "valid start \xC3\x28 invalid UTF-8", std::string("strict"));
  EXPECT_THAT(failure_of(d.id), HasSubstr("cleaning step 'strict_unicode' failed"));
  const store::DocumentRecord found = *documents.find(owner.id, d.id);
  EXPECT_EQ(found.status, "failed");
  EXPECT_THAT(*found.error, HasSubstr("strict_unicode"));
  EXPECT_TRUE(documents.chunks(d.id).empty());
}

TEST_P(IngestTest, ANamedPipelineRunsItsStepsAndAnUnknownOneIsRefusedBeforeStoring) {
  const store::DocumentRecord d = upload("contacts.txt", "Write to jane.doe@example.com about it.", std::string("private"));
  ingestor.process(d.id);
  EXPECT_THAT(all_text(d.id), HasSubstr("[EMAIL]"));
  EXPECT_THAT(all_text(d.id), Not(HasSubstr("jane.doe")));
  try {
    upload("x.txt", "text", std::string("nope"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unprocessable);
    EXPECT_EQ(error.field(), "pipeline");
    EXPECT_THAT(error.what(), HasSubstr("strict"));
  }
  EXPECT_EQ(documents.list(owner.id, store::PageRequest{}).items.size(), 1U);
}

TEST_P(IngestTest, TheJobReportsProgressAndSucceeds) {
  const store::DocumentRecord d = upload("notes.md", "# Notes\n\nSome words about queues.\n");
  events::EventLog events(scratch.database());
  ProcessDocumentJob handler(ingestor, events, nullptr);
  queue::JobRecord job;
  job.id = "job_test_1";
  job.type = kProcessDocumentJobType;
  job.payload_json = process_document_job(owner.id, d.id).payload_json;
  job.attempts = 1;
  job.max_attempts = 3;
  std::vector<std::string> row_progress;
  queue::JobContext context(job, [&](const std::string&, const std::string& json) { row_progress.push_back(json); });
  const queue::JobOutcome outcome = handler.run(context);
  EXPECT_EQ(outcome.kind, queue::JobOutcome::Kind::succeeded);
  std::vector<std::string> statuses;
  const std::vector<events::Event> stream = events.read_after(job.id, 0, 100);
  for (const events::Event& event : stream) {
    if (event.type == "job.progress") {
      const std::string status = json::parse(event.data_json)["status"].as_string();
      if (statuses.empty() || statuses.back() != status) statuses.push_back(status);
    }
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"extracting", "cleaning", "chunking", "indexing"}));
  ASSERT_FALSE(stream.empty());
  EXPECT_EQ(stream.back().type, "job.succeeded");
  EXPECT_FALSE(row_progress.empty());
  const store::DocumentRecord found = *documents.find(owner.id, d.id);
  EXPECT_EQ(found.status, "ready");
  EXPECT_THAT(found.progress_json.value_or(""), HasSubstr("indexing"));
}

TEST_P(IngestTest, TheJobDoesNotRetryACorruptFileButRetriesATransientError) {
  events::EventLog events(scratch.database());
  const auto run = [&](const store::DocumentRecord& d, DocumentIngestor& with, int attempt) {
    ProcessDocumentJob job_handler(with, events, nullptr);
    queue::JobRecord job;
    job.id = "job_" + d.id + "_" + std::to_string(attempt);
    job.payload_json = process_document_job(owner.id, d.id).payload_json;
    job.attempts = attempt;
    job.max_attempts = 3;
    queue::JobContext context(job, {});
    return job_handler.run(context);
  };
  const store::DocumentRecord corrupt = upload("broken.docx", "not a zip");
  EXPECT_EQ(run(corrupt, ingestor, 1).kind, queue::JobOutcome::Kind::failed);

  FlakyDirectory flaky(*instances);
  plugins::PipelineRunner flaky_pipelines(flaky, config.pipelines);
  DocumentIngestor flaky_ingestor(documents, flaky_pipelines, IngestSettings{60, 10});
  const store::DocumentRecord d = upload("a.txt", "plain words");
  flaky.failures_left = 1;
  EXPECT_EQ(run(d, flaky_ingestor, 1).kind, queue::JobOutcome::Kind::retry);
  EXPECT_EQ(documents.find(owner.id, d.id)->status, "processing");
  EXPECT_EQ(run(d, flaky_ingestor, 2).kind, queue::JobOutcome::Kind::succeeded);
  EXPECT_EQ(documents.find(owner.id, d.id)->status, "ready");

  const store::DocumentRecord unlucky = upload("b.txt", "plain words");
  flaky.failures_left = 1;
  EXPECT_EQ(run(unlucky, flaky_ingestor, 3).kind, queue::JobOutcome::Kind::failed); // the last attempt
  const store::DocumentRecord failed = *documents.find(owner.id, unlucky.id);
  EXPECT_EQ(failed.status, "failed");
  EXPECT_THAT(failed.error.value_or(""), HasSubstr("database is locked"));
}

TEST_P(IngestTest, RunPipelineServiceRunsTheSamePipelines) {
  services.services.set_pipelines(&pipelines);
  // A cleaning instance calls the service as a plugin would, through the host table.
  plugins::Instance* step = instances->find(plugins::ComponentKind::cleaning, "normalize_whitespace");
  ASSERT_NE(step, nullptr);
  const ah_host_api* table = services.services.table();
  struct Collected {
    std::string result;
    std::string error;
  } collected;
  ah_event_handler handler{};
  handler.struct_size = sizeof handler;
  handler.user = &collected;
  handler.on_event = [](void* user, const ah_event* event) -> ah_status {
    if (event->type == AH_EVENT_RESULT) static_cast<Collected*>(user)->result.assign(event->text.ptr, event->text.len);
    return AH_OK;
  };
  handler.on_error = [](void* user, ah_status, ah_str message) {
    static_cast<Collected*>(user)->error.assign(message.ptr, message.len);
  };
  ah_instance handle{};
  handle.services = &services.services;
  handle.instance = step;
  handle.directory = instances.get();
  const std::string html = "<p>Hello   <b>world</b></p>";
  const std::string metadata = R"({"content_type":"text/html"})";
  const ah_status status = table->run_pipeline(&handle, nullptr, ah_str{"", 0}, ah_str{html.data(), html.size()},
                                               ah_str{metadata.data(), metadata.size()}, &handler);
  EXPECT_EQ(status, AH_OK) << collected.error;
  EXPECT_EQ(collected.result, "Hello world");
  const std::string unknown = "nope";
  EXPECT_EQ(table->run_pipeline(&handle, nullptr, ah_str{unknown.data(), unknown.size()},
                                ah_str{html.data(), html.size()}, ah_str{"{}", 2}, &handler),
            AH_ERR_NOT_FOUND);
  EXPECT_THAT(collected.error, HasSubstr("no pipeline named 'nope'"));
}

INSTANTIATE_TEST_SUITE_P(Engines, IngestTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::documents
