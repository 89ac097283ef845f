// libFuzzer target: the quiz import, and each imported item read back from its stored body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/quiz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  synack::fuzz::quiz_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
