// PostgreSQL URLs to libpq keyword/value strings, and their redaction for logs.
#include "config/postgres_url.hpp"

#include "common/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace agenthost::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The message of the config error the URL raises; fails the test when it raises nothing else.
std::string error_of(const std::string& url) {
  try {
    const std::string result = libpq_connection_string(url);
    ADD_FAILURE() << "expected an error for " << url << ", got: " << result;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config) << url;
    return error.what();
  }
  return "";
}

TEST(LibpqConnectionString, FullUrl) {
  EXPECT_EQ(libpq_connection_string("postgresql://app:secret@db.example.com:5433/agenthost"),
            "host=db.example.com port=5433 dbname=agenthost user=app password=secret");
}

TEST(LibpqConnectionString, PostgresSchemeIsAnAlias) {
  EXPECT_EQ(libpq_connection_string("postgres://app@db/agenthost"), "host=db dbname=agenthost user=app");
}

TEST(LibpqConnectionString, LeavesOutWhatTheUrlDoesNotGive) {
  EXPECT_EQ(libpq_connection_string("postgresql://db"), "host=db");
  EXPECT_EQ(libpq_connection_string("postgresql://db/"), "host=db");
  EXPECT_EQ(libpq_connection_string("postgresql://db:5432"), "host=db port=5432");
  EXPECT_EQ(libpq_connection_string("postgresql://app@db"), "host=db user=app");
  EXPECT_EQ(libpq_connection_string("postgresql://:pw@db/x"), "host=db dbname=x password=pw");
  EXPECT_EQ(libpq_connection_string("postgresql://app:@db/x"), "host=db dbname=x user=app");
}

TEST(LibpqConnectionString, PassesQueryParametersThroughInOrder) {
  EXPECT_EQ(libpq_connection_string("postgresql://db/app?sslmode=require&connect_timeout=5&application_name=agenthost"),
            "host=db dbname=app sslmode=require connect_timeout=5 application_name=agenthost");
  EXPECT_EQ(libpq_connection_string("postgresql://db?sslmode=disable"), "host=db sslmode=disable");
  EXPECT_EQ(libpq_connection_string("postgresql://db/app?sslmode=require&"), "host=db dbname=app sslmode=require");
  EXPECT_EQ(libpq_connection_string("postgresql://db/app?a_b=&sslmode=allow"),
            "host=db dbname=app a_b='' sslmode=allow");
}

TEST(LibpqConnectionString, OptionsWithSpacesAreQuoted) {
  EXPECT_EQ(libpq_connection_string("postgresql://db/app?options=-c%20statement_timeout%3D5000"),
            "host=db dbname=app options='-c statement_timeout=5000'");
}

TEST(LibpqConnectionString, PercentDecodesEveryComponent) {
  EXPECT_EQ(
      libpq_connection_string("postgresql://us%65r:p%40ss%3Aw%2Frd%3F@h%6Fst:5432/my%2Fdb?application_name=a%26b"),
      "host=host port=5432 dbname=my/db user=user password=p@ss:w/rd? application_name=a&b");
  EXPECT_EQ(libpq_connection_string("postgresql://u:%e2%82%ac@db"), "host=db user=u password=\xe2\x82\xac");
  EXPECT_EQ(libpq_connection_string("postgresql://u:100%25@db"), "host=db user=u password=100%");
}

TEST(LibpqConnectionString, UnencodedAtInThePasswordEndsAtTheLastAt) {
  EXPECT_EQ(libpq_connection_string("postgresql://u:p@ss@db/x"), "host=db dbname=x user=u password=p@ss");
}

TEST(LibpqConnectionString, QuotesValuesPerLibpqRules) {
  EXPECT_EQ(libpq_connection_string("postgresql://u:it's@db"), "host=db user=u password='it\\'s'");
  EXPECT_EQ(libpq_connection_string("postgresql://u:a%5Cb@db"), "host=db user=u password='a\\\\b'");
  EXPECT_EQ(libpq_connection_string("postgresql://u:two%20words@db"), "host=db user=u password='two words'");
  EXPECT_EQ(libpq_connection_string("postgresql://u:tab%09@db"), "host=db user=u password='tab\t'");
  EXPECT_EQ(libpq_connection_string("postgresql://u:a=b@db"), "host=db user=u password=a=b");
  EXPECT_EQ(libpq_connection_string("postgresql://my%20user@db/my%20db"), "host=db dbname='my db' user='my user'");
}

TEST(LibpqConnectionString, Ipv6HostsInBrackets) {
  EXPECT_EQ(libpq_connection_string("postgresql://[::1]:5432/app"), "host=::1 port=5432 dbname=app");
  EXPECT_EQ(libpq_connection_string("postgresql://u@[2001:db8::7]/app"), "host=2001:db8::7 dbname=app user=u");
  EXPECT_EQ(libpq_connection_string("postgresql://[fe80::1%25eth0]"), "host=fe80::1%eth0");
}

