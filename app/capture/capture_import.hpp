#pragma once
// A capture file (pcap or pcapng, read with libpcap) turned into a synack trace: its TCP
// conversations split like Wireshark's tcp.stream, each endpoint's TCP state inferred packet
// by packet from one capture point, every segment labelled with why it was sent (handshake,
// retransmission of which packet, duplicate ACK, SACK, probes, RST and why, ...), and what a
// real endpoint did that synack's engine would not have done listed as disagreements. The
// trace is drawn by the same formatters as `synack run` (docs/capture.md says what can and
// cannot be known from one capture point).
//
// A file that breaks part-way (truncated, corrupt) still gives what was read before the
// break, with `error` saying where it broke.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/capture/capture_error.hpp"
#include "engine/trace.hpp"

namespace synack {

struct CaptureData;

struct ImportProgress {
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_total = 0;  // 0: unknown
  std::uint64_t packets = 0;
};

struct ImportOptions {
  std::optional<std::uint32_t> stream;  // the trace holds only this conversation
  // Called about every `progress_every` of wall-clock time while the file is read.
  std::function<void(const ImportProgress&)> progress;
  Micros progress_every = 250 * kMicrosPerMs;
};

// Something a real endpoint did that synack's engine would not have done: the first packet
// of its kind in one direction of a conversation, and how many packets did the same.
struct Disagreement {
  std::uint32_t stream = 0;
  std::uint64_t packet = 0;  // frame number, from 1
  std::uint32_t count = 1;
  std::string from;  // the endpoint that sent it
  Reason reason;     // is_disagreement(reason.why)
};

struct ConversationInfo {
  std::uint32_t stream = 0;
  std::string a, b;  // endpoints; a sent the first packet seen
  std::uint32_t packets = 0;
  std::uint64_t bytes_a = 0, bytes_b = 0;  // payload each way
  Micros first = 0, last = 0;              // since the capture's first packet
  TcpState end_a = TcpState::CLOSED, end_b = TcpState::CLOSED;
  bool handshake_seen = false;  // its SYN is in the capture
  bool established = false;
  std::uint32_t retransmissions = 0;
  std::uint32_t lost = 0;  // segments inferred lost after the capture point
  std::uint32_t disagreements = 0;
};

struct CaptureStats {
  std::uint64_t frames = 0;
  std::uint64_t tcp = 0;
  std::uint64_t not_tcp = 0;
  std::uint64_t unreadable = 0;      // headers cut short by the snap length, or malformed
  std::uint64_t unsupported = 0;     // link types or IP features not read (IPv6 fragments)
  std::uint64_t reassembled = 0;     // IPv4 datagrams put together from fragments
  std::uint64_t fragments_left = 0;  // partial datagrams still missing pieces at the end
};

struct CaptureImport {
  std::string file;
  std::string link_type;
  CaptureStats stats;
  std::vector<ConversationInfo> conversations;
  std::vector<Disagreement> disagreements;
  std::optional<CaptureError> error;  // where reading stopped early
  Trace trace;                        // every conversation, or options.stream's
  std::shared_ptr<const CaptureData> data;
};

// Never throws for what is in the file: a missing or broken file gives `error` (packet 0
// when the file header itself is bad) and whatever came before the break.
CaptureImport import_capture(const std::string& path, const ImportOptions& options = {});
// The same from bytes in memory; `name` stands for the file in errors.
CaptureImport import_capture(std::span<const std::uint8_t> bytes, const std::string& name,
                             const ImportOptions& options = {});

// One conversation of an import as a trace of its own, times from its first packet.
// Throws std::out_of_range for a stream that is not there.
Trace capture_stream_trace(const CaptureImport& imported, std::uint32_t stream);

}  // namespace synack
