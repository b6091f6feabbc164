// Counts the SQL statements a thread runs, so the HTTP layer can report (and tests can bound)
// how many statements one request costs: the N+1 check the audit found missing.
//
// A request runs on one thread from start to end, so a thread-local counter needs no locking
// and cannot mix two requests up. Transaction control (BEGIN/COMMIT/ROLLBACK) is not counted:
// only statements that read or write data.
#pragma once

#include <cstdint>

namespace agenthost::store {

// Statements run on this thread since it started.
std::uint64_t statements_on_this_thread() noexcept;
void count_statement() noexcept;

// Counts the statements run on this thread during its lifetime.
class StatementCount {
public:
  StatementCount() noexcept : start_(statements_on_this_thread()) {}
  std::uint64_t so_far() const noexcept { return statements_on_this_thread() - start_; }

private:
  std::uint64_t start_;
};

} // namespace agenthost::store
