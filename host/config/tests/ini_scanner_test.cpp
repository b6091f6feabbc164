// The INI layer: comments, malformed lines with their numbers, and what reaches the document.
#include "config/ini_document.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Read {
  IniDocument document;
  std::vector<ConfigError> errors;
};

Read read(std::string_view text) {
  ErrorList errors("f.conf");
  IniDocument document = read_ini(text, errors);
  return {std::move(document), errors.errors()};
}

std::string value_of(const Read& r, const std::string& section, const std::string& key) {
  for (const IniSection& s : r.document.sections) {
    if (s.name != section) continue;
    for (const IniEntry& e : s.entries) {
      if (e.key == key) return e.value;
    }
  }
  ADD_FAILURE() << "no " << section << "." << key;
  return "";
}

std::vector<int> error_lines(const Read& r) {
  std::vector<int> lines;
  for (const ConfigError& e : r.errors) lines.push_back(e.line);
  return lines;
}

TEST(IniScanner, RecordsSectionsKeysAndTheirLines) {
  const Read r = read("# header comment\n[server]\nlisten = 1.2.3.4:80\n\n[backend.demo]\nplugin = scripted\n");
  ASSERT_THAT(r.errors, IsEmpty());
  ASSERT_EQ(r.document.sections.size(), 2u);
  EXPECT_EQ(r.document.sections[0].name, "server");
  EXPECT_EQ(r.document.sections[0].line, 2);
  ASSERT_EQ(r.document.sections[0].entries.size(), 1u);
  EXPECT_EQ(r.document.sections[0].entries[0].key, "listen");
  EXPECT_EQ(r.document.sections[0].entries[0].value, "1.2.3.4:80");
  EXPECT_EQ(r.document.sections[0].entries[0].line, 3);
  EXPECT_EQ(r.document.sections[1].name, "backend.demo");
  EXPECT_EQ(r.document.sections[1].line, 5);
  EXPECT_EQ(r.document.sections[1].entries[0].line, 6);
}

TEST(IniScanner, StripsSemicolonAndHashComments) {
  const Read r = read("; semicolon comment\n"
                      "# hash comment\n"
                      "   ; indented comment\n"
                      "[store] ; comment after header\n"
                      "url = sqlite:agenthost.db        ; relative to --data-dir\n"
                      "other = x # hash after value\n"
                      "tab = y\t;tab before comment\n");
  ASSERT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(value_of(r, "store", "url"), "sqlite:agenthost.db");
  EXPECT_EQ(value_of(r, "store", "other"), "x");
  EXPECT_EQ(value_of(r, "store", "tab"), "y");
}

TEST(IniScanner, KeepsCommentCharactersInsideValues) {
  const Read r = read("[s]\nsemi = a;b\nhash = a#b\nurl = http://h/p#frag\nboth = x;y#z ; real comment\n");
  ASSERT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(value_of(r, "s", "semi"), "a;b");
  EXPECT_EQ(value_of(r, "s", "hash"), "a#b"); // Boost alone would cut this at '#'
  EXPECT_EQ(value_of(r, "s", "url"), "http://h/p#frag");
  EXPECT_EQ(value_of(r, "s", "both"), "x;y#z");
}

TEST(IniScanner, BackslashEscapesACommentCharacterAfterWhitespace) {
  const Read r = read("[s]\nprompt = Use \\# for headings \\; keep it short ; comment\n");
  ASSERT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(value_of(r, "s", "prompt"), "Use # for headings ; keep it short");
}

TEST(IniScanner, TrimsKeysAndValuesAndKeepsInnerSpaces) {
  const Read r = read("[s]\n  key   =   two  words  \nempty =\nequals = a=b = c\n");
  ASSERT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(value_of(r, "s", "key"), "two  words");
  EXPECT_EQ(value_of(r, "s", "empty"), "");
  EXPECT_EQ(value_of(r, "s", "equals"), "a=b = c");
}

