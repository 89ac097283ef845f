#pragma once
// A classic pcap file built in memory through libpcap (pcap_open_dead + pcap_dump over an
// open_memstream): the caller decides where the bytes go (stdout, a file written atomically),
// and the same frames always give the same bytes.

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "engine/time.hpp"

namespace synack {

class PcapWriter {
 public:
  // `name` is where the bytes are going, for errors (CaptureError).
  PcapWriter(int link_type, int snaplen, std::string name);
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  ~PcapWriter();

  // One frame captured at `t` (since 1970) whose first `frame.size()` bytes were kept of
  // `wire_len` (0: all of them).
  void frame(Micros t, std::span<const std::uint8_t> frame, std::uint32_t wire_len = 0);
  // The file's bytes; the writer is done after this.
  std::string finish();

 private:
  [[noreturn]] void fail(const std::string& what);
  void release();

  std::string name_;
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  char* buffer_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace synack
