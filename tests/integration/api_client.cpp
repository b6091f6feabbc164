#include "api_client.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace agenthost::integration {

HttpReply api_call(int port, const std::string& method, const std::string& path, const std::string& token,
                   const std::optional<json::Value>& json_body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0)); // bounded: a server that never answers fails the test
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  const std::string body = json_body ? json::dump(*json_body) : std::string();
  if (json_body) request.setContentType("application/json");
  if (json_body || method == "POST" || method == "PATCH" || method == "PUT") {
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;

  Poco::Net::HTTPResponse response;
  std::istream& received = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  reply.content_type = response.getContentType();
  for (const auto& [name, value] : response) reply.headers.emplace(name, value);
  std::ostringstream text;
  Poco::StreamCopier::copyStream(received, text);
  reply.body = text.str();
  return reply;
}

json::Value json_of(const HttpReply& reply) {
  try {
    return json::parse(reply.body);
  } catch (const std::exception&) {
    return json::Value(reply.body);
  }
}

} // namespace agenthost::integration
