#include "store/query_counter.hpp"

namespace agenthost::store {
namespace {
thread_local std::uint64_t statements = 0;
}

std::uint64_t statements_on_this_thread() noexcept { return statements; }
void count_statement() noexcept { ++statements; }

} // namespace agenthost::store
