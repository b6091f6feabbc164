#include "store/pagination.hpp"

#include "common/error.hpp"
#include "store/encoding.hpp"

#include <cctype>

namespace agenthost::store {
namespace {

constexpr std::string_view kVersion = "v1:";

[[noreturn]] void bad_cursor() {
  throw Error(ErrorKind::invalid_request,
              "cursor is not one this server issued; pass the next_cursor of the previous page unchanged");
}

} // namespace

std::string encode_cursor(std::string_view id) { return base64url_encode(std::string(kVersion) + std::string(id)); }

std::string decode_cursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > 200) bad_cursor();
  const std::optional<std::string> decoded = base64url_decode(cursor);
  if (!decoded || decoded->compare(0, kVersion.size(), kVersion) != 0) bad_cursor();
  std::string id = decoded->substr(kVersion.size());
  if (id.empty()) bad_cursor();
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') bad_cursor();
  }
  return id;
}

PageRequest page_request(const std::optional<std::string>& limit, const std::optional<std::string>& cursor) {
  PageRequest request;
  if (limit) {
    const std::string& text = *limit;
    int value = 0;
    bool valid = !text.empty() && text.size() <= 3;
    for (char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) valid = false;
      else value = value * 10 + (c - '0');
    }
    if (!valid || value < 1 || value > kMaxPageSize) {
      throw Error(ErrorKind::invalid_request, "limit must be an integer from 1 to " + std::to_string(kMaxPageSize) +
                                                  " (got '" + text.substr(0, 20) + "')");
    }
    request.limit = value;
  }
  if (cursor) request.after_id = decode_cursor(*cursor);
  return request;
}

void append_keyset_page(std::string& sql, SqlParams& params, const PageRequest& page, bool has_where) {
  if (page.after_id) {
    sql += has_where ? " AND id < ?" : " WHERE id < ?";
    params.emplace_back(*page.after_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(page.limit + 1));
}

std::string placeholders(std::size_t count) {
  std::string out;
  out.reserve(count * 3);
  for (std::size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

} // namespace agenthost::store
