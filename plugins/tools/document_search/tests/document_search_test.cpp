// The document_search plugin as the host sees it: the built library loaded through FakeHost,
// whose search_documents answers from a small in-memory library of two users.
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built document_search plugin"
#endif

namespace {

using agenthost::json::Value;
using agenthost::testing::CallOptions;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;

struct Searched {
  std::string owner;
  std::string query;
  int32_t limit;
};

class DocumentSearchPlugin : public ::testing::Test {
protected:
  void SetUp() override {
    host.load(PLUGIN_PATH);
    host.search_documents = [this](std::string_view owner, std::string_view query, int32_t limit) {
      searched.push_back({std::string(owner), std::string(query), limit});
      Value hits = Value::array();
      if (owner == "usr_alice" && query.find("invoice") != std::string_view::npos) {
        hits.push_back(Value::object({{"document_id", "doc_1"},
                                      {"filename", "march.pdf"},
                                      {"page", 3},
                                      {"score", 4.5},
                                      {"snippet", "the <b>invoice</b> total was 120 EUR"}}));
        hits.push_back(Value::object({{"document_id", "doc_2"},
                                      {"filename", "notes.md"},
                                      {"page", 1},
                                      {"score", 1.25},
                                      {"snippet", "pay the <b>invoice</b> by Friday"}}));
      }
      if (owner == "usr_bob" && query.find("invoice") != std::string_view::npos) {
        hits.push_back(Value::object({{"document_id", "doc_9"},
                                      {"filename", "bob-secret.txt"},
                                      {"page", 1},
                                      {"score", 9.0},
                                      {"snippet", "bob's <b>invoice</b>"}}));
      }
      return hits;
    };
  }

  static CallOptions as(const std::string& owner) {
    CallOptions options;
    options.owner_id = owner;
    return options;
  }

  FakeHost host;
  std::vector<Searched> searched;
};

TEST_F(DocumentSearchPlugin, DescribesQueryAndLimit) {
  auto tool = host.create("document_search", {{"default_limit", "7"}});
  const CallResult r = tool.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const Value described = r.result_json();
  EXPECT_EQ(described["parameters"]["required"], Value::array({"query"}));
  EXPECT_EQ(described["parameters"]["properties"]["limit"]["maximum"], Value(20));
  EXPECT_NE(described["parameters"]["properties"]["limit"]["description"].as_string().find("default 7"),
            std::string::npos);
}

TEST_F(DocumentSearchPlugin, ShowsEachHitWithFilenamePageAndPassage) {
  auto tool = host.create("document_search");
  const CallResult r = tool.invoke(R"({"query":"invoice total","limit":3})", as("usr_alice"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result(), "Found 2 passages in the user's documents for \"invoice total\":\n"
                        "\n[1] march.pdf, page 3 (document doc_1)\nthe **invoice** total was 120 EUR\n"
                        "\n[2] notes.md, page 1 (document doc_2)\npay the **invoice** by Friday\n");
  ASSERT_EQ(searched.size(), 1u);
  EXPECT_EQ(searched[0].owner, "usr_alice");
  EXPECT_EQ(searched[0].query, "invoice total");
  EXPECT_EQ(searched[0].limit, 3);
}

TEST_F(DocumentSearchPlugin, SearchesOnlyTheCallersDocuments) {
  auto tool = host.create("document_search");
  const CallResult alice = tool.invoke(R"({"query":"invoice"})", as("usr_alice"));
  ASSERT_TRUE(alice.ok()) << alice.error;
  EXPECT_EQ(alice.result().find("bob-secret"), std::string::npos) << alice.result();
  const CallResult bob = tool.invoke(R"({"query":"invoice"})", as("usr_bob"));
  ASSERT_TRUE(bob.ok()) << bob.error;
  EXPECT_NE(bob.result().find("bob-secret.txt"), std::string::npos) << bob.result();
  EXPECT_EQ(bob.result().find("march.pdf"), std::string::npos) << bob.result();
}

TEST_F(DocumentSearchPlugin, UsesTheConfiguredDefaultLimit) {
  auto tool = host.create("document_search", {{"default_limit", "4"}});
  ASSERT_TRUE(tool.invoke(R"({"query":"invoice"})", as("usr_alice")).ok());
  ASSERT_EQ(searched.size(), 1u);
  EXPECT_EQ(searched[0].limit, 4);
}

TEST_F(DocumentSearchPlugin, SaysSoWhenNothingMatches) {
  auto tool = host.create("document_search");
  const CallResult r = tool.invoke(R"({"query":"zebra"})", as("usr_alice"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result().rfind("No passages in the user's documents match \"zebra\".", 0), 0u) << r.result();
}

TEST_F(DocumentSearchPlugin, RefusedOutsideAUsersTurn) {
  auto tool = host.create("document_search");
  const CallResult r = tool.invoke(R"({"query":"invoice"})"); // no owner
  EXPECT_EQ(r.status, AH_ERR_PERMISSION);
  EXPECT_NE(r.error.find("runs only inside a user's turn"), std::string::npos) << r.error;
  EXPECT_TRUE(searched.empty()) << "the fake's search must not run for nobody";
}

TEST_F(DocumentSearchPlugin, BadArgumentsNameTheArgument) {
  auto tool = host.create("document_search");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "'query' is missing"},
      {R"({"query":"   "})", "'query' is missing or empty"},
      {R"({"query":42})", "'query' must be a string"},
      {R"({"query":"x","limit":0})", "'limit' must be a whole number from 1 to 20"},
      {R"({"query":"x","limit":21})", "'limit' must be a whole number from 1 to 20"},
      {R"({"query":"x","limit":2.5})", "'limit' must be a whole number from 1 to 20"},
      {R"({"query":"x","colour":"red"})", "unknown argument"},
  };
  for (const auto& [arguments, message] : cases) {
    const CallResult r = tool.invoke(arguments, as("usr_alice"));
    EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << arguments;
    EXPECT_NE(r.error.find(message), std::string::npos) << arguments << " → " << r.error;
  }
  EXPECT_TRUE(searched.empty());
}

TEST_F(DocumentSearchPlugin, AHostWithoutTheServiceIsReportedAsTooOld) {
  auto tool = host.create("document_search");
  // A 1.0 host's table ends before search_documents: the plugin must not call past it.
  const_cast<ah_host_api*>(host.api())->struct_size = offsetof(ah_host_api, search_documents);
  const CallResult r = tool.invoke(R"({"query":"invoice"})", as("usr_alice"));
  const_cast<ah_host_api*>(host.api())->struct_size = sizeof(ah_host_api);
  EXPECT_EQ(r.status, AH_ERR_UNSUPPORTED);
  EXPECT_NE(r.error.find("host too old"), std::string::npos) << r.error;
}

} // namespace
