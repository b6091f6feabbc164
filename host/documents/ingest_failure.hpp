// A permanent ingestion failure: the input itself is at fault (corrupt, encrypted, unsupported,
// a cleaning step refused it), so retrying cannot help and the document fails at once.
#pragma once

#include "common/error.hpp"

#include <string>

namespace agenthost::documents {

class IngestFailure : public Error {
public:
  explicit IngestFailure(std::string message) : Error(ErrorKind::unprocessable, std::move(message)) {}
};

} // namespace agenthost::documents
