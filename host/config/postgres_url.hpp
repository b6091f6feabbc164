// PostgreSQL URLs (what an operator writes in `[store] url`) turned into the keyword/value
// connection strings libpq takes, and redacted for logs and error messages.
#pragma once

#include <string>
#include <string_view>

namespace agenthost::config {

// postgresql://[USER[:PASSWORD]@]HOST[:PORT][/DBNAME][?PARAM=VALUE&...] (or postgres://) as
// "host=... port=... dbname=... user=... password=... PARAM=VALUE ...", leaving out the parts
// the URL does not give. Every component is percent-decoded; an IPv6 host is written in
// brackets ([::1]:5432). Query parameters (sslmode, connect_timeout, application_name, options,
// ...) pass through in order; `?host=/run/postgresql` may stand in for the URL's host (a Unix
// socket directory). Values are quoted the way libpq wants when they need it.
//
// Throws agenthost::Error(ErrorKind::config) for a malformed URL. The message says what is
// wrong and never contains the password.
std::string libpq_connection_string(std::string_view url);

// The URL with its password (and the value of any `password` query parameter) replaced by ***,
// for logs and errors. Never throws; a URL it cannot make sense of is redacted generously.
std::string redact_url_password(std::string_view url);

} // namespace agenthost::config
