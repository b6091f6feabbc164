// The TLS client context of the outbound HTTP service.
#pragma once

#include <Poco/Net/Context.h>

namespace agenthost::plugins {

// One client TLS context for the process: the system CA store, peer verification and host name
// checks on. A certificate that fails verification is rejected (Poco's default handler would
// ask on the console).
Poco::Net::Context::Ptr outbound_tls_context();

} // namespace agenthost::plugins
