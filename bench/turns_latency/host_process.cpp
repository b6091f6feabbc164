#include "host_process.hpp"

#include "harness.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;
namespace json = agenthost::json;

json::Value call(int port, const std::string& method, const std::string& path, const std::string& token,
                 const std::string& body = "") {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + token);
  if (!body.empty()) {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  if (response.getStatus() >= 300) bench::mismatch(method + " " + path + " answered " + text.str());
  return json::parse(text.str());
}

// A live SSE stream, read line by line.
class EventStream {
public:
  EventStream(int port, const std::string& token, const std::string& conversation) {
    socket_.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket_.setNoDelay(true);
    socket_.setReceiveTimeout(Poco::Timespan(30, 0));
    const std::string request = "GET /api/v1/conversations/" + conversation +
                                "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    socket_.sendBytes(request.data(), static_cast<int>(request.size()));
    for (std::string line = next_line(); !line.empty(); line = next_line()) {
    } // the headers: the stream is subscribed once they are sent
  }
  std::string next_line() {
    for (;;) {
      const std::size_t end = buffer_.find('\n');
      if (end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      char chunk[8192];
      const int n = socket_.receiveBytes(chunk, sizeof chunk);
      if (n <= 0) bench::mismatch("the event stream ended before the turn did");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

private:
  Poco::Net::StreamSocket socket_;
  std::string buffer_;
};

} // namespace

HostProcess::HostProcess(const std::string& binary, int token_delay_ms) {
  dir_ = (std::filesystem::temp_directory_path() / ("agenthost-bench-turns-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ + "/agenthost.conf")
      << "[backend.demo]\nplugin = scripted\ntoken_delay_ms = " << token_delay_ms
      << "\n\n[agent.demo]\nbackend = demo\nmodel = demo\n";
  out_ = std::make_unique<Poco::Pipe>();
  // Request logs go nowhere: the host's stderr is not what is measured.
  const std::string command = "exec '" + binary + "' serve --listen 127.0.0.1:0 --config '" + dir_ +
                              "/agenthost.conf' --data-dir '" + dir_ + "/data' 2>/dev/null";
  process_ = std::make_unique<Poco::ProcessHandle>(
      Poco::Process::launch("/bin/sh", {"-c", command}, nullptr, out_.get(), nullptr));
  Poco::PipeInputStream out(*out_);
  const std::string token_marker = "admin token (also in ";
  const std::string listening_marker = "agenthost listening on http://127.0.0.1:";
  for (std::string line; std::getline(out, line);) {
    if (line.rfind(token_marker, 0) == 0) token_ = line.substr(line.rfind(": ") + 2);
    if (line.rfind(listening_marker, 0) == 0) {
      port_ = std::atoi(line.c_str() + listening_marker.size());
      break;
    }
  }
  if (port_ == 0 || token_.empty()) bench::mismatch("agenthost serve did not start (run it by hand on " + dir_ + ")");
  const json::Value agents = call(port_, "GET", "/api/v1/agents", token_);
  const std::string agent = agents["data"][0]["id"].as_string();
  conversation_ = call(port_, "POST", "/api/v1/conversations", token_,
                       json::dump(json::Value::object({{"agent_id", agent}})))["id"]
                      .as_string();
}

HostProcess::~HostProcess() {
  try {
    Poco::Process::requestTermination(process_->id());
    process_->wait();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

double HostProcess::host_cpu_seconds() const {
  std::ifstream stat("/proc/" + std::to_string(process_->id()) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2)); // after "pid (comm) "
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::atol(field.c_str()); // utime, stime
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

TurnSample HostProcess::run(const std::string& content, int tokens) {
  EventStream stream(port_, token_, conversation_);
  const double cpu_before = host_cpu_seconds();
  const Clock::time_point start = Clock::now();
  call(port_, "POST", "/api/v1/conversations/" + conversation_ + "/messages", token_,
       json::dump(json::Value::object({{"content", content}})));
  std::optional<Clock::time_point> first;
  std::string type;
  std::string text;
  for (;;) {
    const std::string line = stream.next_line();
    if (line.rfind("event: ", 0) == 0) type = line.substr(7);
    if (line.rfind("data: ", 0) != 0) continue;
    if (type == "message.delta") {
      if (!first) first = Clock::now();
      text += json::parse(line.substr(6))["text"].as_string();
    }
    if (type == "turn.completed") break;
    if (type == "turn.failed" || type == "turn.cancelled") bench::mismatch("the turn ended with " + type + ": " + line);
  }
  const double cpu = host_cpu_seconds() - cpu_before;
  if (text != content || !first) bench::mismatch("the host's stream did not carry the echoed message exactly");
  return TurnSample{std::chrono::duration<double, std::milli>(*first - start).count(), cpu * 1e6 / tokens};
}

} // namespace bench
