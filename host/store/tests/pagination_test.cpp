#include "store/pagination.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

namespace agenthost::store {
namespace {

TEST(Pagination, CursorRoundTripsAndLooksOpaque) {
  const std::string cursor = encode_cursor("cnv_01JDXYZ");
  EXPECT_EQ(cursor.find("cnv_"), std::string::npos);
  EXPECT_EQ(decode_cursor(cursor), "cnv_01JDXYZ");
}

TEST(Pagination, RejectsCursorsItDidNotMake) {
  for (const char* bad : {"", "abc", "!!!!", "djE6", "eDpjbnZfMQ"}) {
    try {
      decode_cursor(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_request) << bad;
    }
  }
  EXPECT_THROW(decode_cursor(encode_cursor("a' OR 1=1")), Error);
}

TEST(Pagination, LimitDefaultsAndBounds) {
  EXPECT_EQ(page_request(std::nullopt, std::nullopt).limit, kDefaultPageSize);
  EXPECT_EQ(page_request(std::string("1"), std::nullopt).limit, 1);
  EXPECT_EQ(page_request(std::string("100"), std::nullopt).limit, 100);
  for (const char* bad : {"0", "101", "-1", "abc", "", "1e2", "9999"}) {
    EXPECT_THROW(page_request(std::string(bad), std::nullopt), Error) << bad;
  }
}

TEST(Pagination, MakePageCutsTheExtraRowAndPointsAfterTheLastKept) {
  PageRequest request;
  request.limit = 2;
  Page<std::string> page = make_page(std::vector<std::string>{"c", "b", "a"}, request, [](const std::string& s) { return s; });
  ASSERT_EQ(page.items.size(), 2U);
  ASSERT_TRUE(page.next_cursor);
  EXPECT_EQ(decode_cursor(*page.next_cursor), "b");
  Page<std::string> last = make_page(std::vector<std::string>{"b", "a"}, request, [](const std::string& s) { return s; });
  EXPECT_FALSE(last.next_cursor);
}

} // namespace
} // namespace agenthost::store
