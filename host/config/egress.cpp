#include "config/egress.hpp"

namespace agenthost::config {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

constexpr const char* what_to_write = "write `public`, `private` or `allow:<cidr>,<cidr>` (e.g. allow:127.0.0.1/32)";

} // namespace

std::string EgressConfig::to_string() const {
  if (mode == EgressMode::any_address) return "private";
  if (allowed.empty()) return "public";
  std::string out = "allow:";
  for (std::size_t i = 0; i < allowed.size(); ++i) out += (i ? "," : "") + allowed[i].to_string();
  return out;
}

EgressConfig default_egress(std::string_view kind) {
  EgressConfig egress;
  if (kind == "backend") egress.mode = EgressMode::any_address;
  return egress;
}

std::optional<EgressConfig> parse_egress(std::string_view value, std::string& why) {
  value = trim(value);
  EgressConfig egress;
  if (value == "public") return egress;
  if (value == "private") {
    egress.mode = EgressMode::any_address;
    return egress;
  }
  constexpr std::string_view allow_prefix = "allow:";
  if (value.substr(0, allow_prefix.size()) != allow_prefix) {
    why = std::string("unknown egress policy; ") + what_to_write;
    return std::nullopt;
  }
  std::string_view ranges = value.substr(allow_prefix.size());
  while (true) {
    const std::size_t comma = ranges.find(',');
    const std::string_view item = trim(ranges.substr(0, comma));
    if (item.empty()) {
      why = "allow: needs a comma list of CIDR ranges with none empty (e.g. allow:127.0.0.1/32,10.0.0.0/8)";
      return std::nullopt;
    }
    std::string range_why;
    const std::optional<IpNetwork> network = parse_cidr(item, range_why);
    if (!network) {
      why = "bad range in allow: " + range_why;
      return std::nullopt;
    }
    egress.allowed.push_back(*network);
    if (comma == std::string_view::npos) break;
    ranges = ranges.substr(comma + 1);
  }
  return egress;
}

} // namespace agenthost::config
