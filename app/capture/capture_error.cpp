#include "app/capture/capture_error.hpp"

#include <fmt/format.h>

namespace synack {

CaptureError::CaptureError(std::string file, std::uint64_t packet, std::string what)
    : std::runtime_error(packet == 0 ? fmt::format("{}: {}", file, what)
                                     : fmt::format("{}: packet {}: {}", file, packet, what)),
      file_(std::move(file)),
      packet_(packet) {}

}  // namespace synack
