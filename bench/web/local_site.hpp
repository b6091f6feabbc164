// The local web the benchmark's tools talk to: a Poco HTTP server on 127.0.0.1 serving
//   /page?...         one generated ~50 KB HTML article (the query is ignored, so distinct URLs
//                     name the same page: each one is a cache miss for web_fetch);
//   /corpus/N         page N of the HTML corpus, as is (text/html; with ?as=text, text/plain);
//   /search?q=...     a SearXNG-shaped JSON answer (format=json) with ten results.
// Every answered request is counted, so the benchmark can check that a cache hit reached no
// server.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace web_bench {

// About `bytes` of deterministic HTML: a title, navigation, headings, paragraphs, a list and a
// table, so the html_to_text step does the work a real article asks of it.
std::string generated_article(std::size_t bytes);

// A SearXNG /search answer for `query`: ten results with HTML in their snippets, plus the fields
// a real instance sends that a client ignores (engine, score, infoboxes, unresponsive_engines).
std::string searxng_answer(const std::string& query);

class LocalSite {
public:
  // `corpus` must outlive the site.
  LocalSite(std::string article, const std::vector<std::string>& corpus);
  LocalSite(const LocalSite&) = delete;
  LocalSite& operator=(const LocalSite&) = delete;
  ~LocalSite();

  std::uint16_t port() const;
  std::string url(const std::string& path_and_query) const; // "http://127.0.0.1:PORT" + path
  const std::string& article() const { return article_; }
  long requests() const { return requests_->load(); }

private:
  std::string article_;
  std::shared_ptr<std::atomic<long>> requests_ = std::make_shared<std::atomic<long>>(0);
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace web_bench
