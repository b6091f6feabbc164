#include "stream_host.hpp"

#include "common/logger.hpp"
#include "events/event_log.hpp"
#include "http/api/event_routes.hpp"
#include "http/health_route.hpp"
#include "http/http_server.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace agenthost::bench {

namespace {

// The events route checks conversation ownership only; no backend or tool is ever looked up.
class NoInstances : public plugins::InstanceDirectory {
public:
  plugins::Instance* find(plugins::ComponentKind, std::string_view) const override { return nullptr; }
  std::vector<std::string> names(plugins::ComponentKind) const override { return {}; }
};

std::int64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now); // the same clock in both processes
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

long rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

bool read_line(int fd, std::string& line) {
  line.clear();
  char c = 0;
  while (::read(fd, &c, 1) == 1) {
    if (c == '\n') return true;
    line += c;
  }
  return false;
}

void write_line(int fd, const std::string& line) {
  const std::string text = line + "\n";
  [[maybe_unused]] const auto written = ::write(fd, text.data(), text.size());
}

} // namespace

int run_stream_host(const HostOptions& options, int command_fd, int reply_fd) {
  store::DatabaseOptions database_options;
  database_options.sqlite_path = options.data_dir + "/bench.db";
  auto database = store::Database::open(database_options);
  store::migrate(*database);

  auto logger = std::make_shared<Logger>(LogLevel::warn);
  NoInstances instances;
  auto context = std::make_shared<http::ApiContext>(*database, instances);
  auto events = std::make_shared<events::EventLog>(*database);
  http::SseWriterOptions writer_options;
  writer_options.threads = options.writer_threads;
  auto writer = std::make_shared<http::SseWriter>(writer_options, logger);
  http::Router router;
  http::register_health_route(router);
  http::register_event_routes(router, context, events, writer);
  http::HttpServerOptions server_options;
  server_options.port = 0;
  server_options.threads = options.http_threads;
  server_options.max_queued = 1024;
  http::HttpServer server(server_options, std::move(router), logger);
  server.start();

  auto [user, issued] = context->users.create_user_with_token("bench", false, "bench");
  store::AgentFields agent;
  agent.name = "bench";
  agent.backend = "none";
  agent.model = "none";
  const auto agent_record = context->agents.create(user.id, agent);
  std::vector<std::string> conversations;
  std::string hello = std::to_string(server.port()) + " " + issued.token;
  for (int i = 0; i < options.conversations; ++i) {
    conversations.push_back(context->conversations.create(user.id, agent_record.id, std::nullopt).id);
    hello += " " + conversations.back();
  }
  write_line(reply_fd, hello);

  std::string command;
  while (read_line(command_fd, command)) {
    std::istringstream words(command);
    std::string verb;
    words >> verb;
    if (verb == "streams") {
      write_line(reply_fd, std::to_string(writer->stream_count()));
    } else if (verb == "rss") {
      write_line(reply_fd, std::to_string(rss_kb()));
    } else if (verb == "run") {
      int rate = 0;
      long duration_ms = 0;
      words >> rate >> duration_ms;
      const auto period = std::chrono::nanoseconds(1000000000 / rate);
      const auto start = std::chrono::steady_clock::now();
      const auto end = start + std::chrono::milliseconds(duration_ms);
      long ticks = 0;
      long late = 0;
      for (auto next = start; next < end; next += period) {
        std::this_thread::sleep_until(next);
        if (std::chrono::steady_clock::now() - next > period) ++late;
        for (const auto& conversation : conversations)
          events->append(conversation, "job_bench", "message.delta", "{\"t\":" + std::to_string(monotonic_ns()) + "}");
        ++ticks;
      }
      write_line(reply_fd, std::to_string(ticks) + " " + std::to_string(late));
    }
  }
  server.stop(std::chrono::milliseconds(0));
  writer->stop();
  return 0;
}

} // namespace agenthost::bench
