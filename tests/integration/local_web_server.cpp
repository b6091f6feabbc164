#include "local_web_server.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace agenthost::integration {

std::string WebRequest::header(const std::string& lower_case_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_case_name) return value;
  return "";
}

std::string page_title(const std::string& name) { return "Page " + name; }
std::string page_sentence(const std::string& name) { return "This is the page called " + name + "."; }

struct LocalWebServer::State {
  Options options;
  int port = 0;
  mutable std::mutex mutex;
  std::vector<WebRequest> requests;
};

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using Parameters = Poco::URI::QueryParameters;

std::string parameter(const Parameters& parameters, const std::string& name) {
  for (const auto& [key, value] : parameters)
    if (key == name) return value;
  return "";
}

void send(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& content_type,
          const std::string& body) {
  response.setStatus(status);
  response.setContentType(content_type);
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

void redirect(HTTPServerResponse& response, const std::string& location) {
  response.set("Location", location);
  send(response, HTTPResponse::HTTP_FOUND, "text/plain", "moved to " + location + "\n");
}

std::string html_page(const std::string& name) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + page_title(name) +
         "</title>\n<script>var hidden = 'scripts are not text';</script></head>\n<body><h1>" + page_title(name) +
         "</h1>\n<p>" + page_sentence(name) + " Fish &amp; chips.</p></body></html>\n";
}

// SearXNG's /search?format=json answer (searx/webapp.py): the results with their engine
// bookkeeping, and the empty side lists a plain web query gets.
std::string searxng_results(const std::string& query, const std::string& base_url) {
  json::Value results = json::Value::array();
  for (int i = 1; i <= 3; ++i) {
    const std::string path = "/page/result-" + std::to_string(i);
    results.push_back(json::Value::object({
        {"url", base_url + path},
        {"title", "Result " + std::to_string(i) + " about " + query},
        {"content", "Snippet " + std::to_string(i) + " about " + query + ": fish &amp; chips"},
        {"engine", "duckduckgo"},
        {"parsed_url", json::Value::array({"http", base_url.substr(7), path, "", "", ""})},
        {"template", "default.html"},
        {"engines", json::Value::array({"duckduckgo", "wikipedia"})},
        {"positions", json::Value::array({i})},
        {"publishedDate", nullptr},
        {"thumbnail", ""},
        {"score", 3.0 / i},
        {"category", "general"},
    }));
  }
  return json::dump(json::Value::object({{"query", query},
                                         {"number_of_results", 0},
                                         {"results", results},
                                         {"answers", json::Value::array()},
                                         {"corrections", json::Value::array()},
                                         {"infoboxes", json::Value::array()},
                                         {"suggestions", json::Value::array({query + " recipe"})},
                                         {"unresponsive_engines", json::Value::array()}}));
}

// The Brave Search API's web answer (GET /res/v1/web/search): descriptions carry <strong> around
// the query's words, as the real API's do.
std::string brave_results(const std::string& query, int count, const std::string& base_url) {
  json::Value results = json::Value::array();
  for (int i = 1; i <= count; ++i) {
    const std::string path = "/page/brave-" + std::to_string(i);
    results.push_back(json::Value::object({
        {"title", "Brave result " + std::to_string(i) + " about " + query},
        {"url", base_url + path},
        {"is_source_local", false},
        {"is_source_both", false},
        {"description", "All about <strong>" + query + "</strong> &amp; more, part " + std::to_string(i)},
        {"profile", json::Value::object({{"name", "Local"}, {"url", base_url}, {"long_name", "127.0.0.1"}})},
        {"language", "en"},
        {"family_friendly", true},
        {"type", "search_result"},
        {"subtype", "generic"},
        {"meta_url", json::Value::object({{"scheme", "http"}, {"netloc", base_url.substr(7)}, {"path", path}})},
    }));
  }
  return json::dump(json::Value::object(
      {{"query", json::Value::object({{"original", query}, {"more_results_available", false}})},
       {"mixed", json::Value::object({{"type", "mixed"}, {"main", json::Value::array()}})},
       {"type", "search"},
       {"web", json::Value::object({{"type", "search"}, {"results", results}, {"family_friendly", true}})}}));
}

std::string brave_token_invalid() {
  return json::dump(json::Value::object(
      {{"error", json::Value::object({{"code", "SUBSCRIPTION_TOKEN_INVALID"},
                                      {"detail", "The provided subscription token is invalid."},
                                      {"meta", json::Value::object({{"component", "authentication"}})},
                                      {"status", 422}})},
       {"type", "ErrorResponse"}}));
}

