#include "plugins/outbound_tls.hpp"

#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

#include <mutex>

namespace agenthost::plugins {

Poco::Net::Context::Ptr outbound_tls_context() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9,
                                     /*loadDefaultCAs=*/true);
    Poco::Net::SSLManager::InvalidCertificateHandlerPtr reject(
        new Poco::Net::RejectCertificateHandler(/*handleErrorsOnServerSide=*/false));
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, context);
  });
  return context;
}

} // namespace agenthost::plugins
