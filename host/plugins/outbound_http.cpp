#include "plugins/outbound_http.hpp"

#include "plugins/outbound_address.hpp"
#include "plugins/outbound_tls.hpp"

#include "agenthost/url.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <istream>
#include <memory>
#include <ostream>

namespace agenthost::plugins {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Deadlines and cancellation are checked at least this often while waiting for bytes.
constexpr milliseconds poll_slice(100);

// A failure of the exchange, with what the fault layer needs to know about it.
struct ExchangeFailure {
  ah_status status;
  std::string message;
  bool before_head; // no response head arrived: a connection-level failure
};

struct StoppedByCaller {};

// Poco keeps the bytes it has read ahead in the session: a poll on the socket alone would miss
// them and wait for data that is already here.
template <class Session> class PollableSession : public Session {
public:
  using Session::Session;
  bool has_buffered_bytes() const { return this->buffered() > 0; }
};
using PlainSession = PollableSession<Poco::Net::HTTPClientSession>;
using TlsSession = PollableSession<Poco::Net::HTTPSClientSession>;

milliseconds or_default(int64_t ms, milliseconds fallback) { return ms > 0 ? milliseconds(ms) : fallback; }

Poco::Timespan timespan(milliseconds ms) { return Poco::Timespan(std::max<int64_t>(ms.count(), 1) * 1000); }

// The request target as the URL writes it: its path ("/" when empty) and query, never the
// fragment. Poco's getPathEtc() would decode and re-encode the path (`group%2Fproject` becoming
// `group/project`, `(x)` becoming `%28x%29`) and send the `#fragment`; servers must see the path
// the caller wrote.
std::string request_target(const std::string& url, const Poco::URI& uri) {
  const std::optional<agenthost::url::Url> parsed = agenthost::url::parse(url);
  if (!parsed) {
    const std::string fallback = uri.getPathAndQuery();
    return fallback.empty() || fallback[0] != '/' ? "/" + fallback : fallback;
  }
  std::string target = parsed->path.empty() ? "/" : parsed->path;
  if (!parsed->query.empty()) target += "?" + parsed->query;
  return target;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Headers the host writes itself: a plugin's value would change where the request goes (Host),
// how its body is framed (Content-Length, Transfer-Encoding) or the connection (Connection...).
bool host_owned_header(std::string_view name) {
  for (const char* owned : {"Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade",
                            "TE", "Trailer", "Proxy-Authorization", "Proxy-Connection"})
    if (same_name(name, owned)) return true;
  return false;
}

// Headers that still go with a redirect to another origin; every other header (Authorization,
// API keys, cookies) was meant for the first origin only.
bool follows_to_other_origins(std::string_view name) {
  for (const char* safe : {"Accept", "Accept-Language", "Accept-Encoding", "User-Agent"})
    if (same_name(name, safe)) return true;
  return false;
}

// Why a plugin's header cannot be sent as is, or "" when it can. A CR or LF would end the header
// and start another (header injection); a name must be an HTTP token.
std::string header_problem(const std::string& name, const std::string& value) {
  if (name.empty()) return "a header has an empty name";
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos)
      return "the header name '" + name + "' is not an HTTP token";
  }
  if (host_owned_header(name)) return "the header '" + name + "' is set by the host, not by plugins";
  for (const char c : value)
    if (c == '\r' || c == '\n' || c == '\0')
      return "the value of header '" + name + "' contains a line break or NUL (header injection)";
  return {};
}

std::string origin_of(const Poco::URI& uri) {
  const std::string& host = uri.getHost();
  const std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return uri.getScheme() + "://" + bracketed + ":" + std::to_string(uri.getPort());
}

bool is_redirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

class Exchange {
public:
  Exchange(const OutboundRequest& request, const OutboundCallbacks& callbacks, const OutboundDefaults& defaults,
           const ProxySettings* proxy)
      : request_(request), callbacks_(callbacks), proxy_(proxy),
        connect_timeout_(or_default(request.connect_timeout_ms, defaults.connect_timeout)),
        read_timeout_(or_default(request.read_timeout_ms, defaults.read_timeout)),
        total_timeout_(or_default(request.total_timeout_ms, defaults.total_timeout)),
        max_bytes_(request.max_response_bytes > 0 ? request.max_response_bytes : defaults.max_response_bytes),
        total_end_(Clock::now() + total_timeout_) {}

