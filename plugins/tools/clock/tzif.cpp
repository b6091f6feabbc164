#include "tzif.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clock_tool::detail {
namespace {

class ByteReader {
public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  std::string_view take(std::uint64_t count, const char* what) {
    if (count > bytes_.size() - pos_)
      throw TzifDefect(std::string("is truncated in the ") + what + " (needs " +
                       std::to_string(count) + " bytes, " + std::to_string(bytes_.size() - pos_) +
                       " left)");
    const std::string_view part = bytes_.substr(pos_, static_cast<std::size_t>(count));
    pos_ += static_cast<std::size_t>(count);
    return part;
  }
  std::uint8_t u8(const char* what) { return static_cast<std::uint8_t>(take(1, what)[0]); }
  std::uint64_t big_endian(std::size_t width, const char* what) {
    std::uint64_t value = 0;
    for (char c : take(width, what)) value = value << 8 | static_cast<std::uint8_t>(c);
    return value;
  }
  std::int64_t signed_big_endian(std::size_t width, const char* what) {
    const std::uint64_t value = big_endian(width, what);
    const std::uint64_t sign_bit = std::uint64_t{1} << (width * 8 - 1);
    // Two's complement without implementation-defined conversions.
    return value & sign_bit ? -static_cast<std::int64_t>((~value & (sign_bit - 1)) + 1)
                            : static_cast<std::int64_t>(value);
  }
  // The bytes up to the next '\n' (consumed, excluding the newline), or nullopt if there is none.
  std::optional<std::string_view> take_line() {
    const std::size_t end = bytes_.find('\n', pos_);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view line = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return line;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct TzifHeader {
  char version;
  std::uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;

  std::uint64_t data_size(std::uint64_t time_size) const {
    return timecnt * (time_size + 1) + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

TzifHeader read_header(ByteReader& reader, bool is_first) {
  if (reader.remaining() < 4 || reader.take(4, "header") != "TZif") {
    if (is_first) throw NotTzif{};
    throw TzifDefect("lacks the version 2+ header after the version 1 data");
  }
  TzifHeader header{};
  header.version = static_cast<char>(reader.u8("header"));
  if (header.version != '\0' && header.version < '2')
    throw TzifDefect("has unknown format version byte " + std::to_string(+header.version));
  reader.take(15, "header");
  for (std::uint64_t* count : {&header.isutcnt, &header.isstdcnt, &header.leapcnt, &header.timecnt,
                               &header.typecnt, &header.charcnt})
    *count = reader.big_endian(4, "header");
  return header;
}

// Reads one data block; time_size is 4 for the v1 block and 8 for the v2+ block.
ZoneInfo::Data read_data_block(ByteReader& reader, const TzifHeader& header,
                               std::size_t time_size) {
  if (header.typecnt == 0) throw TzifDefect("declares no local time types");
  if ((header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
      (header.isstdcnt != 0 && header.isstdcnt != header.typecnt))
    throw TzifDefect("has UT/standard indicator counts that do not match its type count");
  if (header.leapcnt != 0) throw LeapSecondZone{};
  // Check the whole block fits before allocating anything sized by the (untrusted) counts.
  const std::uint64_t needed = header.data_size(time_size);
  if (needed > reader.remaining())
    throw TzifDefect("is truncated: its data block needs " + std::to_string(needed) + " bytes, " +
                     std::to_string(reader.remaining()) + " left");

  ZoneInfo::Data zone;
  zone.transitions.resize(header.timecnt);
  for (auto& transition : zone.transitions) {
    transition.at = reader.signed_big_endian(time_size, "transition times");
    if (&transition != &zone.transitions.front() && transition.at <= (&transition - 1)->at)
      throw TzifDefect("has transition times that are not strictly ascending");
  }
  for (auto& transition : zone.transitions) {
    transition.type = reader.u8("transition types");
    if (transition.type >= header.typecnt)
      throw TzifDefect("has a transition to type " + std::to_string(transition.type) + " of only " +
                       std::to_string(header.typecnt) + " types");
  }
  struct RawType {
    std::int64_t utc_offset;
    std::uint8_t is_dst, abbreviation_index;
  };
  std::vector<RawType> raw_types(header.typecnt);
  for (RawType& type : raw_types) {
    type.utc_offset = reader.signed_big_endian(4, "local time types");
    type.is_dst = reader.u8("local time types");
    type.abbreviation_index = reader.u8("local time types");
    // RFC 8536 range; also keeps every later offset addition far from overflow.
    if (type.utc_offset < -89999 || type.utc_offset > 93599)
      throw TzifDefect("has an implausible UTC offset of " + std::to_string(type.utc_offset) +
                       " s");
    if (type.is_dst > 1) throw TzifDefect("has a DST flag that is neither 0 nor 1");
  }
  const std::string_view abbreviations = reader.take(header.charcnt, "abbreviations");
  for (const RawType& type : raw_types) {
    const std::size_t end = type.abbreviation_index < abbreviations.size()
                                ? abbreviations.find('\0', type.abbreviation_index)
                                : std::string_view::npos;
    if (end == std::string_view::npos)
      throw TzifDefect("has an abbreviation that is not a NUL-terminated entry of its table");
    zone.types.push_back({type.utc_offset, type.is_dst == 1,
                          std::string(abbreviations.substr(type.abbreviation_index,
                                                           end - type.abbreviation_index))});
  }
  reader.take(header.isstdcnt + header.isutcnt, "indicators"); // only matter for POSIX defaults
  return zone;
}

} // namespace

ZoneInfo::Data parse_tzif(std::string_view bytes) {
  ByteReader reader(bytes);
  const TzifHeader v1_header = read_header(reader, true);
  if (v1_header.version == '\0') return read_data_block(reader, v1_header, 4);

  // v2+: the 32-bit block is only for old readers; skip it and use the 64-bit one.
  reader.take(v1_header.data_size(4), "version 1 data block");
  const TzifHeader header = read_header(reader, false);
  ZoneInfo::Data zone = read_data_block(reader, header, 8);

  if (reader.remaining() == 0 || reader.u8("footer") != '\n')
    throw TzifDefect("lacks the footer line with the TZ rule");
  const std::optional<std::string_view> rule = reader.take_line();
  if (!rule) throw TzifDefect("has an unterminated footer TZ rule");
  if (!rule->empty()) {
    try {
      zone.footer = parse_posix_rule(*rule);
    } catch (const std::invalid_argument& error) {
      throw TzifDefect(std::string("has an invalid footer: ") + error.what());
    }
  }
  return zone;
}

} // namespace clock_tool::detail