class WebHandler : public Poco::Net::HTTPRequestHandler {
public:
  explicit WebHandler(std::shared_ptr<LocalWebServer::State> state) : state_(std::move(state)) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    const Poco::URI uri(request.getURI());
    WebRequest record{uri.getPath(), uri.getRawQuery(), {}};
    for (const auto& [name, value] : request) record.headers.emplace_back(Poco::toLower(name), value);
    {
      std::lock_guard lock(state_->mutex);
      state_->requests.push_back(record);
    }
    route(record, uri.getQueryParameters(), response);
  }

private:
  void route(const WebRequest& request, const Parameters& parameters, HTTPServerResponse& response) const {
    const std::string& path = request.path;
    const std::string base_url = "http://127.0.0.1:" + std::to_string(state_->port);
    if (path.rfind("/page/", 0) == 0) {
      send(response, HTTPResponse::HTTP_OK, "text/html; charset=utf-8", html_page(path.substr(6)));
    } else if (path.rfind("/text/", 0) == 0) {
      send(response, HTTPResponse::HTTP_OK, "text/plain; charset=utf-8", "Plain text " + path.substr(6) + ".\n");
    } else if (path.rfind("/chain/", 0) == 0) {
      const int remaining = std::max(0, std::atoi(path.c_str() + 7));
      if (remaining == 0) {
        send(response, HTTPResponse::HTTP_OK, "text/html; charset=utf-8", html_page("chain end"));
      } else {
        redirect(response, "/chain/" + std::to_string(remaining - 1));
      }
    } else if (path == "/redirect") {
      redirect(response, parameter(parameters, "to"));
    } else if (path == "/metadata-redirect") {
      redirect(response, "http://169.254.169.254/latest/meta-data/");
    } else if (path == "/file.pdf") {
      send(response, HTTPResponse::HTTP_OK, "application/pdf",
           "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    } else if (path == "/oversize") {
      const std::string filler = "<p>" + std::string(state_->options.oversize_bytes, 'x') + "</p>";
      send(response, HTTPResponse::HTTP_OK, "text/html", "<html><head><title>Huge</title></head><body>" + filler);
    } else if (path == "/search") {
      if (parameter(parameters, "format") != "json" || !state_->options.searxng_json_enabled) {
        send(response, HTTPResponse::HTTP_FORBIDDEN, "text/html", "<html><body>403 Forbidden</body></html>");
      } else {
        send(response, HTTPResponse::HTTP_OK, "application/json",
             searxng_results(parameter(parameters, "q"), base_url));
      }
    } else if (path == "/res/v1/web/search") {
      if (request.header("x-subscription-token") != state_->options.brave_api_key) {
        send(response, HTTPResponse::HTTP_UNPROCESSABLE_ENTITY, "application/json", brave_token_invalid());
      } else {
        const std::string count = parameter(parameters, "count");
        const int wanted = count.empty() ? 20 : std::clamp(std::atoi(count.c_str()), 1, 20);
        send(response, HTTPResponse::HTTP_OK, "application/json",
             brave_results(parameter(parameters, "q"), wanted, base_url));
      }
    } else {
      send(response, HTTPResponse::HTTP_NOT_FOUND, "text/plain", "no such page: " + path + "\n");
    }
  }

  std::shared_ptr<LocalWebServer::State> state_;
};

class WebHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit WebHandlerFactory(std::shared_ptr<LocalWebServer::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new WebHandler(state_);
  }

private:
  std::shared_ptr<LocalWebServer::State> state_;
};

} // namespace

struct LocalWebServer::Server {
  Poco::ThreadPool pool{2, 16};
  Poco::Net::ServerSocket socket{Poco::Net::SocketAddress("127.0.0.1", 0)};
  std::unique_ptr<Poco::Net::HTTPServer> http;
};

LocalWebServer::LocalWebServer() : LocalWebServer(Options{}) {}

LocalWebServer::LocalWebServer(Options options)
    : state_(std::make_shared<State>()), server_(std::make_unique<Server>()) {
  state_->options = std::move(options);
  state_->port = server_->socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(false); // one exchange per connection: requests_to counts fetches, and stop is prompt
  params->setMaxThreads(16);
  server_->http =
      std::make_unique<Poco::Net::HTTPServer>(new WebHandlerFactory(state_), server_->pool, server_->socket, params);
  server_->http->start();
}

LocalWebServer::~LocalWebServer() {
  server_->http->stopAll(true);
  server_->pool.joinAll();
}

int LocalWebServer::port() const { return state_->port; }

std::string LocalWebServer::url(const std::string& path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(state_->port) + path_and_query;
}

std::size_t LocalWebServer::requests_to(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::size_t>(std::count_if(state_->requests.begin(), state_->requests.end(),
                                                [&](const WebRequest& request) { return request.path == path; }));
}

std::vector<WebRequest> LocalWebServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

} // namespace agenthost::integration