TEST(LibpqConnectionString, UnixSocketDirectoryAsHostParameter) {
  EXPECT_EQ(libpq_connection_string("postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql"),
            "dbname=app host=/var/run/postgresql");
  EXPECT_EQ(libpq_connection_string("postgresql://u@/app?host=/tmp"), "dbname=app user=u host=/tmp");
}

TEST(LibpqConnectionString, RejectsUnknownSchemes) {
  EXPECT_THAT(error_of("mysql://u:p@db/app"), HasSubstr("unsupported scheme 'mysql://'; use postgresql://"));
  EXPECT_THAT(error_of("POSTGRESQL://db/app"), HasSubstr("unsupported scheme"));
  EXPECT_THAT(error_of("sqlite:agenthost.db"), HasSubstr("expected it to start with postgresql:// or postgres://"));
  EXPECT_THAT(error_of("db.example.com/app"), HasSubstr("expected it to start with postgresql://"));
  const std::string odd = error_of("u:p@ss word://db");
  EXPECT_THAT(odd, HasSubstr("unsupported scheme; use postgresql://"));
  EXPECT_THAT(odd, Not(HasSubstr("ss word")));
}

TEST(LibpqConnectionString, RejectsAMissingHost) {
  for (const char* url : {"postgresql://", "postgresql:///app", "postgresql://u:p@/app", "postgresql://:5432/app",
                          "postgresql://db?host="}) {
    const std::string message = error_of(url);
    if (std::string(url) == "postgresql://db?host=") {
      EXPECT_THAT(message, HasSubstr("'host' is given twice")) << url;
    } else {
      EXPECT_THAT(message, HasSubstr("no host; give one after '://'")) << url;
    }
  }
  EXPECT_THAT(error_of("postgresql:///app?host="), HasSubstr("no host"));
}

TEST(LibpqConnectionString, RejectsBadPortsWithoutEchoingThem) {
  for (const char* url : {"postgresql://db:/app", "postgresql://db:0/app", "postgresql://db:65536/app",
                          "postgresql://db:54x2/app", "postgresql://db:-1/app", "postgresql://db:123456/app",
                          "postgresql://[::1]:/app", "postgresql://[::1]:99999"}) {
    EXPECT_THAT(error_of(url), HasSubstr("the port must be a number from 1 to 65535")) << url;
  }
  EXPECT_EQ(libpq_connection_string("postgresql://db:1"), "host=db port=1");
  EXPECT_EQ(libpq_connection_string("postgresql://db:65535"), "host=db port=65535");
  // An unencoded '/' in a password splits the URL early: the error hints at encoding, leaks nothing.
  const std::string message = error_of("postgresql://app:hunter/2@db/app");
  EXPECT_THAT(message, HasSubstr("percent-encode"));
  EXPECT_THAT(message, Not(HasSubstr("hunter")));
}

TEST(LibpqConnectionString, RejectsBadPercentEncodingNamingTheComponent) {
  EXPECT_THAT(error_of("postgresql://u:bad%zzpw@db"), HasSubstr("bad percent-encoding in the password"));
  EXPECT_THAT(error_of("postgresql://u:bad%2@db"), HasSubstr("bad percent-encoding in the password"));
  EXPECT_THAT(error_of("postgresql://u:bad%@db"), HasSubstr("bad percent-encoding in the password"));
  EXPECT_THAT(error_of("postgresql://u:nul%00@db"), HasSubstr("other than %00"));
  EXPECT_THAT(error_of("postgresql://u%g1@db"), HasSubstr("bad percent-encoding in the user name"));
  EXPECT_THAT(error_of("postgresql://d%b/app"), HasSubstr("bad percent-encoding in the host"));
  EXPECT_THAT(error_of("postgresql://db/ap%p"), HasSubstr("bad percent-encoding in the database name"));
  EXPECT_THAT(error_of("postgresql://db/app?sslmode=%x"), HasSubstr("bad percent-encoding in the value of ?sslmode="));
  EXPECT_THAT(error_of("postgresql://u:bad%zzpw@db"), Not(HasSubstr("bad%zzpw")));
}

TEST(LibpqConnectionString, RejectsMalformedHosts) {
  EXPECT_THAT(error_of("postgresql://[::1/app"), HasSubstr("missing its closing ']'"));
  EXPECT_THAT(error_of("postgresql://[::1]x/app"), HasSubstr("after the IPv6 host's ']'"));
  EXPECT_THAT(error_of("postgresql://[]:5432/app"), HasSubstr("no IPv6 address"));
  EXPECT_THAT(error_of("postgresql://::1:5432/app"), HasSubstr("IPv6 host must be written in brackets"));
  EXPECT_THAT(error_of("postgresql://a:1,b:2/app"), HasSubstr("several hosts are not supported"));
}