  OutboundResult run() {
    record();
    try {
      for (const auto& [name, value] : request_.headers)
        if (const std::string problem = header_problem(name, value); !problem.empty())
          throw ExchangeFailure{AH_ERR_INVALID_ARGUMENT, "refused to send the request: " + problem, true};
      url_ = request_.url;
      Poco::URI uri = parse(url_);
      first_origin_ = origin_;
      const bool may_redirect = request_.method == "GET" || request_.method == "HEAD";
      for (int hop = 0;; ++hop) {
        const bool follow = may_redirect && request_.max_redirects > 0;
        if (!exchange_once(uri, follow)) return {};
        if (hop >= request_.max_redirects)
          throw ExchangeFailure{AH_ERR_UPSTREAM,
                                origin_ + " redirected more than " + std::to_string(request_.max_redirects) +
                                    " times (the request allows at most that many)",
                                false};
        uri = next_hop();
      }
    } catch (const ExchangeFailure& failure) {
      outcome_.connection_error = failure.before_head;
      outcome_.error = failure.message;
      record();
      return {failure.status, failure.message, false};
    } catch (const StoppedByCaller&) {
      return {AH_ERR_CANCELLED, "", true};
    }
  }

private:
  Poco::URI parse(const std::string& url) {
    Poco::URI uri;
    try {
      uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
      throw ExchangeFailure{AH_ERR_INVALID_ARGUMENT, "the URL is malformed; give an absolute http:// or https:// URL",
                            true};
    }
    check_target(uri);
    return uri;
  }

  void check_target(const Poco::URI& uri) {
    const std::string& scheme = uri.getScheme();
    if (scheme != "http" && scheme != "https")
      throw ExchangeFailure{AH_ERR_INVALID_ARGUMENT,
                            "only http:// and https:// URLs can be fetched (got '" + scheme + ":')", true};
    if (uri.getHost().empty())
      throw ExchangeFailure{AH_ERR_INVALID_ARGUMENT, "the URL has no host; give an absolute URL", true};
    origin_ = origin_of(uri);
    if (!uri.getUserInfo().empty())
      throw ExchangeFailure{AH_ERR_INVALID_ARGUMENT,
                            "URLs with credentials in them (user@host) are refused: " + origin_ +
                                "; send credentials in a header instead",
                            true};
  }

  // The URL kept as a string (url_) is resolved per RFC 3986, so the next hop's path is sent as
  // the Location wrote it; Poco's URI gives the scheme, host and port that are checked.
  Poco::URI next_hop() {
    const std::string from = origin_;
    url_ = agenthost::url::resolve(url_, location_);
    Poco::URI next;
    try {
      next = Poco::URI(url_);
    } catch (const Poco::Exception&) {
      throw ExchangeFailure{AH_ERR_UPSTREAM, from + " redirected to a malformed Location", false};
    }
    check_target(next);
    return next;
  }

  // One request/response; returns true when it was a redirect to follow (location_ set).
  bool exchange_once(const Poco::URI& uri, bool follow_redirects) {
    outcome_ = UpstreamOutcome{};
    record();
    std::unique_ptr<Poco::Net::HTTPClientSession> owned;
    auto* session = connect(uri, owned);
    send(*session, uri);
    Poco::Net::HTTPResponse response;
    std::istream& body = receive_head(*session, response);
    const int status = static_cast<int>(response.getStatus());
    outcome_.status = status;
    if (response.has("Retry-After")) outcome_.retry_after = response.get("Retry-After");
    if (response.has("retry-after-ms")) outcome_.retry_after_ms = response.get("retry-after-ms");
    record();
    if (follow_redirects && is_redirect(status) && response.has("Location")) {
      location_ = response.get("Location");
      return true;
    }
    HttpHeaders headers;
    for (const auto& [name, value] : response) headers.emplace_back(name, value);
    if (callbacks_.on_head && !callbacks_.on_head(status, headers)) throw StoppedByCaller{};
    if (response.hasContentLength() && response.getContentLength64() > max_bytes_)
      throw too_large(" (it announced " + std::to_string(response.getContentLength64()) + " bytes)");
    stream_body(*session, body, response);
    return false;
  }

