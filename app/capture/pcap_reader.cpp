#include "app/capture/pcap_reader.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "app/capture/capture_error.hpp"

namespace synack {

PcapReader::PcapReader(const std::string& path) : name_(path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw CaptureError(path, 0, std::strerror(errno));
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long end = std::ftell(f);
    if (end > 0) size_ = static_cast<std::uint64_t>(end);
    std::rewind(f);
  }
  open_stream(f);
}

PcapReader::PcapReader(std::span<const std::uint8_t> bytes, std::string name)
    : name_(std::move(name)), size_(bytes.size()) {
  if (bytes.empty()) throw CaptureError(name_, 0, "empty file: not a capture");
  // fmemopen reads the caller's bytes in place; the mode never writes to them.
  std::FILE* f = ::fmemopen(const_cast<std::uint8_t*>(bytes.data()), bytes.size(), "rb");
  if (f == nullptr) throw CaptureError(name_, 0, std::strerror(errno));
  open_stream(f);
}

void PcapReader::open_stream(std::FILE* f) {
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);  // libpcap reads a record at a time
  char err[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, err);
  if (handle_ == nullptr) {
    std::fclose(f);
    throw CaptureError(name_, 0, err[0] != '\0' ? err : "not a pcap or pcapng file");
  }
  file_ = f;
  link_type_ = pcap_datalink(handle_);
}

PcapReader::~PcapReader() {
  if (handle_ != nullptr) pcap_close(handle_);  // closes file_ too
}

bool PcapReader::next(RawFrame& out) {
  pcap_pkthdr* header = nullptr;
  const std::uint8_t* data = nullptr;
  const int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == PCAP_ERROR_BREAK) return false;  // end of file
  if (rc != 1) throw CaptureError(name_, count_ + 1, pcap_geterr(handle_));
  ++count_;
  out.number = count_;
  // Clamped so that times, and differences of two, fit in Micros (a corrupt pcapng block
  // can claim any time at all).
  constexpr std::int64_t kMaxSec = std::int64_t{1} << 42;
  const std::int64_t sec = std::clamp<std::int64_t>(header->ts.tv_sec, -kMaxSec, kMaxSec);
  out.t = sec * kMicrosPerSec + std::clamp<std::int64_t>(header->ts.tv_usec, 0, kMicrosPerSec);
  out.wire_len = header->len;
  out.bytes = std::span<const std::uint8_t>(data, header->caplen);
  return true;
}

std::uint64_t PcapReader::position() const {
  // pcapng files are read through the same FILE*; its offset is what has been consumed.
  const long at = file_ != nullptr ? std::ftell(file_) : -1;
  return at > 0 ? static_cast<std::uint64_t>(at) : 0;
}

}  // namespace synack
