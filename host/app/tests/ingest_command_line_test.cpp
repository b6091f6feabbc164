// `agenthost ingest` on the command line: many paths, its flags in any order, and the usage
// errors a person gets for what is missing.
#include "app/command_line.hpp"
#include "app/ingest_progress.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace agenthost::app {
namespace {

std::string usage_error_of(const std::vector<std::string>& args) {
  try {
    parse_command_line(args);
  } catch (const UsageError& e) {
    return std::string(e.what()) + "\n" + e.usage();
  }
  return "(no error)";
}

TEST(IngestCommandLine, TakesManyPathsAndItsFlagsAnywhere) {
  const Command c = parse_command_line(
      {"ingest", "docs/", "--user", "carol", "a.pdf", "--pipeline", "web", "--config", "x.conf", "--data-dir", "/d"});
  EXPECT_EQ(c.verb, Verb::ingest);
  EXPECT_EQ(c.user, "carol");
  EXPECT_EQ(c.pipeline, "web");
  EXPECT_EQ(c.paths, (std::vector<std::string>{"docs/", "a.pdf"}));
  EXPECT_EQ(c.config_path, "x.conf");
  EXPECT_EQ(c.data_dir, "/d");
}

TEST(IngestCommandLine, PipelineIsOptional) {
  const Command c = parse_command_line({"ingest", "--user", "carol", "notes.md"});
  EXPECT_EQ(c.pipeline, "");
  EXPECT_EQ(c.paths, std::vector<std::string>{"notes.md"});
}

TEST(IngestCommandLine, SaysWhatIsMissing) {
  EXPECT_NE(usage_error_of({"ingest", "a.txt"}).find("missing --user NAME"), std::string::npos);
  EXPECT_NE(usage_error_of({"ingest", "--user", "carol"}).find("missing FILE or DIR"), std::string::npos);
  EXPECT_NE(usage_error_of({"ingest", "--user", "carol", "--colour", "a.txt"}).find("usage: agenthost ingest"),
            std::string::npos);
  const Command help = parse_command_line({"ingest", "--help"});
  EXPECT_EQ(help.verb, Verb::help);
  EXPECT_NE(help.help_text.find("--pipeline"), std::string::npos) << help.help_text;
}

TEST(IngestCommandLine, IsListedInTheGeneralUsage) {
  EXPECT_NE(general_usage().find("ingest --user NAME"), std::string::npos);
}

TEST(IngestProgressDisplay, PlainLinesCarryTheFiguresWhenNotATerminal) {
  std::ostringstream out;
  IngestProgress progress(out, false, 2, 3 * 1024 * 1024);
  progress.start_file("a.txt");
  progress.file_bytes(1024);
  progress.finish_file(1024 * 1024, "ready (1 page, 2 chunks)");
  progress.start_file("b.pdf");
  progress.finish_file(2 * 1024 * 1024, "failed: corrupt");
  progress.close();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("1/2 files  1.0 MiB/3.0 MiB  "), std::string::npos) << text;
  EXPECT_NE(text.find("  a.txt: ready (1 page, 2 chunks)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("2/2 files  3.0 MiB/3.0 MiB  "), std::string::npos) << text;
  EXPECT_NE(text.find("ETA 0:00  b.pdf: failed: corrupt\n"), std::string::npos) << text;
}

TEST(IngestProgressDisplay, ATerminalGetsOneRedrawnBar) {
  std::ostringstream out;
  IngestProgress progress(out, true, 1, 1000);
  progress.start_file("a.txt");
  progress.finish_file(1000, "ready");
  progress.close();
  const std::string text = out.str();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find("[########################] 1/1 files  1000 B/1000 B"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("ready"), std::string::npos) << "outcomes are for the summary, not the bar";
}

TEST(IngestProgressDisplay, BytesReadable) {
  EXPECT_EQ(IngestProgress::bytes_text(12), "12 B");
  EXPECT_EQ(IngestProgress::bytes_text(820 * 1024), "820.0 KiB");
  EXPECT_EQ(IngestProgress::bytes_text(1536 * 1024), "1.5 MiB");
}

} // namespace
} // namespace agenthost::app
