// bench_turns_streams: N concurrent SSE event streams at R events/s each, against the host's
// events route on a 32-thread HTTP server. Reports delivered/expected (goal 1.0), p50/p99
// delivery lag (append call → frame parsed by the client), and the host's RSS per stream
// (goal ≤ 50 KB).
//
// Harness (2 cores): the host runs in a forked child (so its RSS is its own; kernel socket
// buffers are not RSS), the client is one epoll thread in the parent holding every stream.
// Streams are spread over --conversations conversations; each conversation gets R events/s,
// so every stream sees R events/s while the store takes conversations × R appends/s.
//
//   bench_turns_streams [--streams 2000,10000] [--rate 20] [--seconds 5] [--conversations 10]
//                       [--writer-threads 2]
#include "stream_host.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::vector<int> streams{2000, 10000};
  int rate = 20;
  int seconds = 5;
  int conversations = 10;
  int writer_threads = 2;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr, "bench_turns_streams: %s\nusage: bench_turns_streams [--streams 2000,10000] [--rate 20] "
                       "[--seconds 5] [--conversations 10] [--writer-threads 2]\n", problem.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--streams") {
      options.streams.clear();
      std::stringstream list(value);
      for (std::string item; std::getline(list, item, ',');) options.streams.push_back(std::stoi(item));
    } else if (flag == "--rate") options.rate = std::stoi(value);
    else if (flag == "--seconds") options.seconds = std::stoi(value);
    else if (flag == "--conversations") options.conversations = std::stoi(value);
    else if (flag == "--writer-threads") options.writer_threads = std::stoi(value);
    else usage("unknown option " + flag);
  }
  if (options.rate < 1 || options.seconds < 1 || options.conversations < 1) usage("values must be positive");
  return options;
}

std::int64_t monotonic_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

class HostProcess {
public:
  HostProcess(const Options& options, const std::string& data_dir) {
    int commands[2];
    int replies[2];
    if (::pipe(commands) != 0 || ::pipe(replies) != 0) usage("pipe() failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(commands[1]);
      ::close(replies[0]);
      agenthost::bench::HostOptions host;
      host.data_dir = data_dir;
      host.conversations = options.conversations;
      host.writer_threads = options.writer_threads;
      std::_Exit(agenthost::bench::run_stream_host(host, commands[0], replies[1]));
    }
    ::close(commands[0]);
    ::close(replies[1]);
    command_fd_ = commands[1];
    reply_fd_ = replies[0];
    std::istringstream hello(read_line());
    hello >> port >> token;
    for (std::string id; hello >> id;) conversations.push_back(id);
    if (port == 0) usage("the host process did not start (see its log above)");
  }
  ~HostProcess() {
    ::close(command_fd_);
    ::close(reply_fd_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::string ask(const std::string& command) {
    const std::string line = command + "\n";
    [[maybe_unused]] const auto written = ::write(command_fd_, line.data(), line.size());
    return read_line();
  }
  void send(const std::string& command) {
    const std::string line = command + "\n";
    [[maybe_unused]] const auto written = ::write(command_fd_, line.data(), line.size());
  }
  std::string read_line() {
    std::string line;
    char c = 0;
    while (::read(reply_fd_, &c, 1) == 1 && c != '\n') line += c;
    return line;
  }
  int reply_fd() const { return reply_fd_; }

  int port = 0;
  std::string token;
  std::vector<std::string> conversations;

private:
  pid_t pid_ = -1;
  int command_fd_ = -1;
  int reply_fd_ = -1;
};

struct Client {
  int fd = -1;
  bool head_done = false;
  std::string buffer;
};

int connect_stream(const HostProcess& host, const std::string& conversation) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) usage("socket() failed: raise the open file limit");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(host.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) usage("connect() failed");
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const std::string request = "GET /api/v1/conversations/" + conversation + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Authorization: Bearer " + host.token + "\r\n\r\n";
  [[maybe_unused]] const auto sent = ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  return fd;
}

