#pragma once
// What fuzz_capture does with one input, shared with its regression tests: import the bytes
// as a capture file (pcap or pcapng, through libpcap from memory), which reads, decodes,
// splits conversations and infers every segment's fate and both endpoints' states.

#include <cstdint>
#include <span>
#include <string>

#include "app/capture/capture_import.hpp"

namespace synack::fuzz {

// "" if the whole input was read; else where reading stopped (the CaptureError the import
// keeps beside what it read). import_capture never throws for what is in a file, so any
// exception, a sanitizer report or a hang is a bug.
inline std::string capture_input(std::span<const std::uint8_t> bytes) {
  const CaptureImport imported = import_capture(bytes, "fuzz-input");
  return imported.error ? std::string(imported.error->what()) : std::string();
}

}  // namespace synack::fuzz
