#include "api/http_check.hpp"

#include <agenthost/json.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <stdexcept>

namespace bench::api {
namespace {

namespace json = agenthost::json;

constexpr long kPageSize = 25;

long show_index(const UserSet& user) { return user.conversations / 2; }

json::Value get_json(int port, const std::string& path, const std::string& token) {
  const HttpAnswer answer = http_get(port, path, token);
  if (answer.status != 200) {
    throw std::runtime_error("GET " + path + " answered " + std::to_string(answer.status) + ", not 200: " +
                             answer.body.substr(0, 500));
  }
  return json::parse(answer.body);
}

void expect(bool condition, const std::string& path, const std::string& what) {
  if (!condition) throw std::runtime_error("GET " + path + ": " + what);
}

// A list page must hold the user's conversations from index `first` down, 25 of them (fewer at
// the end), and no message bodies.
void check_page(int port, const UserSet& user, const std::string& path, long page) {
  const json::Value body = get_json(port, path, user.token);
  const json::Value& data = body["data"];
  const long first = user.conversations - 1 - (page - 1) * kPageSize;
  const long expected_count = std::min(kPageSize, first + 1);
  expect(data.is_array() && static_cast<long>(data.size()) == expected_count, path,
         "expected " + std::to_string(expected_count) + " conversations in data, got " + json::dump(data).substr(0, 300));
  for (long k = 0; k < expected_count; ++k) {
    const std::string expected_id = user.conversation_id(first - k);
    expect(data[static_cast<std::size_t>(k)]["id"] == json::Value(expected_id), path,
           "item " + std::to_string(k) + " should be " + expected_id + ", got " + json::dump(data[static_cast<std::size_t>(k)]));
    expect(!data[static_cast<std::size_t>(k)].contains("messages"), path, "a list item carries messages");
  }
  const bool more = first + 1 > kPageSize;
  const json::Value expected_cursor = more ? json::Value(user.cursor_for_page(page + 1)) : json::Value();
  expect(body["next_cursor"] == expected_cursor, path,
         "next_cursor should be " + json::dump(expected_cursor) + ", got " + json::dump(body["next_cursor"]));
}

void check_show(int port, const UserSet& user, const std::string& path) {
  const json::Value body = get_json(port, path, user.token);
  const long index = show_index(user);
  expect(body["id"] == json::Value(user.conversation_id(index)), path, "wrong conversation id " + json::dump(body["id"]));
  const json::Value& messages = body["messages"];
  expect(messages.is_array() && static_cast<long>(messages.size()) == user.messages_per_conversation, path,
         "expected " + std::to_string(user.messages_per_conversation) + " messages");
  for (long j = 0; j < user.messages_per_conversation; ++j) {
    const json::Value& message = messages[static_cast<std::size_t>(j)];
    expect(message["id"] == json::Value(user.message_id(index, j)), path, "message " + std::to_string(j) + " has the wrong id");
    expect(message["content"] == json::Value(user.message_content(index, j)), path,
           "message " + std::to_string(j) + " has the wrong content");
  }
}

} // namespace

HttpAnswer http_get(int port, const std::string& path_and_query, const std::string& token) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(60, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", "Bearer " + token);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpAnswer answer;
  answer.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, answer.body);
  return answer;
}

TimedPaths timed_paths(const Dataset& dataset, long wanted_deep_page) {
  const long pages = (dataset.small.conversations + kPageSize - 1) / kPageSize;
  TimedPaths paths;
  // A page that exists: the one asked for, or the middle page of a small dataset.
  paths.deep_page_number = wanted_deep_page <= pages ? wanted_deep_page : std::max(2L, (pages + 1) / 2);
  if (paths.deep_page_number > pages) {
    throw std::runtime_error("the 100-byte user has only " + std::to_string(pages) +
                             " page(s) of conversations; give --conversations above 25 for a deep page");
  }
  paths.first_page = "/api/v1/conversations?limit=25";
  paths.deep_page = paths.first_page + "&cursor=" + dataset.small.cursor_for_page(paths.deep_page_number);
  paths.show = "/api/v1/conversations/" + dataset.small.conversation_id(show_index(dataset.small));
  paths.large_first_page = paths.first_page;
  return paths;
}

void check_answers(int port, const Dataset& dataset, const TimedPaths& paths) {
  check_page(port, dataset.small, paths.first_page, 1);
  check_page(port, dataset.small, paths.deep_page, paths.deep_page_number);
  check_show(port, dataset.small, paths.show);
  check_page(port, dataset.large, paths.large_first_page, 1);
  // Authentication is what keeps the two users' lists apart: without a token, no list.
  const HttpAnswer anonymous = http_get(port, paths.first_page, "not-a-token");
  if (anonymous.status != 401) {
    throw std::runtime_error("GET " + paths.first_page + " with a wrong token answered " +
                             std::to_string(anonymous.status) + ", not 401");
  }
}

} // namespace bench::api
