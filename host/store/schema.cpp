// The schema, as migrations. Never edit a released migration: add a new one.
//
// Conventions: ids are TEXT (see ids.hpp), times are BIGINT milliseconds since the epoch,
// JSON documents are TEXT. Every filter and sort the API uses has an index; lists sort by id
// (creation order), so their indexes end in id.
#include "store/migrations.hpp"
#include "store/schema_parts.hpp"

namespace agenthost::store {
namespace {

// Statements both engines accept as written.
const std::vector<std::string> kInitialSchema = {
    "CREATE TABLE users ("
    " id TEXT PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " is_admin BOOLEAN NOT NULL DEFAULT FALSE,"
    " created_at BIGINT NOT NULL)",

    "CREATE TABLE api_tokens ("
    " id TEXT PRIMARY KEY,"
    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " prefix TEXT NOT NULL,"       // the token's first characters, to name it without the secret
    " token_hash TEXT NOT NULL UNIQUE," // hex SHA-256 of the whole token; the token itself is never stored
    " created_at BIGINT NOT NULL,"
    " revoked_at BIGINT)",
    "CREATE INDEX api_tokens_user ON api_tokens (user_id, id)",
    "CREATE INDEX api_tokens_prefix ON api_tokens (prefix)",

    "CREATE TABLE agents ("
    " id TEXT PRIMARY KEY,"
    " owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " backend TEXT NOT NULL,"
    " model TEXT NOT NULL,"
    " strategy TEXT,"
    " params TEXT NOT NULL DEFAULT '{}',"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL,"
    " UNIQUE (owner_id, name))",
    "CREATE INDEX agents_owner ON agents (owner_id, id)",

    "CREATE TABLE agent_tools ("
    " agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL,"
    " tool TEXT NOT NULL,"
    " PRIMARY KEY (agent_id, position))",

    "CREATE TABLE system_prompts ("
    " agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL,"
    " content TEXT NOT NULL,"
    " PRIMARY KEY (agent_id, position))",

    "CREATE TABLE conversations ("
    " id TEXT PRIMARY KEY,"
    " owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " agent_id TEXT NOT NULL REFERENCES agents(id),"
    " title TEXT,"
    " status TEXT NOT NULL DEFAULT 'idle',"
    " turn_count INTEGER NOT NULL DEFAULT 0,"
    " total_tokens BIGINT NOT NULL DEFAULT 0,"
    " last_activity_at BIGINT NOT NULL,"
    " created_at BIGINT NOT NULL)",
    "CREATE INDEX conversations_owner ON conversations (owner_id, id)",
    "CREATE INDEX conversations_owner_status ON conversations (owner_id, status, id)",
    "CREATE INDEX conversations_agent_status ON conversations (agent_id, status, id)",
    "CREATE INDEX conversations_owner_activity ON conversations (owner_id, last_activity_at)",

    // Message bodies live here, never in the conversations row, so listing conversations
    // never reads them.
    "CREATE TABLE messages ("
    " id TEXT PRIMARY KEY,"
    " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " role TEXT NOT NULL,"
    " content TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'complete',"
    " token_estimate INTEGER,"
    " tool_call_id TEXT," // for role 'tool': the call this message answers
    " created_at BIGINT NOT NULL)",
    "CREATE INDEX messages_conversation ON messages (conversation_id, id)",

    "CREATE TABLE tool_calls ("
    " id TEXT PRIMARY KEY,"
    " message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " arguments TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'pending',"
    " result TEXT,"
    " error TEXT,"
    " created_at BIGINT NOT NULL,"
    " completed_at BIGINT)",
    "CREATE INDEX tool_calls_message ON tool_calls (message_id)",
    "CREATE INDEX tool_calls_conversation ON tool_calls (conversation_id, id)",

    // Uploaded documents (the documents issue adds extraction and chunks); attachments point here.
    "CREATE TABLE documents ("
    " id TEXT PRIMARY KEY,"
    " owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " filename TEXT NOT NULL,"
    " content_type TEXT NOT NULL,"
    " size BIGINT NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL DEFAULT 'queued',"
    " error TEXT,"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL)",
    "CREATE INDEX documents_owner ON documents (owner_id, id)",
    "CREATE INDEX documents_owner_status ON documents (owner_id, status, id)",

