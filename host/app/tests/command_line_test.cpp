#include "app/command_line.hpp"

#include <gtest/gtest.h>

using agenthost::app::Command;
using agenthost::app::parse_command_line;
using agenthost::app::UsageError;
using agenthost::app::Verb;

namespace {

Command parse(std::vector<std::string> args) { return parse_command_line(args); }

std::string usage_error_of(std::vector<std::string> args) {
  try {
    parse_command_line(args);
  } catch (const UsageError& e) {
    return std::string(e.what()) + "\n" + e.usage();
  }
  return "(no error)";
}

} // namespace

TEST(CommandLine, ServeWithAllOptions) {
  const Command c = parse({"serve", "--config", "a.conf", "--listen", "127.0.0.1:9", "--data-dir", "/tmp/x"});
  EXPECT_EQ(c.verb, Verb::serve);
  EXPECT_EQ(c.config_path, "a.conf");
  EXPECT_EQ(c.listen, "127.0.0.1:9");
  EXPECT_EQ(c.data_dir, "/tmp/x");
}

TEST(CommandLine, EqualsFormIsAccepted) {
  const Command c = parse({"serve", "--config=b.conf"});
  EXPECT_EQ(c.config_path, "b.conf");
}

TEST(CommandLine, OptionsMayFollowOrPrecedeThePositionalArgument) {
  const Command after = parse({"plugins", "inspect", "x.so", "--json"});
  EXPECT_EQ(after.verb, Verb::plugins_inspect);
  EXPECT_EQ(after.file, "x.so");
  EXPECT_TRUE(after.json);
  const Command before = parse({"plugins", "inspect", "--json", "y.so"});
  EXPECT_EQ(before.file, "y.so");
  EXPECT_TRUE(before.json);
}

TEST(CommandLine, PluginsListAndConfigCheck) {
  EXPECT_EQ(parse({"plugins", "list"}).verb, Verb::plugins_list);
  EXPECT_FALSE(parse({"plugins", "list"}).json);
  EXPECT_TRUE(parse({"plugins", "list", "--json"}).json);
  const Command check = parse({"config", "check", "--config", "c.conf"});
  EXPECT_EQ(check.verb, Verb::config_check);
  EXPECT_EQ(check.config_path, "c.conf");
}

TEST(CommandLine, VersionAndHelp) {
  EXPECT_EQ(parse({"--version"}).verb, Verb::version);
  const Command help = parse({"--help"});
  EXPECT_EQ(help.verb, Verb::help);
  EXPECT_NE(help.help_text.find("plugins inspect FILE"), std::string::npos);
  const Command serve_help = parse({"serve", "--help"});
  EXPECT_EQ(serve_help.verb, Verb::help);
  EXPECT_NE(serve_help.help_text.find("--listen"), std::string::npos);
  const Command inspect_help = parse({"plugins", "inspect", "--help"});
  EXPECT_EQ(inspect_help.verb, Verb::help);
  EXPECT_NE(inspect_help.help_text.find("--json"), std::string::npos);
}

TEST(CommandLine, UnknownVerbIsAUsageError) {
  const std::string error = usage_error_of({"frobnicate"});
  EXPECT_NE(error.find("unknown verb 'frobnicate'"), std::string::npos) << error;
  EXPECT_NE(error.find("usage: agenthost"), std::string::npos) << error;
}

TEST(CommandLine, UnknownTopLevelOptionIsCalledAnOption) {
  const std::string error = usage_error_of({"--nope"});
  EXPECT_NE(error.find("unknown option '--nope'"), std::string::npos) << error;
}

TEST(CommandLine, MissingVerbIsAUsageError) { EXPECT_NE(usage_error_of({}).find("missing verb"), std::string::npos); }

TEST(CommandLine, UnknownFlagNamesTheFlagAndShowsTheVerbUsage) {
  const std::string error = usage_error_of({"serve", "--bogus"});
  EXPECT_NE(error.find("--bogus"), std::string::npos) << error;
  EXPECT_NE(error.find("agenthost serve"), std::string::npos) << error;
}

TEST(CommandLine, AbbreviatedFlagsAreNotGuessed) {
  EXPECT_NE(usage_error_of({"serve", "--lis", "1.2.3.4:5"}).find("--lis"), std::string::npos);
}

