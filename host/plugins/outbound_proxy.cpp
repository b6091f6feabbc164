#include "plugins/outbound_proxy.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace agenthost::plugins {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The lowercase variable first (curl's convention), then the uppercase one.
std::optional<std::pair<std::string, std::string>> variable(const config::EnvLookup& env, const std::string& lower) {
  for (const std::string& name : {lower, [&] {
         std::string upper = lower;
         std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
         return upper;
       }()}) {
    if (auto value = env(name); value && !value->empty()) return std::make_pair(name, *value);
  }
  return std::nullopt;
}

std::string basic_credentials(const std::string& userinfo) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << userinfo;
  encoder.close();
  return "Basic " + out.str();
}

// Like curl, the default proxy port is 1080.
ProxyEndpoint parse_proxy(const std::string& name, const std::string& value) {
  ProxyEndpoint proxy;
  proxy.variable = name;
  const std::string url = value.find("://") == std::string::npos ? "http://" + value : value;
  try {
    const Poco::URI uri(url);
    if (uri.getScheme() != "http") {
      proxy.error = name + " names a " + uri.getScheme() +
                    ":// proxy; the host speaks only to http:// proxies (HTTPS still goes through them in a CONNECT "
                    "tunnel): fix " + name + " or unset it";
      return proxy;
    }
    proxy.host = uri.getHost();
    proxy.port = uri.getSpecifiedPort() != 0 ? uri.getSpecifiedPort() : 1080;
    if (!uri.getUserInfo().empty()) proxy.authorization = basic_credentials(uri.getUserInfo());
  } catch (const Poco::Exception& e) {
    proxy.error = name + " is not a proxy URL (" + e.displayText() + "); write http://HOST:PORT or unset it";
    return proxy;
  }
  if (proxy.host.empty()) proxy.error = name + " has no host; write http://HOST:PORT or unset it";
  return proxy;
}

} // namespace

std::string ProxyEndpoint::display() const {
  const std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + bracketed + ":" + std::to_string(port);
}

