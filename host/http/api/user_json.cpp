#include "http/api/user_json.hpp"

#include "store/timestamps.hpp"

namespace agenthost::http {

json::Value user_json(const store::UserRecord& user) {
  return json::Value::object({
      {"id", user.id},
      {"name", user.name},
      {"is_admin", user.is_admin},
      {"created_at", store::format_timestamp(user.created_at)},
  });
}

json::Value user_page_json(const store::Page<store::UserRecord>& page) {
  json::Value data = json::Value::array();
  for (const store::UserRecord& user : page.items) data.push_back(user_json(user));
  return json::Value::object({
      {"data", std::move(data)},
      {"next_cursor", page.next_cursor ? json::Value(*page.next_cursor) : json::Value()},
  });
}

} // namespace agenthost::http
