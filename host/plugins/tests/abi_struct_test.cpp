// Reading ABI structs of another size than the host's.
#include "plugins/abi_struct.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace agenthost::plugins {
namespace {

TEST(ReadAbiStruct, ALargerStructIsCutToTheHostsSizeAndSaysSo) {
  struct Grown {
    ah_byte_sink sink;
    void* future_member;
  } grown{};
  grown.sink.struct_size = sizeof grown;
  grown.sink.user = &grown;
  const ah_byte_sink copy = read_abi_struct(&grown.sink);
  EXPECT_EQ(copy.user, &grown);
  // A forwarded copy must not claim the plugin's future members: it does not hold them.
  EXPECT_EQ(copy.struct_size, sizeof(ah_byte_sink));
}

TEST(ReadAbiStruct, ASmallerStructKeepsItsSizeAndReadsZeroBeyondIt) {
  ah_byte_sink source;
  std::memset(&source, 0x5A, sizeof source);
  source.struct_size = AGENTHOST_END_OF(ah_byte_sink, user);
  const ah_byte_sink copy = read_abi_struct(&source);
  EXPECT_EQ(copy.struct_size, AGENTHOST_END_OF(ah_byte_sink, user));
  EXPECT_EQ(copy.write, nullptr);
}

} // namespace
} // namespace agenthost::plugins