TEST(IniScanner, HandlesCrlfLineEndingsAndByteOrderMark) {
  const Read r = read("\xEF\xBB\xBF[s]\r\nkey = value\r\n");
  ASSERT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(r.document.sections[0].name, "s");
  EXPECT_EQ(value_of(r, "s", "key"), "value");
}

TEST(IniScanner, KeepsDuplicateKeysForTheSectionParsersToJudge) {
  const Read r = read("[s]\na = 1\na = 2\n");
  ASSERT_THAT(r.errors, IsEmpty());
  ASSERT_EQ(r.document.sections[0].entries.size(), 2u);
  EXPECT_EQ(r.document.sections[0].entries[1].value, "2");
  EXPECT_EQ(r.document.sections[0].entries[1].line, 3);
}

struct MalformedCase {
  const char* text;
  int line;
  const char* message_part;
};

class IniMalformedLine : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(IniMalformedLine, IsReportedWithItsLineNumber) {
  const MalformedCase& c = GetParam();
  const Read r = read(c.text);
  ASSERT_EQ(r.errors.size(), 1u) << format_errors(r.errors);
  EXPECT_EQ(r.errors[0].line, c.line);
  EXPECT_EQ(r.errors[0].file, "f.conf");
  EXPECT_THAT(r.errors[0].message, HasSubstr(c.message_part));
}

INSTANTIATE_TEST_SUITE_P(
    Forms, IniMalformedLine,
    ::testing::Values(MalformedCase{"[s]\na = 1\njust some words\n", 3, "expected 'key = value'"},
                      MalformedCase{"[s]\n\n[unterminated\n", 3, "missing its closing ']'"},
                      MalformedCase{"[s]\n[s2] trailing\n", 2, "unexpected text after ']'"},
                      MalformedCase{"\n[]\n", 2, "empty section name"},
                      MalformedCase{"[  ]\n", 1, "empty section name"},
                      MalformedCase{"[bad name]\n", 1, "section name may only contain"},
                      MalformedCase{"[s]\nx = 1\n = value\n", 3, "missing key before '='"},
                      MalformedCase{"[s]\nmy key = 1\n", 2, "key may only contain"},
                      MalformedCase{"# c\nkey = 1\n[s]\n", 2, "before any [section]"},
                      MalformedCase{"[s]\na = 1\n[s]\nb = 2\n", 3, "already defined on line 1"},
                      MalformedCase{"[s]\na = x\x01y\n", 2, "control byte 0x01"},
                      MalformedCase{"[s]\na = \x1f\n", 2, "control byte 0x1f"}));

TEST(IniScanner, MalformedLineErrorsDoNotEchoTheLine) {
  const Read r = read("[backend.x]\napi_key: sk-live-123\ntoken: abc=def\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_THAT(format_errors(r.errors), ::testing::Not(HasSubstr("sk-live-123")));
  EXPECT_THAT(format_errors(r.errors), ::testing::Not(HasSubstr("abc")));
}

TEST(IniScanner, ReportsEveryMalformedLineInOnePass) {
  const Read r = read("orphan = 1\n[s]\nno equals\n[broken\n[t]\n= v\nok = 1\n");
  EXPECT_THAT(error_lines(r), ElementsAre(1, 3, 4, 6));
  // the good key after the errors is still read
  EXPECT_EQ(value_of(r, "t", "ok"), "1");
}

TEST(IniScanner, KeysUnderARejectedHeaderAreSkippedWithoutExtraErrors) {
  const Read r = read("[s]\na = 1\n[s]\nb = 2\nc = 3\n");
  EXPECT_THAT(error_lines(r), ElementsAre(3));
  ASSERT_EQ(r.document.sections.size(), 1u);
  EXPECT_EQ(r.document.sections[0].entries.size(), 1u);
}

TEST(IniScanner, MalformedLineInsideASectionNamesTheSection) {
  const Read r = read("[server]\nnonsense\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "f.conf:2: [server] expected 'key = value', a [section] header, or a comment");
}

} // namespace
} // namespace agenthost::config