    "CREATE TABLE attachments ("
    " message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    " conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL,"
    " PRIMARY KEY (message_id, position))",
    "CREATE INDEX attachments_conversation ON attachments (conversation_id, message_id)",
    "CREATE INDEX attachments_document ON attachments (document_id)",
};

// Durable jobs, event logs, and the conversation's running turn.
const std::vector<std::string> kJobsAndEvents = {
    "CREATE TABLE jobs ("
    " id TEXT PRIMARY KEY,"
    " type TEXT NOT NULL,"            // what runs it: "turn", "events.cleanup", ...
    " queue TEXT NOT NULL,"           // high | default | low
    " payload TEXT NOT NULL DEFAULT '{}'," // ids, never copies of rows
    " owner_id TEXT REFERENCES users(id) ON DELETE CASCADE," // who may see it (NULL: system jobs)
    " conversation_id TEXT,"          // for turns
    " state TEXT NOT NULL DEFAULT 'queued'," // queued | running | succeeded | failed | cancelled
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " max_attempts INTEGER NOT NULL DEFAULT 1,"
    " timeout_seconds INTEGER NOT NULL,"
    " available_at BIGINT NOT NULL,"  // not claimed before (retry backoff)
    " lease_owner TEXT,"              // the worker running it
    " lease_expires_at BIGINT,"       // renewed by heartbeat; past it the worker is presumed dead
    " cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,"
    " error_type TEXT,"               // timeout | worker_lost | cancelled | failed | ...
    " error TEXT,"
    " result TEXT,"                   // JSON
    " progress TEXT,"                 // JSON, the latest progress report
    " created_at BIGINT NOT NULL,"
    " started_at BIGINT,"
    " finished_at BIGINT,"
    " updated_at BIGINT NOT NULL)",
    "CREATE INDEX jobs_claim ON jobs (state, queue, available_at, id)",
    "CREATE INDEX jobs_lease ON jobs (state, lease_expires_at)",
    "CREATE INDEX jobs_owner ON jobs (owner_id, id)",
    "CREATE INDEX jobs_conversation ON jobs (conversation_id, id)",

    // An append-only log per stream (a conversation's id, or a job's id for job progress).
    // last_seq hands out the stream's increasing event ids; appending updates it first, which
    // also serializes appenders of one stream.
    "CREATE TABLE event_streams ("
    " id TEXT PRIMARY KEY,"
    " last_seq BIGINT NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL)",
    "CREATE TABLE events ("
    " stream_id TEXT NOT NULL REFERENCES event_streams(id) ON DELETE CASCADE,"
    " seq BIGINT NOT NULL,"
    " job_id TEXT,"
    " type TEXT NOT NULL,"
    " data TEXT NOT NULL," // one-line JSON
    " created_at BIGINT NOT NULL,"
    " PRIMARY KEY (stream_id, seq))",
    "CREATE INDEX events_created ON events (created_at)",

    // The turn running now (NULL: none): one turn at a time per conversation.
    "ALTER TABLE conversations ADD COLUMN active_job_id TEXT",
};

// Turn recovery looks for conversations whose running turn's job ended (a host died between
// failing the job and fixing the conversation); only the few running rows are indexed.
const std::vector<std::string> kActiveJobIndex = {
    "CREATE INDEX conversations_active_job ON conversations (active_job_id) WHERE active_job_id IS NOT NULL",
};

} // namespace

const std::vector<Migration>& known_migrations() {
  static const std::vector<Migration> migrations = {
      {1, "initial schema", kInitialSchema, kInitialSchema},
      {2, "jobs and event logs", kJobsAndEvents, kJobsAndEvents},
      {3, "index of running turns", kActiveJobIndex, kActiveJobIndex},
      context_filter_migration(),
      documents_migration(),
      cache_migration(),
  };
  return migrations;
}

} // namespace agenthost::store