TEST(LibpqConnectionString, RejectsMalformedQueryParameters) {
  EXPECT_THAT(error_of("postgresql://db/app?sslmode"), HasSubstr("query parameter 'sslmode' has no '=VALUE'"));
  EXPECT_THAT(error_of("postgresql://db/app?=x"), HasSubstr("query parameter 1 has no valid name"));
  EXPECT_THAT(error_of("postgresql://db/app?sslmode=require&SSL-Mode=x"),
              HasSubstr("query parameter 2 has no valid name"));
  EXPECT_THAT(error_of("postgresql://db/app?port=1&port=2"), HasSubstr("'port' is given twice"));
  EXPECT_THAT(error_of("postgresql://db:5432/app?port=1"), HasSubstr("'port' is given twice"));
  EXPECT_THAT(error_of("postgresql://u:pw@db/app?password=x"), HasSubstr("'password' is given twice"));
}

TEST(LibpqConnectionString, ErrorsNeverContainThePassword) {
  for (const char* url :
       {"postgresql://u:s3cr3t@db:bad/app", "postgresql://u:s3cr3t@db/app?sslmode", "postgresql://u:s3cr3t@/app",
        "postgresql://u:s3cr3t@[::1/app", "postgresql://u:s3cr3t@db/a%zz", "mysql://u:s3cr3t@db"}) {
    const std::string message = error_of(url);
    EXPECT_THAT(message, HasSubstr("invalid PostgreSQL URL")) << url;
    EXPECT_THAT(message, Not(HasSubstr("s3cr3t"))) << url;
  }
}

TEST(RedactUrlPassword, ReplacesThePassword) {
  EXPECT_EQ(redact_url_password("postgresql://app:secret@db:5432/agenthost"), "postgresql://app:***@db:5432/agenthost");
  EXPECT_EQ(redact_url_password("postgres://:secret@db"), "postgres://:***@db");
  EXPECT_EQ(redact_url_password("postgresql://app:@db"), "postgresql://app:***@db");
  EXPECT_EQ(redact_url_password("postgresql://app:p@ss@[::1]:5432/x"), "postgresql://app:***@[::1]:5432/x");
}

TEST(RedactUrlPassword, LeavesUrlsWithoutAPasswordAlone) {
  for (const char* url : {"postgresql://app@db:5432/agenthost", "postgresql://db:5432/agenthost",
                          "postgresql://[::1]:5432/x", "sqlite:agenthost.db", "sqlite:/var/lib/a@b.db", "",
                          "postgresql://db/app?application_name=me@host", "postgresql://db/app?sslmode=require"}) {
    EXPECT_EQ(redact_url_password(url), url);
  }
}

TEST(RedactUrlPassword, RedactsPasswordQueryParameters) {
  EXPECT_EQ(redact_url_password("postgresql://db/app?sslmode=require&password=secret&connect_timeout=5"),
            "postgresql://db/app?sslmode=require&password=***&connect_timeout=5");
  EXPECT_EQ(redact_url_password("postgresql://db/app?sslpassword=secret"), "postgresql://db/app?sslpassword=***");
  EXPECT_EQ(redact_url_password("postgresql://db/app?pass%77ord=secret"), "postgresql://db/app?pass%77ord=***");
  EXPECT_EQ(redact_url_password("postgresql://u:a@db/app?password=b"), "postgresql://u:***@db/app?password=***");
  EXPECT_EQ(redact_url_password("postgresql://db/app?password=secret&application_name=me@host"),
            "postgresql://db/app?password=***&application_name=me@host");
  EXPECT_EQ(redact_url_password("postgresql://u@db/app?password=secret"), "postgresql://u@db/app?password=***");
  EXPECT_EQ(redact_url_password("not a url?password=secret"), "not a url?password=***");
}

TEST(RedactUrlPassword, UnencodedSeparatorsInThePasswordStillDoNotLeak) {
  for (const char* url : {"postgresql://app:hunter/2@db/app", "postgresql://app:hun?ter2@db/app",
                          "postgresql://app:hunter2/x?y@db/app?sslmode=require"}) {
    const std::string redacted = redact_url_password(url);
    EXPECT_THAT(redacted, Not(HasSubstr("hun"))) << url << " -> " << redacted;
    EXPECT_THAT(redacted, HasSubstr("app:***@db/app")) << url;
  }
}

TEST(RedactUrlPassword, RedactsGenerouslyWhenItCannotTell) {
  // "HOST:PORT/x@y" looks like a password with an unencoded '/': better to hide too much.
  EXPECT_EQ(redact_url_password("postgresql://db:5432/app?application_name=me@host"), "postgresql://db:***@host");
}

} // namespace
} // namespace agenthost::config
