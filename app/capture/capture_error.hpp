#pragma once
// What went wrong reading or writing a capture, and where: the file, the packet (counting
// from 1, as Wireshark numbers them) and the byte offset in the file when known.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace synack {

class CaptureError : public std::runtime_error {
 public:
  CaptureError(std::string file, std::uint64_t packet, std::string what);

  const std::string& file() const { return file_; }
  std::uint64_t packet() const { return packet_; }  // 0: not at a packet (the file header)

 private:
  std::string file_;
  std::uint64_t packet_;
};

}  // namespace synack
