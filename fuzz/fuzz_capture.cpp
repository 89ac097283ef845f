// libFuzzer target: the capture reader (app/capture/pcap_reader), built only once that file
// exists (fuzz/CMakeLists.txt).
//
// The entry point it expects: `synack::read_capture(const std::filesystem::path&)`, reading a
// pcap or pcapng file and throwing synack::CaptureError for one it cannot use. libpcap reads
// files, so each input is written to a file of this process and read from there; a reader
// that also takes bytes (libpcap's pcap_fopen_offline over fmemopen) can be called directly
// instead. Any other exception, a sanitizer report or a hang is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/capture/capture_error.hpp"
#include "app/capture/pcap_reader.hpp"

namespace {

const std::filesystem::path& input_file() {
  static const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                            ("synack-fuzz-" + std::to_string(getpid()) + ".pcap");
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    synack::read_capture(input_file());
  } catch (const synack::CaptureError&) {
  }
  return 0;
}
