// web_search: the failures every provider has in common, worded once. A provider adds its own
// words (the error detail from its body) and a hint for refusals only it can explain (SearXNG's
// disabled json format, Brave's rejected key); the status classes and the advice for the model
// (wait, retry later, rephrase) come from here.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/sdk_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace web_search {

// The error for a non-2xx answer. `label` names the provider ("Brave Search at https://..."),
// `detail` is what its body says ("" when nothing readable), `refusal_hint` what to check when
// it answered 401/403 (a sentence starting with "; "). Statuses:
//   3xx        upstream     (redirect: base_url points at the wrong address; names the target's origin)
//   401, 403   permission   + refusal_hint
//   404        not found    (base_url has no search API)
//   429        rate limited + when to retry (Retry-After, seconds or a date)
//   5xx        unavailable  + "try again later"
//   other      the SDK's status_for_http (400/422 invalid argument, 404 not found, ...)
agenthost::CallError http_failure(std::string_view label, const agenthost::HttpResponse& response,
                                  std::string_view detail, std::string_view refusal_hint);

// What an error body says, for `detail`: a JSON error's message ({"error":{"message"}},
// {"message"}, ...), the start of a plain-text body, or "" for an HTML page (a web server's
// stock error page says nothing the status does not) or an empty body.
std::string readable_detail(std::string_view body);

// The body parsed as JSON, or nullopt when it is not JSON (an HTML page, an empty body); then
// `why`, when given, receives the parser's reason (e.g. invalid UTF-8 at an offset).
std::optional<agenthost::json::Value> parse_json_body(std::string_view body, std::string* why = nullptr);

// The body parsed as the provider's JSON answer; nullopt when it is no JSON at all (an HTML page,
// plain text, an empty body: the provider reports that in its own words). JSON that is broken
// (invalid UTF-8, cut off) throws CallError (upstream) saying what the parser found: that is
// not a wrong base_url or a disabled format, and the advice for those would mislead.
std::optional<agenthost::json::Value> parse_answer(std::string_view label, std::string_view body);

} // namespace web_search
