// The opaque handles of plugin.h, completed by the host. A plugin only ever passes them back;
// the host-services callbacks use them to find the instance, its services and the call.
#pragma once

namespace agenthost::plugins {
class CallSink;
class HostServices;
class Instance;
class InstanceDirectory;
} // namespace agenthost::plugins

// One per configured instance, owned by it; valid from create until destroy.
struct ah_instance {
  agenthost::plugins::Instance* instance;
  agenthost::plugins::HostServices* services;
  // The other configured instances (complete_with_backend); null when there are none.
  const agenthost::plugins::InstanceDirectory* directory;
};

// One per call, on the caller's stack for the duration of the call.
struct ah_call {
  agenthost::plugins::CallSink* sink;
  const ah_instance* instance; // the instance being called, for logging
};
