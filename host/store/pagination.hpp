// Keyset pagination: a page is "the `limit` newest rows older than the cursor", so page 1000
// costs what page 1 costs and rows inserted meanwhile never shift a page.
//
// The cursor is the id of the last row of the previous page, wrapped so clients treat it as
// opaque (base64url of "v1:<id>"): the encoding can change without breaking them.
#pragma once

#include "store/sql_value.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::store {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;

struct PageRequest {
  int limit = kDefaultPageSize;
  std::optional<std::string> after_id; // rows with a smaller id than this, newest first
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

std::string encode_cursor(std::string_view id);
// Throws Error(ErrorKind::invalid_request) for anything encode_cursor did not make.
std::string decode_cursor(std::string_view cursor);

// From `?limit=` and `?cursor=` as given (either may be absent). Throws
// Error(ErrorKind::invalid_request) naming the parameter for a bad value.
PageRequest page_request(const std::optional<std::string>& limit, const std::optional<std::string>& cursor);

// Ends a SELECT over a table whose `id` column orders it by creation: rows older than the
// cursor, newest first, one row more than the page (make_page uses it to know whether there is
// a next page). `has_where`: whether `sql` already has a WHERE clause to extend with AND.
void append_keyset_page(std::string& sql, SqlParams& params, const PageRequest& page, bool has_where = true);

// "?, ?, ?" for an IN list of `count` values.
std::string placeholders(std::size_t count);

// Builds the page from rows fetched with LIMIT limit+1: the extra row only says there is more.
template <class T, class IdOf>
Page<T> make_page(std::vector<T> rows, const PageRequest& request, IdOf id_of) {
  Page<T> page;
  if (rows.size() > static_cast<std::size_t>(request.limit)) {
    rows.resize(static_cast<std::size_t>(request.limit));
    page.next_cursor = encode_cursor(id_of(rows.back()));
  }
  page.items = std::move(rows);
  return page;
}

} // namespace agenthost::store
