#pragma once
// Reading a capture file with libpcap: pcap and pcapng, from a path or from bytes in memory
// (the fuzzers' way in). One frame at a time, timestamps in microseconds. A file that ends
// in the middle of a record, or holds a record libpcap rejects, throws CaptureError naming
// the packet (numbered from 1, as Wireshark does); the frames before it were handed out.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/time.hpp"

struct pcap;

namespace synack {

struct RawFrame {
  std::uint64_t number = 0;  // 1-based
  Micros t = 0;              // since the epoch, as the file says
  std::uint32_t wire_len = 0;
  std::span<const std::uint8_t> bytes;  // valid until the next call to next()
};

class PcapReader {
 public:
  // Opens a file; throws CaptureError (packet 0) when it is missing or not a capture.
  explicit PcapReader(const std::string& path);
  // Reads from memory; `bytes` must outlive the reader. `name` stands for the file in errors.
  PcapReader(std::span<const std::uint8_t> bytes, std::string name);
  ~PcapReader();
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;

  // The next frame; false at the end of the file. Throws CaptureError on a broken record.
  bool next(RawFrame& out);

  int link_type() const { return link_type_; }
  const std::string& name() const { return name_; }
  // Bytes of the file read so far and its size (0 when unknown), for progress.
  std::uint64_t position() const;
  std::uint64_t size() const { return size_; }

 private:
  void open_stream(std::FILE* f);

  std::string name_;
  pcap* handle_ = nullptr;
  std::FILE* file_ = nullptr;  // owned by the pcap handle once opened
  int link_type_ = 0;
  std::uint64_t size_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace synack
