// The database the HTTP part serves: our schema (store::migrate), two users with tokens made by
// store::UserStore, and conversations with messages bulk-loaded through the raw sqlite3 API in
// big transactions (the load is set-up, not what is measured).
//
// Every id is a pure function of (user, conversation index, message index), so the benchmark
// knows what page 1, a deep page and a conversation must contain without asking the server,
// and checks the server's answers against that before timing anything.
#pragma once

#include "api/options.hpp"

#include <cstdint>
#include <string>

namespace bench::api {

struct UserSet {
  std::string name;
  std::string user_id;
  std::string token;
  std::string agent_id;
  long conversations = 0;
  long messages_per_conversation = 0;
  long body_bytes = 0;
  std::uint64_t tag = 0;      // the id's random high bits: keeps the two users' ids apart
  std::int64_t base_ms = 0;   // conversation i was created at base_ms + i

  // Index 0 is the oldest; lists show the highest index first.
  std::string conversation_id(long index) const;
  std::string message_id(long conversation, long message) const;
  std::string message_content(long conversation, long message) const;
  // The `?cursor=` that yields page `page` (1-based, 25 per page) of this user's list.
  std::string cursor_for_page(long page, long page_size = 25) const;
  // The id of the first conversation on that page.
  std::string first_id_on_page(long page, long page_size = 25) const;
};

struct Dataset {
  std::string data_dir;
  std::string database_path;
  UserSet small; // 100-byte bodies
  UserSet large; // 100-KB bodies
  double seconds_to_generate = 0;
  std::uintmax_t database_bytes = 0;
};

// Generates into `data_dir` (created when missing; it must be empty). Prints progress to stderr.
Dataset generate_dataset(const std::string& data_dir, const DatasetSize& size);

} // namespace bench::api
