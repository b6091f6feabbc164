// The search_documents host service: scoped to the user the call runs for, refused for a call
// that runs for nobody, and never leaking the host's internal errors to the plugin.
#include "plugins/abi_handles.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/document_search_service.hpp"
#include "plugins/host_services.hpp"
#include "plugins/metrics.hpp"
#include "plugins/ttl_cache.hpp"

#include "common/logger.hpp"

#include <agenthost/json.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace agenthost::plugins {
namespace {

struct Searched {
  std::string owner;
  std::string query;
  int limit;
};

class SearchDocumentsService : public ::testing::Test {
protected:
  SearchDocumentsService() : logger_(LogLevel::error, [](std::string_view) {}), services_(logger_, cache_, metrics_) {
    services_.set_document_search([this](const std::string& owner, const std::string& query, int limit) {
      searched.push_back({owner, query, limit});
      if (query == "explode") throw std::runtime_error("SELECT secret FROM internals failed");
      std::vector<DocumentHit> hits;
      if (owner == "usr_alice") hits.push_back({"doc_a", "alice.txt", 2, 1.5, "alice's <b>words</b>"});
      if (owner == "usr_bob") hits.push_back({"doc_b", "bob.txt", 1, 0.5, "bob's <b>words</b>"});
      return hits;
    });
    handle_ = ah_instance{nullptr, &services_, nullptr};
  }

  // Calls the table's search_documents as a plugin would, for a call made through `sink`.
  std::pair<ah_status, std::string> search(CallSink& sink, const std::string& query, int32_t limit = 5) {
    ah_call call{&sink, &handle_};
    std::string written;
    ah_byte_sink out{sizeof(ah_byte_sink), &written,
                     [](void* user, ah_str bytes) { static_cast<std::string*>(user)->append(bytes.ptr, bytes.len); }};
    const ah_status status =
        services_.table()->search_documents(&handle_, &call, ah_str{query.data(), query.size()}, limit, &out);
    return {status, written};
  }

  Logger logger_;
  TtlCache cache_;
  Metrics metrics_;
  HostServices services_;
  ah_instance handle_{};
  std::vector<Searched> searched;
};

TEST_F(SearchDocumentsService, IsAtTheEndOfTheTableSinceAbi11) {
  const ah_host_api* table = services_.table();
  EXPECT_GE(table->abi_minor, 1);
  EXPECT_EQ(table->struct_size, sizeof(ah_host_api));
  EXPECT_NE(table->search_documents, nullptr);
}

TEST_F(SearchDocumentsService, SearchesTheCallOwnersDocumentsOnly) {
  CollectingSink alice;
  alice.set_owner("usr_alice");
  const auto [status, written] = search(alice, "words", 3);
  ASSERT_EQ(status, AH_OK) << written;
  const json::Value hits = json::parse(written);
  ASSERT_EQ(hits.size(), 1u) << written;
  EXPECT_EQ(hits[0], json::parse(R"({"document_id":"doc_a","filename":"alice.txt","page":2,"score":1.5,)"
                                 R"("snippet":"alice's <b>words</b>"})"));
  ASSERT_EQ(searched.size(), 1u);
  EXPECT_EQ(searched[0].owner, "usr_alice");
  EXPECT_EQ(searched[0].query, "words");
  EXPECT_EQ(searched[0].limit, 3);

  CollectingSink bob;
  bob.set_owner("usr_bob");
  EXPECT_EQ(search(bob, "words").second.find("alice"), std::string::npos);
}

TEST_F(SearchDocumentsService, ACallForNobodyIsRefused) {
  CollectingSink nobody;
  const auto [status, written] = search(nobody, "words");
  EXPECT_EQ(status, AH_ERR_PERMISSION);
  EXPECT_NE(written.find("runs only inside a user's turn"), std::string::npos) << written;
  EXPECT_TRUE(searched.empty()) << "the store must not be asked on nobody's behalf";
}

TEST_F(SearchDocumentsService, ANestedCallInheritsItsParentsOwner) {
  CollectingSink turn;
  turn.set_owner("usr_bob");
  CollectingSink nested;
  nested.follow(turn);
  ASSERT_EQ(search(nested, "words").first, AH_OK);
  ASSERT_EQ(searched.size(), 1u);
  EXPECT_EQ(searched[0].owner, "usr_bob");
}

TEST_F(SearchDocumentsService, LimitsAreClampedAndEmptyQueriesRefused) {
  CollectingSink alice;
  alice.set_owner("usr_alice");
  search(alice, "words", 0);
  search(alice, "words", 500);
  ASSERT_EQ(searched.size(), 2u);
  EXPECT_EQ(searched[0].limit, 1);
  EXPECT_EQ(searched[1].limit, 20);
  const auto [status, written] = search(alice, "  ");
  EXPECT_EQ(status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(written.find("query is empty"), std::string::npos) << written;
}

TEST_F(SearchDocumentsService, InternalFailuresStayInTheHost) {
  CollectingSink alice;
  alice.set_owner("usr_alice");
  const auto [status, written] = search(alice, "explode");
  EXPECT_EQ(status, AH_ERR_INTERNAL);
  EXPECT_EQ(written.find("SELECT"), std::string::npos) << "SQL must not reach the model: " << written;
  EXPECT_NE(written.find("its log has the details"), std::string::npos) << written;
}

TEST_F(SearchDocumentsService, AHostWithoutADocumentStoreSaysSo) {
  services_.set_document_search({});
  CollectingSink alice;
  alice.set_owner("usr_alice");
  const auto [status, written] = search(alice, "words");
  EXPECT_EQ(status, AH_ERR_UNAVAILABLE);
  EXPECT_NE(written.find("no document store"), std::string::npos) << written;
}

} // namespace
} // namespace agenthost::plugins
