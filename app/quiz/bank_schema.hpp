#pragma once
// The SQL that takes a bank from schema version N to N+1, for N = 0, 1, ...

#include <span>

namespace synack {

// Element i upgrades a bank at user_version i to i + 1.
std::span<const char* const> bank_migrations();

}  // namespace synack
