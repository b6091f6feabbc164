#include "http/request.hpp"

#include "common/error.hpp"

#include <Poco/Net/HTTPServerRequest.h>

namespace agenthost::http {

Request::Request(Poco::Net::HTTPServerRequest& poco, BodyReader& body, RequestTarget target,
                 PathParams path_params, QueryParams query_params, std::string request_id)
    : poco_(poco), body_(body), target_(std::move(target)), path_params_(std::move(path_params)),
      query_params_(std::move(query_params)), request_id_(std::move(request_id)) {}

const std::string& Request::method() const { return poco_.getMethod(); }

const std::string& Request::path_param(std::string_view name) const {
  const auto found = path_params_.find(name);
  if (found == path_params_.end()) {
    throw Error(ErrorKind::internal, "handler asked for path parameter '" + std::string(name) +
                                         "', which the route pattern does not declare");
  }
  return found->second;
}

std::optional<std::string> Request::query(std::string_view name) const {
  for (const auto& [key, value] : query_params_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Request::query_all(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : query_params_) {
    if (key == name) values.push_back(value);
  }
  return values;
}

std::optional<std::string> Request::header(const std::string& name) const {
  const auto found = poco_.find(name);
  if (found == poco_.end()) return std::nullopt;
  return found->second;
}

} // namespace agenthost::http
