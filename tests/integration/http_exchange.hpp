// One HTTP request to a host on the loopback interface, answered in full (status, headers,
// body), with a bounded timeout. Uses Poco's client, not the host's own code.
#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <map>
#include <string>

namespace agenthost::integration {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::map<std::string, std::string> headers; // as sent; look up with header()
  std::string body;

  // The header's value, or "" when absent (names compare case-insensitively).
  std::string header(const std::string& name) const;
};

using HeaderList = std::map<std::string, std::string>;

// Sends `method path` over `session` (a keep-alive connection, reused by the caller).
HttpReply exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
                   const HeaderList& headers = {});

// The same on a fresh connection to 127.0.0.1:port.
HttpReply exchange(int port, const std::string& method, const std::string& path, const HeaderList& headers = {});

} // namespace agenthost::integration
