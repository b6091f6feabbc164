// bench_json: the SDK's json.hpp (what every plugin and the host's ABI paths use) against
// Poco::JSON (the library the host links anyway) on the same documents, parsing text into a
// tree and writing a tree back to compact text.
//
// Both sides build a full tree: json.hpp its insertion-ordered Value, Poco its Object/Array
// behind Dynamic::Var with a default ParseHandler (keys in a std::map). MB/s counts the bytes
// of the source document for both sides and both directions, so the figures compare directly.
#include "harness.hpp"
#include "json_documents.hpp"

#include "agenthost/json.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <string>

namespace {

using agenthost::json::Value;

Poco::Dynamic::Var poco_parse(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

std::string poco_dump(const Poco::Dynamic::Var& tree) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(tree, out);
  return out.str();
}

// Both libraries must read the document to the same tree, and each one's output must read back
// to it; otherwise the two sides would not be doing the same work.
void check_agreement(const std::string& name, const std::string& text) {
  const Value ours = agenthost::json::parse(text);
  const std::string poco_text = poco_dump(poco_parse(text));
  if (agenthost::json::parse(poco_text) != ours)
    bench::mismatch(name + ": Poco::JSON and json.hpp read the document differently");
  if (agenthost::json::parse(agenthost::json::dump(ours)) != ours)
    bench::mismatch(name + ": json.hpp's output does not read back to the same document");
}

void measure(bench::Session& session, const std::string& name, const std::string& text) {
  if (!session.selects("parse " + name) && !session.selects("dump " + name)) return;
  check_agreement(name, text);
  const auto bytes = static_cast<double>(text.size());
  session.compare(
      {"parse " + name, "json.hpp", "Poco::JSON::Parser", bytes}, [&] { return agenthost::json::parse(text); },
      [&] { return poco_parse(text); });

  const Value ours = agenthost::json::parse(text);
  const Poco::Dynamic::Var poco = poco_parse(text);
  session.compare(
      {"dump " + name, "json.hpp", "Poco::JSON::Stringifier", bytes}, [&] { return agenthost::json::dump(ours); },
      [&] { return poco_dump(poco); });
}

std::string size_label(std::size_t bytes) {
  if (bytes >= 1000 * 1000) return bench::detail::format_figure(static_cast<double>(bytes) / 1e6) + " MB";
  return bench::detail::format_figure(static_cast<double>(bytes) / 1e3) + " KB";
}

} // namespace

int main(int argc, char** argv) {
  bench::Session session(argc, argv, "JSON: SDK json.hpp vs Poco::JSON, parse and dump");
  const std::string chat = bench::documents::chat_request();
  const std::string listing = bench::documents::array_of_small_objects(5 * 1000 * 1000);
  const std::string strings = bench::documents::string_heavy(1000 * 1000);

  measure(session, "chat request (50 messages, " + size_label(chat.size()) + ")", chat);
  measure(session, "array of small objects (" + size_label(listing.size()) + ")", listing);
  measure(session, "string-heavy, escapes + Unicode (" + size_label(strings.size()) + ")", strings);

  session.note("MB/s = source document bytes / time, for parse and dump alike; Poco uses its default "
               "ParseHandler (object keys kept in a std::map, not in document order)");
  return session.finish();
}
