#include "store/dialect.hpp"

namespace agenthost::store {

std::string Dialect::translate(std::string_view sql) const {
  if (engine_ == Engine::sqlite) return std::string(sql);
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy the quoted run through; a doubled quote inside it is an escaped quote.
      const std::size_t close = sql.find(c, i + 1);
      const std::size_t end = close == std::string_view::npos ? sql.size() : close + 1;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t newline = sql.find('\n', i);
      const std::size_t end = newline == std::string_view::npos ? sql.size() : newline;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++next);
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace agenthost::store
