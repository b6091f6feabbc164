// Users as the API shows them: {"id","name","is_admin","created_at"}.
#pragma once

#include "store/pagination.hpp"
#include "store/records.hpp"

#include <agenthost/json.hpp>

namespace agenthost::http {

json::Value user_json(const store::UserRecord& user);
// {"data":[User...],"next_cursor":...|null}
json::Value user_page_json(const store::Page<store::UserRecord>& page);

} // namespace agenthost::http
