#include "api/dataset.hpp"

#include "api/sqlite_handle.hpp"
#include "store/database.hpp"
#include "store/ids.hpp"
#include "store/migrations.hpp"
#include "store/pagination.hpp"
#include "store/timestamps.hpp"
#include "store/user_store.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace bench::api {
namespace {

namespace fs = std::filesystem;

constexpr long kRowsPerTransaction = 50000;

void write_token_file(const std::string& dir, const UserSet& user) {
  const fs::path path = fs::path(dir) / (user.name + ".token");
  std::ofstream(path) << user.token << "\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

// Users and tokens through the store, as the host would make them.
void create_users(const std::string& database_path, UserSet& small, UserSet& large) {
  agenthost::store::DatabaseOptions options;
  options.engine = agenthost::store::Engine::sqlite;
  options.sqlite_path = database_path;
  options.pool_size = 1;
  auto database = agenthost::store::Database::open(options);
  agenthost::store::migrate(*database);
  agenthost::store::UserStore users(*database);
  for (UserSet* user : {&small, &large}) {
    auto [record, issued] = users.create_user_with_token(user->name, /*is_admin=*/user == &small, "bench_api");
    user->user_id = record.id;
    user->token = issued.token;
  }
}

// "  name: 10% 20% ... 100%" on one line, so a log of the run stays short.
class Progress {
public:
  Progress(const std::string& what, long total) : total_(total) { std::cerr << "  " << what << ":" << std::flush; }
  void advance(long done) {
    const int percent = total_ > 0 ? static_cast<int>(done * 100 / total_) : 100;
    if (percent >= next_) {
      std::cerr << " " << (percent / 10 * 10) << "%" << std::flush;
      next_ = percent / 10 * 10 + 10;
    }
    if (done >= total_) std::cerr << "\n";
  }

private:
  long total_;
  int next_ = 10;
};

void load_user(SqliteDatabase& db, const UserSet& user) {
  SqliteStatement agent(db, "INSERT INTO agents (id, owner_id, name, backend, model, strategy, params, created_at, "
                            "updated_at) VALUES (?, ?, 'bench', 'demo', 'demo', NULL, '{}', ?, ?)");
  agent.bind(1, user.agent_id);
  agent.bind(2, user.user_id);
  agent.bind(3, user.base_ms);
  agent.bind(4, user.base_ms);
  agent.run();

  SqliteStatement conversation(
      db, "INSERT INTO conversations (id, owner_id, agent_id, title, status, turn_count, total_tokens, "
          "last_activity_at, created_at) VALUES (?, ?, ?, ?, 'idle', ?, ?, ?, ?)");
  SqliteStatement message(db, "INSERT INTO messages (id, conversation_id, role, content, status, token_estimate, "
                              "tool_call_id, created_at) VALUES (?, ?, ?, ?, 'complete', ?, NULL, ?)");
  const std::int64_t tokens_per_message = user.body_bytes / 4 + 1;
  long rows_in_transaction = 0;
  Progress progress(user.name + ": " + std::to_string(user.conversations) + " conversations x " +
                        std::to_string(user.messages_per_conversation) + " messages of " +
                        std::to_string(user.body_bytes) + " B",
                    user.conversations);
  db.exec("BEGIN");
  for (long i = 0; i < user.conversations; ++i) {
    const std::string conversation_id = user.conversation_id(i);
    const std::string title = "Conversation " + std::to_string(i);
    const std::int64_t created = user.base_ms + i;
    conversation.bind(1, conversation_id);
    conversation.bind(2, user.user_id);
    conversation.bind(3, user.agent_id);
    conversation.bind(4, title);
    conversation.bind(5, static_cast<std::int64_t>(user.messages_per_conversation / 2));
    conversation.bind(6, tokens_per_message * user.messages_per_conversation);
    conversation.bind(7, created);
    conversation.bind(8, created);
    conversation.run();
    for (long j = 0; j < user.messages_per_conversation; ++j) {
      const std::string id = user.message_id(i, j);
      const std::string content = user.message_content(i, j);
      message.bind(1, id);
      message.bind(2, conversation_id);
      message.bind(3, j % 2 == 0 ? std::string_view("user") : std::string_view("assistant"));
      message.bind(4, content);
      message.bind(5, tokens_per_message);
      message.bind(6, created);
      message.run();
    }
    rows_in_transaction += 1 + user.messages_per_conversation;
    if (rows_in_transaction >= kRowsPerTransaction) {
      db.exec("COMMIT; BEGIN");
      rows_in_transaction = 0;
    }
    progress.advance(i + 1);
  }
  db.exec("COMMIT");
}

} // namespace

std::string UserSet::conversation_id(long index) const {
  return agenthost::store::make_id("cnv_", static_cast<std::uint64_t>(base_ms + index), tag, 0);
}

std::string UserSet::message_id(long conversation, long message) const {
  return agenthost::store::make_id("msg_", static_cast<std::uint64_t>(base_ms + conversation), tag,
                                   static_cast<std::uint64_t>(message) + 1);
}

std::string UserSet::message_content(long conversation, long message) const {
  std::string content = "conversation " + std::to_string(conversation) + " message " + std::to_string(message) + ": ";
  content.resize(static_cast<std::size_t>(body_bytes), 'x');
  return content;
}

std::string UserSet::cursor_for_page(long page, long page_size) const {
  // The cursor names the last row of the previous page: index conversations - (page-1)*size.
  return agenthost::store::encode_cursor(conversation_id(conversations - (page - 1) * page_size));
}

std::string UserSet::first_id_on_page(long page, long page_size) const {
  return conversation_id(conversations - 1 - (page - 1) * page_size);
}

Dataset generate_dataset(const std::string& data_dir, const DatasetSize& size) {
  const auto start = std::chrono::steady_clock::now();
  Dataset dataset;
  dataset.data_dir = data_dir;
  dataset.database_path = (fs::path(data_dir) / "agenthost.db").string(); // the [store] default
  fs::create_directories(data_dir);
  if (!fs::is_empty(data_dir)) throw std::runtime_error("the dataset directory " + data_dir + " is not empty");

  // Both users' conversations lie in the past, one millisecond apart, the large user's after
  // the small user's (so the small user's newest rows are not the table's newest).
  const std::int64_t base = agenthost::store::now_ms() - size.conversations - size.large_conversations - 60000;
  dataset.small = UserSet{"bench-100b", "", "", "", size.conversations, size.messages_per_conversation,
                          size.body_bytes, 1, base};
  dataset.large = UserSet{"bench-100kb", "", "", "", size.large_conversations, size.large_messages_per_conversation,
                          size.large_body_bytes, 2, base + size.conversations};
  dataset.small.agent_id = agenthost::store::make_id("agt_", static_cast<std::uint64_t>(base), 1, 0);
  dataset.large.agent_id = agenthost::store::make_id("agt_", static_cast<std::uint64_t>(base), 2, 0);

  std::cerr << "generating the dataset in " << data_dir << "\n";
  create_users(dataset.database_path, dataset.small, dataset.large);
  {
    SqliteDatabase db(dataset.database_path);
    // A bulk load needs no crash safety: no journal, no fsync, no per-row foreign key lookups
    // (the rows are consistent by construction). WAL comes back for the server below.
    db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF");
    load_user(db, dataset.small);
    load_user(db, dataset.large);
    db.exec("PRAGMA journal_mode = WAL");
  }
  write_token_file(data_dir, dataset.small);
  write_token_file(data_dir, dataset.large);
  dataset.database_bytes = fs::file_size(dataset.database_path);
  dataset.seconds_to_generate = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "  done in " << static_cast<long>(dataset.seconds_to_generate) << " s, "
            << dataset.database_bytes / (1024 * 1024) << " MiB\n";
  return dataset;
}

} // namespace bench::api
