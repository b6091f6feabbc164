// A small web for the web tools' tests: one Poco HTTPServer on 127.0.0.1 (a free port), in the
// test's own process, answering what web_fetch and web_search meet on the real web:
//
//   GET /page/NAME          text/html: <title>Page NAME</title>, a heading, a paragraph
//                           "This is the page called NAME." (with an &amp; entity) and a <script>
//   GET /text/NAME          text/plain: "Plain text NAME."
//   GET /chain/N            N >= 1: 302 to the relative "/chain/N-1"; /chain/0 is the page "chain end"
//   GET /redirect?to=URL    302 to URL (percent-decoded), e.g. to a canary or an address the policy refuses
//   GET /metadata-redirect  302 to http://169.254.169.254/latest/meta-data/ (the cloud metadata service)
//   GET /file.pdf           application/pdf (a tiny PDF a text tool cannot read)
//   GET /oversize           text/html of Options::oversize_bytes bytes
//   GET /search             a fake SearXNG: with format=json, the real SearXNG JSON shape (three results
//                           whose URLs are this server's /page/result-1..3); without it, or with
//                           Options::searxng_json_enabled false, 403 as SearXNG answers a format it
//                           does not serve (`json` missing from search.formats in settings.yml)
//   GET /res/v1/web/search  a fake Brave Search API: X-Subscription-Token must equal Options::brave_api_key,
//                           else 422 SUBSCRIPTION_TOKEN_INVALID (Brave's real answer to a bad key);
//                           `count` results in the real shape, descriptions with <strong> markup
//   anything else           404
//
// Every request is recorded (path without the query, the query, headers) so a test counts how
// often a page was really fetched (a cache hit never reaches the server).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::integration {

struct WebRequest {
  std::string path;                                             // "/page/a", without the query
  std::string query;                                            // "q=fish&format=json", still encoded
  std::vector<std::pair<std::string, std::string>> headers;     // names lower-cased
  std::string header(const std::string& lower_case_name) const; // "" when absent
};

class LocalWebServer {
public:
  struct Options {
    std::string brave_api_key = "brave-test-key";
    std::size_t oversize_bytes = 3 * 1024 * 1024; // above web_fetch's default max_bytes (2 MiB)
    bool searxng_json_enabled = true; // false: /search is 403 even with format=json (json not in search.formats)
  };

  LocalWebServer();
  explicit LocalWebServer(Options options);
  ~LocalWebServer(); // stops the server and waits for its handlers
  LocalWebServer(const LocalWebServer&) = delete;
  LocalWebServer& operator=(const LocalWebServer&) = delete;

  int port() const;
  // "http://127.0.0.1:PORT" + path_and_query.
  std::string url(const std::string& path_and_query) const;

  // How many requests reached `path` (without a query), and all requests in arrival order.
  std::size_t requests_to(const std::string& path) const;
  std::vector<WebRequest> requests() const;

  struct State; // shared with the request handlers
private:
  std::shared_ptr<State> state_;
  struct Server;
  std::unique_ptr<Server> server_;
};

// The title and the text LocalWebServer's /page/NAME carries.
std::string page_title(const std::string& name);
std::string page_sentence(const std::string& name);

} // namespace agenthost::integration
