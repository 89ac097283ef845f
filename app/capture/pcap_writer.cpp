#include "app/capture/pcap_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "app/capture/capture_error.hpp"

namespace synack {

PcapWriter::PcapWriter(int link_type, int snaplen, std::string name) : name_(std::move(name)) {
  dead_ = pcap_open_dead_with_tstamp_precision(link_type, snaplen, PCAP_TSTAMP_PRECISION_MICRO);
  if (dead_ == nullptr) throw CaptureError(name_, 0, "libpcap: pcap_open_dead failed");
  std::FILE* file = ::open_memstream(&buffer_, &size_);
  if (file == nullptr) fail(fmt::format("open_memstream: {}", std::strerror(errno)));
  dumper_ = pcap_dump_fopen(dead_, file);
  if (dumper_ == nullptr) {
    std::fclose(file);
    fail(fmt::format("libpcap: {}", pcap_geterr(dead_)));
  }
}

PcapWriter::~PcapWriter() {
  release();
}

void PcapWriter::frame(Micros t, std::span<const std::uint8_t> frame, std::uint32_t wire_len) {
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(t / kMicrosPerSec);
  header.ts.tv_usec = static_cast<suseconds_t>(t % kMicrosPerSec);
  header.caplen = static_cast<bpf_u_int32>(frame.size());
  header.len = wire_len == 0 ? header.caplen : wire_len;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
}

std::string PcapWriter::finish() {
  if (pcap_dump_flush(dumper_) != 0) fail("libpcap could not write the capture");
  pcap_dump_close(dumper_);  // closes the memstream, which sets buffer_ and size_
  dumper_ = nullptr;
  std::string bytes(buffer_, size_);
  release();
  return bytes;
}

void PcapWriter::fail(const std::string& what) {
  release();
  throw CaptureError(name_, 0, what);
}

void PcapWriter::release() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (dead_ != nullptr) pcap_close(dead_);
  std::free(buffer_);
  dumper_ = nullptr;
  dead_ = nullptr;
  buffer_ = nullptr;
  size_ = 0;
}

}  // namespace synack
