// The OpenAPI 3.1 document of the HTTP API (docs/openapi.json), embedded into the binary at
// build time by cmake/EmbedFile.cmake, so the served document always matches the build and a
// host needs no docs directory at run time.
#pragma once

#include <string_view>

namespace agenthost::http {

// The document's bytes exactly as in docs/openapi.json when the host was built.
std::string_view openapi_document();

} // namespace agenthost::http