ProxySettings ProxySettings::from_environment(const config::EnvLookup& env) {
  ProxySettings settings;
  if (auto found = variable(env, "http_proxy")) settings.http_ = parse_proxy(found->first, found->second);
  if (auto found = variable(env, "https_proxy")) settings.https_ = parse_proxy(found->first, found->second);
  const auto no_proxy = variable(env, "no_proxy");
  if (!no_proxy) return settings;
  std::string list = no_proxy->second;
  std::replace_if(list.begin(), list.end(), [](char c) { return c == ',' || c == ' ' || c == '\t'; }, '\n');
  std::istringstream entries(list);
  for (std::string entry; std::getline(entries, entry);) {
    entry = lowercase(entry);
    if (entry.empty()) continue;
    if (entry == "*") {
      settings.bypass_all_ = true;
      continue;
    }
    Exemption exemption;
    // "[::1]:8080", "host:8080": a port; a bare IPv6 address has several colons and none.
    // An unreadable port leaves the entry matching no port rather than failing the host's start.
    const auto port_of = [](const std::string& digits) -> std::uint16_t {
      if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
      const unsigned long port = std::stoul(digits);
      return port <= 65535 ? static_cast<std::uint16_t>(port) : 0;
    };
    if (entry.front() == '[') {
      const std::size_t close = entry.find(']');
      if (close == std::string::npos) continue;
      if (close + 2 < entry.size() && entry[close + 1] == ':') exemption.port = port_of(entry.substr(close + 2));
      entry = entry.substr(1, close - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      const std::size_t colon = entry.find(':');
      exemption.port = port_of(entry.substr(colon + 1));
      entry = entry.substr(0, colon);
    }
    std::string why;
    if (auto range = config::parse_cidr(entry, why)) {
      exemption.range = range;
    } else {
      if (entry.compare(0, 2, "*.") == 0) entry.erase(0, 2);
      if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
      if (entry.empty()) continue;
      exemption.domain = entry;
    }
    settings.exemptions_.push_back(exemption);
  }
  return settings;
}

std::string ProxySettings::describe() const {
  const auto one = [](const char* scheme, const std::optional<ProxyEndpoint>& proxy) {
    if (!proxy) return std::string(scheme) + " -> direct";
    if (!proxy->error.empty()) return std::string(scheme) + " -> unusable: " + proxy->error;
    return std::string(scheme) + " -> " + proxy->display() + " (" + proxy->variable + ")";
  };
  return one("https", https_) + "; " + one("http", http_) + "; no_proxy: " +
         (bypass_all_ ? std::string("*") : std::to_string(exemptions_.size()) + " entries");
}

const ProxySettings& ProxySettings::of_process() {
  static const ProxySettings settings = from_environment(config::process_environment());
  return settings;
}

bool ProxySettings::exempt(const std::string& host, std::uint16_t port) const {
  if (bypass_all_) return true;
  const std::string name = lowercase(host);
  const std::optional<config::IpAddress> literal = config::parse_ip_literal(name);
  // A proxy cannot reach this machine's loopback: like Go's http client, never proxy it.
  static const config::IpNetwork loopback4{*config::parse_ip_literal("127.0.0.0"), 8};
  static const config::IpNetwork loopback6{*config::parse_ip_literal("::1"), 128};
  if (name == "localhost" || (name.size() > 10 && name.compare(name.size() - 10, 10, ".localhost") == 0)) return true;
  if (literal && (loopback4.contains(*literal) || loopback6.contains(*literal))) return true;
  for (const Exemption& exemption : exemptions_) {
    if (exemption.port != 0 && exemption.port != port) continue;
    if (exemption.range) {
      if (literal && exemption.range->contains(*literal)) return true;
      continue;
    }
    const std::string& domain = exemption.domain;
    if (name == domain) return true;
    if (name.size() > domain.size() && name.compare(name.size() - domain.size(), domain.size(), domain) == 0 &&
        name[name.size() - domain.size() - 1] == '.')
      return true;
  }
  return false;
}

const ProxyEndpoint* ProxySettings::route(const std::string& scheme, const std::string& host, std::uint16_t port) const {
  const std::optional<ProxyEndpoint>& proxy = scheme == "https" ? https_ : http_;
  if (!proxy || exempt(host, port)) return nullptr;
  return &*proxy;
}

void open_connect_tunnel(Poco::Net::StreamSocket& socket, const ProxyEndpoint& proxy, const std::string& host,
                         std::uint16_t port, std::chrono::milliseconds timeout) {
  const std::string authority = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  if (!proxy.authorization.empty()) request += "Proxy-Authorization: " + proxy.authorization + "\r\n";
  request += "\r\n";
  socket.setSendTimeout(Poco::Timespan(std::max<long long>(timeout.count(), 1) * 1000));
  socket.setReceiveTimeout(Poco::Timespan(std::max<long long>(timeout.count(), 1) * 1000));
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  // One byte at a time: whatever follows the head belongs to the TLS handshake, not to us.
  constexpr std::size_t max_head = 16 * 1024;
  std::string head;
  while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
    char byte;
    if (socket.receiveBytes(&byte, 1) != 1)
      throw ProxyRefused("the proxy " + proxy.display() + " closed the connection instead of opening a tunnel to " +
                         authority);
    head += byte;
    if (head.size() > max_head)
      throw ProxyRefused("the proxy " + proxy.display() + " sent a response head over 16 KiB to CONNECT " + authority);
  }
  const std::string status_line = head.substr(0, head.find("\r\n"));
  const std::size_t space = status_line.find(' ');
  const std::string code = space == std::string::npos ? "" : status_line.substr(space + 1, 3);
  if (code.size() != 3 || code[0] != '2')
    throw ProxyRefused("the proxy " + proxy.display() + " refused to open a tunnel to " + authority + " (it answered '" +
                       status_line + "')");
}

} // namespace agenthost::plugins