TEST(CommandLine, FlagsOfOtherVerbsAreRejected) {
  EXPECT_NE(usage_error_of({"plugins", "list", "--listen", "x"}).find("--listen"), std::string::npos);
  EXPECT_NE(usage_error_of({"serve", "--json"}).find("--json"), std::string::npos);
}

TEST(CommandLine, MissingValueIsAUsageError) {
  EXPECT_NE(usage_error_of({"serve", "--config"}).find("config"), std::string::npos);
}

TEST(CommandLine, InspectRequiresExactlyOneFile) {
  EXPECT_NE(usage_error_of({"plugins", "inspect"}).find("missing FILE"), std::string::npos);
  EXPECT_NE(usage_error_of({"plugins", "inspect", "a.so", "b.so"}), "(no error)");
}

TEST(CommandLine, UnknownSubCommand) {
  EXPECT_NE(usage_error_of({"plugins", "remove"}).find("unknown sub-command 'plugins remove'"), std::string::npos);
  EXPECT_NE(usage_error_of({"config"}).find("missing sub-command"), std::string::npos);
  EXPECT_NE(usage_error_of({"--version", "extra"}), "(no error)");
}

TEST(CommandLine, ServeTakesNoPositionalArguments) { EXPECT_NE(usage_error_of({"serve", "extra"}), "(no error)"); }

TEST(CommandLine, StoreVerbsTakeTheirNameAndTheCommonOptions) {
  const Command migrate = parse({"migrate", "--config", "a.conf", "--data-dir", "/d"});
  EXPECT_EQ(migrate.verb, Verb::migrate);
  EXPECT_EQ(migrate.config_path, "a.conf");
  EXPECT_EQ(migrate.data_dir, "/d");

  const Command create = parse({"users", "create", "bob", "--data-dir", "/d"});
  EXPECT_EQ(create.verb, Verb::users_create);
  EXPECT_EQ(create.name, "bob");
  EXPECT_FALSE(create.admin);
  const Command admin = parse({"users", "create", "--admin", "carol"});
  EXPECT_EQ(admin.name, "carol");
  EXPECT_TRUE(admin.admin);
  EXPECT_EQ(parse({"users", "list"}).verb, Verb::users_list);

  const Command token = parse({"tokens", "create", "bob"});
  EXPECT_EQ(token.verb, Verb::tokens_create);
  EXPECT_EQ(token.name, "bob");
  EXPECT_EQ(parse({"tokens", "list", "bob"}).verb, Verb::tokens_list);
  const Command revoke = parse({"tokens", "revoke", "ah_abcdef12", "--config", "b.conf"});
  EXPECT_EQ(revoke.verb, Verb::tokens_revoke);
  EXPECT_EQ(revoke.name, "ah_abcdef12");
  EXPECT_EQ(revoke.config_path, "b.conf");
}

TEST(CommandLine, StoreVerbMistakesAreUsageErrors) {
  EXPECT_NE(usage_error_of({"users", "create"}).find("missing NAME"), std::string::npos);
  EXPECT_NE(usage_error_of({"tokens", "revoke"}).find("missing TOKEN_PREFIX"), std::string::npos);
  EXPECT_NE(usage_error_of({"tokens", "create", "bob", "--admin"}).find("--admin"), std::string::npos);
  EXPECT_NE(usage_error_of({"migrate", "extra"}), "(no error)");
  EXPECT_NE(usage_error_of({"users"}).find("missing sub-command"), std::string::npos);
  EXPECT_NE(usage_error_of({"tokens", "delete"}).find("unknown sub-command 'tokens delete'"), std::string::npos);
}

TEST(CommandLine, HelpNamesTheStoreVerbs) {
  const std::string help = parse({"--help"}).help_text;
  for (const char* verb : {"migrate", "users create NAME", "tokens create NAME", "tokens revoke PREFIX"})
    EXPECT_NE(help.find(verb), std::string::npos) << verb;
  const Command create_help = parse({"users", "create", "--help"});
  EXPECT_EQ(create_help.verb, Verb::help);
  EXPECT_NE(create_help.help_text.find("--admin"), std::string::npos);
  EXPECT_NE(create_help.help_text.find("shown"), std::string::npos);
}
