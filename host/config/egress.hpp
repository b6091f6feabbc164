// The egress policy an operator sets per instance (`egress = ...` in [backend.X], [tool.X],
// [strategy.X], [cleaning.X]): which addresses the instance's outbound HTTP may reach.
//
//   public              the public internet only: loopback, private, link-local (cloud
//                       metadata), CGNAT, multicast, reserved ... are refused (see
//                       host/plugins/egress_policy.hpp for the full list). Default for tools,
//                       strategies and cleaning steps, whose URLs a model or a document chose.
//   private             any address. Default for backends, whose base_url the operator wrote
//                       (a local Ollama on 127.0.0.1).
//   allow:CIDR,CIDR...  public, plus these ranges (`allow:127.0.0.1/32,10.2.0.0/16`).
#pragma once

#include "config/ip_address.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

enum class EgressMode {
  public_only, // `public` and `allow:` (with `allowed` ranges)
  any_address, // `private`
};

struct EgressConfig {
  EgressMode mode = EgressMode::public_only;
  std::vector<IpNetwork> allowed; // exceptions to public_only
  int line = 0;                   // of the `egress` key; 0 when the kind's default applies

  // As an operator writes it: "public", "private", "allow:127.0.0.1/32,10.0.0.0/8".
  std::string to_string() const;
};

// The policy of an instance that sets none: `private` for a backend, `public` for the rest.
EgressConfig default_egress(std::string_view kind);

// Parses the value of an `egress` key; nullopt with `why` set (what is wrong, what to write).
std::optional<EgressConfig> parse_egress(std::string_view value, std::string& why);

} // namespace agenthost::config
