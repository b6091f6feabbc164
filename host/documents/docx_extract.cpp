// .docx text: word/document.xml read from the zip with Poco Zip and parsed with SAX (never a
// DOM of the whole body). Paragraphs become lines, headings become "# Title" lines (so the
// chunker can split at them), tables become one "cell | cell" line per row.
#include "documents/extract.hpp"

#include "documents/ingest_failure.hpp"

#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <cctype>
#include <fstream>
#include <vector>

namespace agenthost::documents {
namespace {

std::string local_name(const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname) {
  if (!local.empty()) return local;
  const std::size_t colon = qname.find(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

// "Heading2" → 2, "heading 3" → 3, "Title" → 1, anything else → 0.
int heading_level(const std::string& style) {
  std::string lowered;
  for (char c : style)
    if (c != ' ') lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "title") return 1;
  if (lowered.size() == 8 && lowered.compare(0, 7, "heading") == 0 && std::isdigit(static_cast<unsigned char>(lowered[7])))
    return std::max(1, lowered[7] - '0');
  return 0;
}

constexpr std::size_t kMaxDocxText = 256u << 20;

class BodyHandler : public Poco::XML::DefaultHandler {
public:
  std::string text;

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attributes) override {
    const std::string name = local_name(local, qname);
    if (name == "p") {
      paragraph_.clear();
      heading_ = 0;
    } else if (name == "pStyle") {
      for (int i = 0; i < attributes.getLength(); ++i)
        if (local_name(attributes.getLocalName(i), attributes.getQName(i)) == "val")
          heading_ = heading_level(attributes.getValue(i));
    } else if (name == "t") {
      in_text_ = true;
    } else if (name == "tab") {
      paragraph_ += '\t';
    } else if (name == "br" || name == "cr") {
      paragraph_ += table_depth_ > 0 ? ' ' : '\n';
    } else if (name == "tbl") {
      if (++table_depth_ == 1 && !text.empty() && text.back() != '\n') text += '\n';
    } else if (name == "tr" && table_depth_ == 1) {
      cells_.clear();
    } else if (name == "tc" && table_depth_ == 1) {
      cell_.clear();
    }
  }

  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local,
                  const Poco::XML::XMLString& qname) override {
    const std::string name = local_name(local, qname);
    if (name == "t") {
      in_text_ = false;
    } else if (name == "p") {
      end_paragraph();
    } else if (name == "tc" && table_depth_ == 1) {
      cells_.push_back(cell_);
    } else if (name == "tr" && table_depth_ == 1) {
      std::string row;
      for (const std::string& cell : cells_) row += (row.empty() ? "" : " | ") + cell;
      text += row + "\n";
    } else if (name == "tbl") {
      if (--table_depth_ == 0) text += '\n';
    }
  }

  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (!in_text_) return;
    paragraph_.append(ch + start, static_cast<std::size_t>(length));
    // A small zip can inflate to gigabytes of XML (a zip bomb): the text, not the file size,
    // is what memory pays for, so it is capped.
    if (text.size() + paragraph_.size() + cell_.size() > kMaxDocxText) {
      throw IngestFailure("the .docx holds more than " + std::to_string(kMaxDocxText >> 20) +
                          " MiB of text; split it into smaller documents");
    }
  }

private:
  void end_paragraph() {
    if (table_depth_ > 0) {
      if (!paragraph_.empty()) cell_ += (cell_.empty() ? "" : " ") + paragraph_;
      return;
    }
    if (heading_ > 0 && !paragraph_.empty()) {
      if (!text.empty()) text += '\n';
      text += std::string(static_cast<std::size_t>(heading_), '#') + " " + paragraph_ + "\n";
      return;
    }
    text += paragraph_ + "\n";
  }

  std::string paragraph_;
  std::string cell_;
  std::vector<std::string> cells_;
  int heading_ = 0;
  int table_depth_ = 0;
  bool in_text_ = false;
};

[[noreturn]] void unreadable(const std::string& why) {
  throw IngestFailure("the .docx could not be read (" + why +
                      "); check that it opens in a word processor, save it again as .docx and upload it again");
}

} // namespace

ExtractedText extract_docx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::unavailable, "cannot open the spooled upload " + path);
  BodyHandler handler;
  try {
    Poco::Zip::ZipArchive archive(in);
    const auto entry = archive.findHeader("word/document.xml");
    if (entry == archive.headerEnd()) unreadable("it has no word/document.xml: not a Word document");
    Poco::Zip::ZipInputStream body(in, entry->second);
    Poco::XML::InputSource source(body);
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    // An upload must not make the host read files or URLs it names (XXE).
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&handler);
    parser.parse(&source);
  } catch (const IngestFailure&) {
    throw;
  } catch (const Poco::Exception& e) {
    unreadable(e.displayText());
  } catch (const std::exception& e) {
    unreadable(e.what());
  }
  ExtractedText out;
  out.text = std::move(handler.text);
  for (char& c : out.text)
    if (c == '\f') c = '\n';
  return out;
}

} // namespace agenthost::documents
