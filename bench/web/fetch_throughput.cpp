#include "web/fetch_throughput.hpp"

#include "harness.hpp"

#include "agenthost/json.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <functional>
#include <iostream>

namespace web_bench {
namespace {

namespace json = agenthost::json;
using Clock = std::chrono::steady_clock;

// One side of a case: the text that comes out for page N.
using Side = std::function<std::string(std::size_t page)>;

// The reference's download: a new connection per page, closed after the response (Connection:
// close), as the host's outbound HTTP does.
std::string plain_get(const LocalSite& site, const std::string& path) {
  Poco::Net::HTTPClientSession session("127.0.0.1", site.port());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(false);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string body;
  Poco::StreamCopier::copyToString(in, body);
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
    bench::mismatch("the local site answered " + std::to_string(response.getStatus()) + " for " + path);
  return body;
}

std::string fetch(const BenchHost& host, const std::string& tool, const std::string& url) {
  return host.invoke(tool, json::dump(json::Value::object({{"url", url}})));
}

std::string fetched_text(const BenchHost& host, const std::string& tool, const std::string& url) {
  const json::Value result = json::parse(fetch(host, tool, url));
  if (result.get_or("truncated", false))
    bench::mismatch("web_fetch truncated " + url + ": the benchmark's max_bytes and max_tokens must cover every page");
  return result["text"].as_string();
}

void check_same_text(const ThroughputResult& what, std::size_t page, const std::string& ours,
                     const std::string& reference) {
  if (ours == reference) return;
  std::size_t at = 0;
  while (at < ours.size() && at < reference.size() && ours[at] == reference[at]) ++at;
  bench::mismatch(what.name + ", page " + std::to_string(page) + ": ours gave " + std::to_string(ours.size()) +
                  " bytes, the reference " + std::to_string(reference.size()) + ", differing from byte " +
                  std::to_string(at) + ": '" + ours.substr(at, 60) + "' vs '" + reference.substr(at, 60) + "'");
}

double timed_call(const Side& side, std::size_t page) {
  const Clock::time_point start = Clock::now();
  bench::keep(side(page).size());
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// `ours_text` is `ours` with the text taken out of the tool's JSON result: checked against the
// reference, but not timed (the model reads the JSON; nobody parses it on the host's side).
void measure(ThroughputResult& what, const std::vector<std::string>& corpus, const Side& ours, const Side& ours_text,
             const Side& reference, int rounds) {
  what.pages = corpus.size();
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    const std::string text = ours_text(i);
    check_same_text(what, i, text, reference(i));
    what.html_bytes += static_cast<double>(corpus[i].size());
    what.text_bytes += static_cast<double>(text.size());
  }
  // Interleaved page by page (which side goes first alternates too), so that both sides of a
  // round see the same load on a shared machine; a round's time is the sum over the pages.
  for (int round = 0; round < rounds; ++round) {
    double ours_ms = 0, reference_ms = 0;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      if ((i + static_cast<std::size_t>(round)) % 2 == 0) {
        ours_ms += timed_call(ours, i);
        reference_ms += timed_call(reference, i);
      } else {
        reference_ms += timed_call(reference, i);
        ours_ms += timed_call(ours, i);
      }
    }
    what.ours_ms.push_back(ours_ms);
    what.reference_ms.push_back(reference_ms);
    what.ratios.push_back(ours_ms / reference_ms);
    std::cerr << "  " << what.name << ", round " << round + 1 << ": ours " << bench::detail::format_figure(ours_ms)
              << " ms, reference " << bench::detail::format_figure(reference_ms) << " ms\n";
  }
}

} // namespace

std::vector<ThroughputResult> measure_fetch_throughput(const BenchHost& host, const LocalSite& site,
                                                       const std::vector<std::string>& corpus,
                                                       const std::string& tool, int rounds) {
  const auto html_path = [](std::size_t i) { return "/corpus/" + std::to_string(i); };
  const auto text_path = [](std::size_t i) { return "/corpus/" + std::to_string(i) + "?as=text"; };

  std::vector<ThroughputResult> results(2);
  results[0].name = "fetch + clean (text/html)";
  results[0].ours = "web_fetch (cache off) through the host";
  results[0].reference = "Poco GET + the same pipeline in-process";
  measure(
      results[0], corpus, [&](std::size_t i) { return fetch(host, tool, site.url(html_path(i))); },
      [&](std::size_t i) { return fetched_text(host, tool, site.url(html_path(i))); },
      [&](std::size_t i) { return host.clean_html(plain_get(site, html_path(i)), site.url(html_path(i))); }, rounds);

  results[1].name = "fetch only (text/plain, returned as is)";
  results[1].ours = results[0].ours;
  results[1].reference = "Poco GET";
  measure(
      results[1], corpus, [&](std::size_t i) { return fetch(host, tool, site.url(text_path(i))); },
      [&](std::size_t i) { return fetched_text(host, tool, site.url(text_path(i))); },
      [&](std::size_t i) { return plain_get(site, text_path(i)); }, rounds);
  return results;
}

} // namespace web_bench
