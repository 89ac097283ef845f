// libFuzzer target: the scenario loader, and the engine on every scenario it accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/scenario_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  synack::fuzz::scenario_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
