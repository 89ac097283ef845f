#pragma once
// "Did you mean": the known names closest to one typed wrong, for error messages (an unknown
// scenario id, sysctl name or topic).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace synack {

// Up to `max` known ids closest to `unknown` by edit distance, closest first.
std::vector<std::string> suggest_ids(const std::vector<std::string>& ids, std::string_view unknown,
                                     std::size_t max = 3);

}  // namespace synack