// Reads what is there; counts frames and their lag. Returns false when the stream closed.
bool drain(Client& client, long& frames, std::vector<std::int32_t>& lags_us) {
  char chunk[65536];
  for (;;) {
    const ssize_t got = ::recv(client.fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (got == 0) return false;
    if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    client.buffer.append(chunk, static_cast<std::size_t>(got));
    if (!client.head_done) {
      const auto end = client.buffer.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      if (client.buffer.compare(0, 12, "HTTP/1.1 200") != 0) usage("a stream was refused: " + client.buffer.substr(0, 80));
      client.head_done = true;
      client.buffer.erase(0, end + 4);
    }
    const std::int64_t now = monotonic_ns();
    std::size_t start = 0;
    for (std::size_t end; (end = client.buffer.find("\n\n", start)) != std::string::npos; start = end + 2) {
      const auto t = client.buffer.find("\"t\":", start);
      if (t == std::string::npos || t > end) continue; // a heartbeat comment
      ++frames;
      const std::int64_t sent = std::strtoll(client.buffer.c_str() + t + 4, nullptr, 10);
      lags_us.push_back(static_cast<std::int32_t>((now - sent) / 1000));
    }
    client.buffer.erase(0, start);
  }
}

void run_scenario(const Options& options, int streams) {
  char pattern[] = "/tmp/bench_turns_streams.XXXXXX";
  const char* data_dir = ::mkdtemp(pattern);
  if (!data_dir) usage("mkdtemp failed");
  HostProcess host(options, data_dir);
  const long rss_before = std::stol(host.ask("rss"));

  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Client> clients(static_cast<std::size_t>(streams));
  long frames = 0;
  std::vector<std::int32_t> lags_us;
  std::vector<epoll_event> events(1024);
  const auto pump = [&](int timeout_ms) {
    const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), timeout_ms);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == UINT64_MAX) continue;
      drain(clients[events[i].data.u64], frames, lags_us);
    }
  };
  // Opened in batches so the listen backlog never overflows (a dropped SYN costs a 1 s retry).
  constexpr int kBatch = 100;
  for (int first = 0; first < streams; first += kBatch) {
    for (int i = first; i < std::min(streams, first + kBatch); ++i) {
      Client& client = clients[static_cast<std::size_t>(i)];
      client.fd = connect_stream(host, host.conversations[static_cast<std::size_t>(i) % host.conversations.size()]);
      epoll_event interest{};
      interest.events = EPOLLIN;
      interest.data.u64 = static_cast<std::uint64_t>(i);
      ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, client.fd, &interest);
    }
    const auto batch_done = [&] {
      for (int i = first; i < std::min(streams, first + kBatch); ++i)
        if (!clients[static_cast<std::size_t>(i)].head_done) return false;
      return true;
    };
    while (!batch_done()) pump(100);
  }
  while (std::stoi(host.ask("streams")) < streams) pump(10);
  const long rss_open = std::stol(host.ask("rss"));

  const long duration_ms = options.seconds * 1000L;
  host.send("run " + std::to_string(options.rate) + " " + std::to_string(duration_ms));
  epoll_event reply_interest{};
  reply_interest.events = EPOLLIN;
  reply_interest.data.u64 = UINT64_MAX;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, host.reply_fd(), &reply_interest);
  long rss_peak = rss_open;
  for (bool done = false; !done;) {
    const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == UINT64_MAX) done = true;
      else drain(clients[events[i].data.u64], frames, lags_us);
    }
  }
  ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, host.reply_fd(), nullptr);
  std::istringstream result(host.read_line());
  long ticks = 0;
  long late = 0;
  result >> ticks >> late;
  const long expected = ticks * streams;
  // Let the tail arrive: stop when nothing came for a second.
  for (long seen = -1; seen != frames && frames < expected;) {
    seen = frames;
    const auto quiet_until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (std::chrono::steady_clock::now() < quiet_until && frames < expected) pump(50);
  }
  rss_peak = std::max(rss_peak, std::stol(host.ask("rss")));

  std::sort(lags_us.begin(), lags_us.end());
  const auto percentile = [&](double p) {
    return lags_us.empty() ? 0.0 : lags_us[static_cast<std::size_t>(p * static_cast<double>(lags_us.size() - 1))] / 1000.0;
  };
  const double per_stream_kb = static_cast<double>(rss_peak - rss_before) / streams;
  std::printf("%-8d %-5d %-12ld %-12ld %-9.4f %-9.2f %-9.2f %-9.2f %-8ld %-8ld %-10.1f %ld\n", streams,
              options.rate, frames, expected, expected ? static_cast<double>(frames) / static_cast<double>(expected) : 0.0,
              percentile(0.50), percentile(0.99), lags_us.empty() ? 0.0 : lags_us.back() / 1000.0, rss_before / 1024,
              rss_peak / 1024, per_stream_kb, late);
  std::fflush(stdout);
  for (auto& client : clients) ::close(client.fd);
  ::close(epoll_fd);
  std::string cleanup = std::string("rm -rf ") + data_dir;
  [[maybe_unused]] const int removed = std::system(cleanup.c_str());
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &files);
  const int largest = *std::max_element(options.streams.begin(), options.streams.end());
  if (files.rlim_cur < static_cast<rlim_t>(largest) + 200)
    usage("the open file limit (" + std::to_string(files.rlim_cur) + ") is below the stream count; raise ulimit -n");

  std::printf("bench_turns_streams (%s build): %d conversations, %d s per run, %d SSE writer threads, "
              "32 HTTP threads, SQLite\n", AGENTHOST_BUILD_TYPE, options.conversations, options.seconds,
              options.writer_threads);
  std::printf("%-8s %-5s %-12s %-12s %-9s %-9s %-9s %-9s %-8s %-8s %-10s %s\n", "streams", "ev/s", "delivered",
              "expected", "ratio", "p50_ms", "p99_ms", "max_ms", "rss0_MB", "rss_MB", "KB/stream", "late_ticks");
  for (const int streams : options.streams) run_scenario(options, streams);
  return 0;
}