  Poco::Net::HTTPClientSession* connect(const Poco::URI& uri, std::unique_ptr<Poco::Net::HTTPClientSession>& owned) {
    check_cancelled("before connecting");
    via_ = proxy_ ? proxy_->route(uri.getScheme(), uri.getHost(), uri.getPort()) : nullptr;
    const Poco::Net::SocketAddress address =
        via_ ? proxy_address(uri) : Poco::Net::SocketAddress(choose_address(uri.getHost()), uri.getPort());
    const std::string peer = via_ ? "the proxy " + via_->display() + " (for " + origin_ + ")" : origin_;
    const milliseconds budget = std::min(connect_timeout_, remaining());
    Poco::Net::StreamSocket socket;
    try {
      socket.connect(address, timespan(budget));
      socket.setNoDelay(true); // request bodies and small reads must not wait for Nagle
    } catch (const Poco::TimeoutException&) {
      throw ExchangeFailure{AH_ERR_TIMEOUT, "connecting to " + peer + " timed out after " +
                                                std::to_string(budget.count()) + " ms", true};
    } catch (const Poco::Net::ConnectionRefusedException&) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, peer + " refused the connection (is the server running?)", true};
    } catch (const Poco::Exception& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "cannot connect to " + peer + ": " + e.displayText(), true};
    }
    if (uri.getScheme() == "http") {
      owned = std::make_unique<PlainSession>(socket);
      return owned.get();
    }
    try {
      if (via_) open_connect_tunnel(socket, *via_, canonical_host(uri.getHost()), uri.getPort(), budget);
    } catch (const ProxyRefused& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, e.what(), true};
    } catch (const Poco::TimeoutException&) {
      throw ExchangeFailure{AH_ERR_TIMEOUT, peer + " did not answer CONNECT within " + std::to_string(budget.count()) +
                                                " ms", true};
    } catch (const Poco::Exception& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "opening a tunnel through " + peer + " failed: " + e.displayText(),
                            true};
    }
    try {
      socket.setReceiveTimeout(timespan(budget));
      socket.setSendTimeout(timespan(budget));
      Poco::Net::SecureStreamSocket tls =
          Poco::Net::SecureStreamSocket::attach(socket, uri.getHost(), outbound_tls_context());
      owned = std::make_unique<TlsSession>(tls);
      return owned.get();
    } catch (const Poco::Exception& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "the TLS handshake with " + origin_ + " failed: " + e.displayText(),
                            true};
    }
  }

  // Where the proxy is, when this hop goes through one. A policy that checks addresses still
  // resolves the target here and judges every answer; the proxy then resolves it again itself.
  Poco::Net::SocketAddress proxy_address(const Poco::URI& uri) {
    if (!via_->error.empty())
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "cannot reach " + origin_ + " through the proxy: " + via_->error, true};
    if (callbacks_.choose_address) choose_address(uri.getHost());
    try {
      return Poco::Net::SocketAddress(resolve_host(via_->host).front(), via_->port);
    } catch (const Poco::Exception&) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE,
                            "cannot resolve the proxy " + via_->display() + " (from " + via_->variable + ")", true};
    }
  }

  Poco::Net::IPAddress choose_address(const std::string& host) {
    std::vector<Poco::Net::IPAddress> answers;
    try {
      answers = resolve_host(host);
    } catch (const Poco::Exception&) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE,
                            "cannot resolve the host of " + origin_ + " (check the URL" +
                                (via_ ? std::string("; the egress policy resolves names here even when a proxy "
                                                    "carries the request)")
                                      : std::string(")")),
                            true};
    }
    if (answers.empty())
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "the host of " + origin_ + " has no address", true};
    if (!callbacks_.choose_address) return answers.front();
    try {
      return callbacks_.choose_address(host, answers);
    } catch (const EgressRefused& refused) {
      throw ExchangeFailure{AH_ERR_PERMISSION, refused.what(), true};
    }
  }

  void send(Poco::Net::HTTPClientSession& session, const Poco::URI& uri) {
    const std::string path = request_target(url_, uri);
    // Plain HTTP through a proxy: the absolute form tells the proxy where to go.
    const bool absolute_form = via_ && uri.getScheme() == "http";
    const std::string target = canonical_host(uri.getHost());
    const std::string authority = (target.find(':') != std::string::npos ? "[" + target + "]" : target) + ":" +
                                  std::to_string(uri.getPort());
    Poco::Net::HTTPRequest out(request_.method, absolute_form ? "http://" + authority + path : path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    out.setHost(uri.getHost(), uri.getPort());
    if (absolute_form && !via_->authorization.empty()) out.set("Proxy-Authorization", via_->authorization);
    out.setKeepAlive(false);
    // A redirect to another origin carries none of the plugin's credentials.
    const bool other_origin = origin_ != first_origin_;
    bool accept_encoding = false;
    for (const auto& [name, value] : request_.headers) {
      if (other_origin && !follows_to_other_origins(name)) continue;
      accept_encoding = accept_encoding || same_name(name, "Accept-Encoding");
      out.set(name, value);
    }
    // The host does not decode Content-Encoding: ask for the bytes as they are, so a plugin never
    // receives (or is bombed by) a compressed body it did not ask for.
    if (!accept_encoding) out.set("Accept-Encoding", "identity");
    if (!request_.body.empty() || request_.method == "POST" || request_.method == "PUT" || request_.method == "PATCH")
      out.setContentLength64(static_cast<Poco::Int64>(request_.body.size()));
    try {
      session.socket().setSendTimeout(timespan(remaining()));
      std::ostream& stream = session.sendRequest(out);
      stream.write(request_.body.data(), static_cast<std::streamsize>(request_.body.size()));
      stream.flush();
      if (!stream) throw Poco::IOException("the connection broke");
    } catch (const Poco::TimeoutException&) {
      throw total_timeout("sending the request");
    } catch (const Poco::Exception& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE, "sending the request to " + origin_ + " failed: " + e.displayText(),
                            true};
    }
  }

  std::istream& receive_head(Poco::Net::HTTPClientSession& session, Poco::Net::HTTPResponse& response) {
    wait_readable(session, nullptr, "waiting for the response");
    try {
      session.socket().setReceiveTimeout(timespan(std::min(read_timeout_, remaining())));
      std::istream& body = session.receiveResponse(response);
      body.exceptions(std::ios::badbit); // a broken stream rethrows Poco's reason
      last_bytes_ = Clock::now();
      return body;
    } catch (const Poco::TimeoutException&) {
      throw ExchangeFailure{AH_ERR_TIMEOUT, origin_ + " sent an incomplete response head, then nothing", true};
    } catch (const Poco::Exception& e) {
      throw ExchangeFailure{AH_ERR_UNAVAILABLE,
                            origin_ + " closed the connection or sent no valid response: " + e.displayText(), true};
    }
  }

  void stream_body(Poco::Net::HTTPClientSession& session, std::istream& body, const Poco::Net::HTTPResponse& head) {
    char buffer[16384];
    int64_t received = 0;
    // Reads block for one poll slice at most: Poco parses chunk framing inside the stream, so a
    // readable socket does not mean body bytes are ready, and a read may wait for the next chunk.
    session.socket().setReceiveTimeout(timespan(poll_slice));
    for (;;) {
      wait_readable(session, &body, "reading the response body");
      std::streamsize n = 0;
      try {
        if (body.peek() == std::char_traits<char>::eof()) break;
        n = body.readsome(buffer, sizeof buffer);
      } catch (const Poco::TimeoutException&) {
        // Nothing within the slice: wait_readable checks cancellation and the deadlines. (Poco
        // keeps its chunk state across the retry unless the slice ends inside a chunk-size line,
        // which servers write in one piece.)
        body.clear();
        continue;
      } catch (const std::exception& e) {
        const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
        throw ExchangeFailure{AH_ERR_UNAVAILABLE,
                              "the connection to " + origin_ + " broke in the middle of the response body: " +
                                  (poco ? poco->displayText() : std::string(e.what())),
                              false};
      }
      if (n <= 0) continue;
      received += n;
      if (received > max_bytes_) throw too_large("");
      last_bytes_ = Clock::now();
      if (!outcome_.body_started) {
        outcome_.body_started = true;
        record();
      }
      if (callbacks_.on_body && !callbacks_.on_body(std::string_view(buffer, static_cast<std::size_t>(n))))
        throw StoppedByCaller{};
    }
    if (head.hasContentLength() && received < head.getContentLength64())
      throw ExchangeFailure{AH_ERR_UNAVAILABLE,
                            origin_ + " closed the connection after " + std::to_string(received) + " of " +
                                std::to_string(head.getContentLength64()) + " body bytes",
                            false};
  }

  // Returns once bytes can be read without blocking; in between, notices cancellation and the
  // read and total deadlines within a poll slice.
  void wait_readable(Poco::Net::HTTPClientSession& session, std::istream* body, const char* doing) {
    Poco::Net::StreamSocket& socket = session.socket();
    const auto* pollable = dynamic_cast<const PlainSession*>(&session);
    const auto* tls = dynamic_cast<const TlsSession*>(&session);
    const bool before_head = body == nullptr;
    if (before_head) last_bytes_ = Clock::now();
    for (;;) {
      check_cancelled(doing);
      const Clock::time_point now = Clock::now();
      if (now >= total_end_) throw total_timeout(doing);
      const Clock::time_point read_end = last_bytes_ + read_timeout_;
      if (now >= read_end) {
        ExchangeFailure failure = read_timeout();
        failure.before_head = before_head;
        throw failure;
      }
      if (body && body->rdbuf()->in_avail() > 0) return;
      if ((pollable && pollable->has_buffered_bytes()) || (tls && tls->has_buffered_bytes())) return;
      if (socket.available() > 0) return;
      const auto slice = std::min({Clock::duration(poll_slice), total_end_ - now, read_end - now});
      try {
        if (socket.poll(timespan(std::chrono::duration_cast<milliseconds>(slice)),
                        Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR))
          return;
      } catch (const Poco::Exception& e) {
        throw ExchangeFailure{AH_ERR_UNAVAILABLE, "the connection to " + origin_ + " failed: " + e.displayText(),
                              before_head};
      }
    }
  }

  void check_cancelled(const char* doing) {
    if (callbacks_.cancelled && callbacks_.cancelled())
      throw ExchangeFailure{AH_ERR_CANCELLED,
                            std::string("the call was cancelled ") + doing + " (" + origin_ + ")", false};
  }

  milliseconds remaining() const {
    return std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(total_end_ - Clock::now()));
  }

  ExchangeFailure total_timeout(const char* doing) const {
    return ExchangeFailure{AH_ERR_TIMEOUT,
                           "the exchange with " + origin_ + " took longer than its total timeout of " +
                               std::to_string(total_timeout_.count()) + " ms (" + doing + ")",
                           outcome_.status == 0};
  }
  ExchangeFailure read_timeout() const {
    return ExchangeFailure{AH_ERR_TIMEOUT,
                           origin_ + " sent nothing for " + std::to_string(read_timeout_.count()) +
                               " ms (the read timeout)",
                           outcome_.status == 0};
  }
  ExchangeFailure too_large(const std::string& detail) const {
    return ExchangeFailure{AH_ERR_TOO_LARGE,
                           "the response from " + origin_ + " is larger than the cap of " +
                               std::to_string(max_bytes_) + " bytes" + detail,
                           false};
  }

  void record() {
    if (callbacks_.record) callbacks_.record(outcome_);
  }

  const OutboundRequest& request_;
  const OutboundCallbacks& callbacks_;
  const ProxySettings* const proxy_;
  const ProxyEndpoint* via_ = nullptr; // the proxy of the current hop, if any
  const milliseconds connect_timeout_, read_timeout_, total_timeout_;
  const int64_t max_bytes_;
  const Clock::time_point total_end_;
  Clock::time_point last_bytes_ = Clock::now();
  std::string origin_ = "(no URL yet)";
  std::string first_origin_; // of the URL the caller asked for
  std::string url_;          // of the current hop, as written (resolved against the previous hop)
  std::string location_;
  UpstreamOutcome outcome_;
};

} // namespace

OutboundResult perform_outbound_http(const OutboundRequest& request, const OutboundCallbacks& callbacks,
                                     const OutboundDefaults& defaults, const ProxySettings* proxy) {
  try {
    return Exchange(request, callbacks, defaults, proxy).run();
  } catch (const std::exception& e) {
    return {AH_ERR_INTERNAL, std::string("the host's HTTP client failed unexpectedly: ") + e.what(), false};
  } catch (...) {
    return {AH_ERR_INTERNAL, "the host's HTTP client failed unexpectedly", false};
  }
}

} // namespace agenthost::plugins
