#include "http_exchange.hpp"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace agenthost::integration {

namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return value;
  return "";
}

HttpReply exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
                   const HeaderList& headers) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (method == "POST" || method == "PUT" || method == "PATCH") request.setContentLength(0);
  session.sendRequest(request);

  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  reply.content_type = response.getContentType();
  for (const auto& [name, value] : response) reply.headers.emplace(name, value);
  std::ostringstream text;
  Poco::StreamCopier::copyStream(body, text);
  reply.body = text.str();
  return reply;
}

HttpReply exchange(int port, const std::string& method, const std::string& path, const HeaderList& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0)); // bounded: a server that never answers fails the test
  return exchange(session, method, path, headers);
}

} // namespace agenthost::integration
