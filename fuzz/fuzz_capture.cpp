// libFuzzer target: the capture import (app/capture), from reading the file to the states.
#include <cstddef>
#include <cstdint>

#include "fuzz/capture_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  synack::fuzz::capture_input({data, size});
  return 0;
}
