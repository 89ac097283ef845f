#pragma once
// The hash of an item's canonical body: the bank notices any edit of a file item, or any
// change of a generator, by comparing it.

#include <string>
#include <string_view>

namespace synack {

// 16 bytes of BLAKE2b, as hex: enough to notice any edit, short enough to read in a log.
std::string hash_hex(std::string_view text);

}  // namespace synack
