// Insert rate: message rows written through Poco Data the way the store writes them, against
// the raw sqlite3 C API (prepare once; bind, step, reset per row), into the same schema with the
// same connection settings, one transaction of N rows per timed operation.
#pragma once

#include "harness.hpp"

#include <string>

namespace bench::api {

// Adds the insert cases to `session` (those --filter selects) and returns how many ran. Works
// in `scratch_dir`, which must exist; its databases are left there.
int measure_insert_rate(Session& session, const std::string& scratch_dir, long rows_per_transaction);

} // namespace bench::api
