#include "web/local_site.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <cstdlib>

namespace web_bench {
namespace {

namespace json = agenthost::json;

const char* const kWords[] = {"egress", "policy",  "cache",   "fetch",  "search",   "turn",     "plugin", "host",
                              "page",   "address", "request", "stream", "response", "token",    "budget", "clean",
                              "text",   "title",   "redirect", "timeout", "loopback", "public", "window", "store"};
constexpr std::size_t kWordCount = sizeof kWords / sizeof *kWords;

std::string sentence(std::size_t seed, int words) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    std::string word = kWords[(seed * 7 + static_cast<std::size_t>(i) * 5 + seed / 3) % kWordCount];
    if (i == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    out += (i ? " " : "") + word;
  }
  return out + ".";
}

void send(Poco::Net::HTTPServerResponse& response, const std::string& content_type, const std::string& body) {
  response.setContentType(content_type);
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  response.send() << body;
}

class Handler : public Poco::Net::HTTPRequestHandler {
public:
  Handler(const std::string& article, const std::vector<std::string>& corpus, std::atomic<long>& requests)
      : article_(article), corpus_(corpus), requests_(requests) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    ++requests_;
    const Poco::URI uri(request.getURI());
    const std::string& path = uri.getPath();
    if (path == "/page") return send(response, "text/html; charset=utf-8", article_);
    if (path == "/search") {
      std::string query;
      for (const auto& [name, value] : uri.getQueryParameters())
        if (name == "q") query = value;
      return send(response, "application/json", searxng_answer(query));
    }
    const std::string corpus_prefix = "/corpus/";
    if (path.compare(0, corpus_prefix.size(), corpus_prefix) == 0) {
      const std::size_t index = std::strtoul(path.c_str() + corpus_prefix.size(), nullptr, 10);
      // ?as=text serves the page's source as plain text: fetched, but never cleaned.
      const bool as_text = uri.getRawQuery() == "as=text";
      if (index < corpus_.size())
        return send(response, as_text ? "text/plain; charset=utf-8" : "text/html; charset=utf-8", corpus_[index]);
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    send(response, "text/plain", "no such page on the benchmark's local site: " + path);
  }

private:
  const std::string& article_;
  const std::vector<std::string>& corpus_;
  std::atomic<long>& requests_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  HandlerFactory(const std::string& article, const std::vector<std::string>& corpus,
                 std::shared_ptr<std::atomic<long>> requests)
      : article_(article), corpus_(corpus), requests_(std::move(requests)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(article_, corpus_, *requests_);
  }

private:
  const std::string& article_;
  const std::vector<std::string>& corpus_;
  std::shared_ptr<std::atomic<long>> requests_;
};

} // namespace

std::string generated_article(std::size_t bytes) {
  std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>Outbound HTTP and the egress policy</title>"
                     "<style>body{font-family:sans-serif}</style><script>var analytics = 1;</script></head>\n"
                     "<body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/docs\">Docs</a></li></ul></nav>\n"
                     "<main><article><h1>Outbound HTTP and the egress policy</h1>\n";
  for (std::size_t section = 0; html.size() < bytes; ++section) {
    html += "<h2>" + sentence(section, 4) + "</h2>\n";
    for (std::size_t p = 0; p < 4; ++p)
      html += "<p>" + sentence(section * 11 + p, 18) + " <a href=\"/s" + std::to_string(section) + "\">" +
              sentence(p, 3) + "</a> " + sentence(section + p * 13, 22) + " <em>" + sentence(p + 5, 4) +
              "</em></p>\n";
    html += "<ul>";
    for (std::size_t item = 0; item < 5; ++item) html += "<li>" + sentence(section + item, 6) + "</li>";
    html += "</ul>\n<table><tr><th>key</th><th>value</th></tr>";
    for (std::size_t row = 0; row < 3; ++row)
      html += "<tr><td>" + std::string(kWords[(section + row) % kWordCount]) + "</td><td>" +
              std::to_string(section * 100 + row) + "</td></tr>";
    html += "</table>\n";
  }
  return html + "</article></main><footer>&copy; the benchmark</footer></body></html>\n";
}

std::string searxng_answer(const std::string& query) {
  json::Value results = json::Value::array();
  for (int i = 0; i < 10; ++i) {
    const std::string n = std::to_string(i + 1);
    results.push_back(json::Value::object({
        {"url", "https://example.org/" + n + "/" + query.substr(0, 16)},
        {"title", "Result " + n + " about " + query},
        {"content", "<b>" + query + "</b> &amp; " + sentence(static_cast<std::size_t>(i), 24)},
        {"engine", "duckduckgo"},
        {"engines", json::Value::array({"duckduckgo", "wikipedia"})},
        {"positions", json::Value::array({i + 1})},
        {"score", 1.0 / (i + 1)},
        {"category", "general"},
    }));
  }
  json::Value answer = json::Value::object({{"query", query}, {"number_of_results", 0}});
  answer.set("results", std::move(results));
  answer.set("answers", json::Value::array());
  answer.set("corrections", json::Value::array());
  answer.set("infoboxes", json::Value::array());
  answer.set("suggestions", json::Value::array());
  answer.set("unresponsive_engines", json::Value::array());
  return json::dump(answer);
}

LocalSite::LocalSite(std::string article, const std::vector<std::string>& corpus) : article_(std::move(article)) {
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(article_, corpus, requests_),
                                                    Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                                                    params);
  server_->start();
}

LocalSite::~LocalSite() { server_->stopAll(true); }

std::uint16_t LocalSite::port() const { return server_->port(); }

std::string LocalSite::url(const std::string& path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path_and_query;
}

} // namespace web_bench
