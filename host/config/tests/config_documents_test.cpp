// [documents] (upload size, chunking, per-type default pipelines) and [cleaning.NAME].
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using testing::errors_of;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::load;

TEST(DocumentsSection, Defaults) {
  const LoadResult r = load("");
  EXPECT_EQ(r.config.documents.max_size_bytes, 50u * 1024 * 1024);
  EXPECT_EQ(r.config.documents.chunk_tokens, 400);
  EXPECT_EQ(r.config.documents.chunk_overlap_tokens, 50);
  EXPECT_TRUE(r.config.documents.pipeline_by_type.empty());
  EXPECT_TRUE(r.config.cleaners.empty());
}

TEST(DocumentsSection, ReadsSizesChunkingAndPipelinesPerKind) {
  const LoadResult r = load("[pipeline.web]\nsteps = html_to_text, normalize_whitespace\n"
                            "[documents]\nmax_size = 10M\nchunk_tokens = 200\nchunk_overlap_tokens = 20\n"
                            "pipeline.html = web\n");
  EXPECT_THAT(r.errors, IsEmpty()) << errors_of(r);
  EXPECT_EQ(r.config.documents.max_size_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(r.config.documents.chunk_tokens, 200);
  EXPECT_EQ(r.config.documents.chunk_overlap_tokens, 20);
  EXPECT_EQ(r.config.documents.pipeline_by_type.at("text/html"), "web");
}

TEST(DocumentsSection, RejectsAnUnknownPipelineTooMuchOverlapAndUnknownKeys) {
  const LoadResult r = load("[documents]\npipeline.pdf = missing\nchunk_tokens = 100\nchunk_overlap_tokens = 80\n"
                            "pipeline.png = x\n");
  const std::string errors = errors_of(r);
  EXPECT_THAT(errors, HasSubstr("there is no [pipeline.missing] section"));
  EXPECT_THAT(errors, HasSubstr("at most half of chunk_tokens"));
  EXPECT_THAT(errors, HasSubstr("pipeline.png"));
}

TEST(CleaningSection, PluginDefaultsToTheSectionNameAndOtherKeysAreSettings) {
  const LoadResult r = load("[cleaning.redact_pii]\nemails = true\n[cleaning.strict]\nplugin = normalize_unicode\n"
                            "on_invalid = reject\n");
  EXPECT_THAT(r.errors, IsEmpty()) << errors_of(r);
  ASSERT_EQ(r.config.cleaners.size(), 2u);
  EXPECT_EQ(r.config.cleaners[0].plugin, "redact_pii");
  EXPECT_EQ(r.config.cleaners[0].kind, "cleaning");
  ASSERT_EQ(r.config.cleaners[0].settings.size(), 1u);
  EXPECT_EQ(r.config.cleaners[0].settings[0].key, "emails");
  EXPECT_EQ(r.config.cleaners[1].plugin, "normalize_unicode");
  EXPECT_EQ(r.config.cleaners[1].section(), "cleaning.strict");
}

} // namespace
} // namespace agenthost::config
