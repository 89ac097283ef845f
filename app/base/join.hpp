#pragma once
// Items written one after another with a separator: "client, server".

#include <string>
#include <string_view>
#include <vector>

namespace synack {

std::string join(const std::vector<std::string>& items, std::string_view sep);

}  // namespace synack
