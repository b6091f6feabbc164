#include "config/egress_setting.hpp"

namespace agenthost::config {

EgressConfig read_egress_setting(SectionReader& reader, const std::string& kind) {
  const IniEntry* entry = reader.entry("egress");
  if (entry == nullptr || !entry->valid) return default_egress(kind);
  std::string why;
  std::optional<EgressConfig> egress = parse_egress(entry->value, why);
  if (!egress) {
    reader.value_error(*entry, why);
    return default_egress(kind);
  }
  egress->line = entry->line;
  return *egress;
}

} // namespace agenthost::config
