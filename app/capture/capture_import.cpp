#include "app/capture/capture_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <unordered_map>

#include "app/capture/capture_data.hpp"
#include "app/capture/capture_flow.hpp"
#include "app/capture/capture_replay.hpp"
#include "app/capture/conversations.hpp"
#include "app/capture/pcap_reader.hpp"

namespace synack {
namespace {

using Clock = std::chrono::steady_clock;

void add_packet(CaptureData& d, ConversationTable& table, const TcpHeader& h, Micros t,
                std::uint64_t frame) {
  const auto index = static_cast<std::uint32_t>(d.packets.size());
  const ConversationTable::Hit hit = table.add(h, index);
  CapturedPacket p;
  p.t = t;
  p.frame = frame;
  p.conv = hit.conv;
  p.dir = hit.dir;
  p.seq = h.seq;
  p.ack = h.ack;
  p.len = h.len;
  p.win = h.win;
  p.flags = h.flags;
  p.mss = h.opt.mss;
  p.wscale = h.opt.wscale;
  p.sack_permitted = h.opt.sack_permitted;
  p.has_timestamp = h.opt.has_timestamp;
  p.ts_val = h.opt.ts_val;
  p.ts_ecr = h.opt.ts_ecr;
  p.sack_count = h.opt.sack_count;
  p.sack_at = static_cast<std::uint32_t>(d.sacks.size());
  d.sacks.insert(d.sacks.end(), h.opt.sack.begin(), h.opt.sack.begin() + h.opt.sack_count);
  d.packets.push_back(p);
}

// TCP segments decoded from the file, handed from the reading thread to the importing one.
struct DecodedBatch {
  struct Segment {
    TcpHeader header;
    Micros t = 0;  // since the first frame
    std::uint64_t frame = 0;
  };
  std::vector<Segment> segments;
  CaptureStats stats;          // every frame read so far
  std::uint64_t position = 0;  // bytes of the file read so far
  std::exception_ptr error;    // where the file broke, after these segments
  bool last = false;
};

// Reads and decodes frames on its own thread, a batch at a time, while the importing thread
// adds the previous batch's segments to the conversations: the two halves of reading a
// capture take about as long as each other. Stops early when the importer leaves.
class FrameReader {
 public:
  FrameReader(PcapReader& reader, Micros& t0) : reader_(reader), t0_(t0) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  ~FrameReader() {
    thread_.request_stop();
    ready_.notify_all();
  }
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;

  // The next batch, waiting for it; `free` (emptied) goes back to be filled again.
  DecodedBatch take(DecodedBatch free) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !full_.empty(); });
    DecodedBatch b = std::move(full_.front());
    full_.erase(full_.begin());
    free.segments.clear();
    empty_.push_back(std::move(free));
    ready_.notify_all();
    return b;
  }

 private:
  static constexpr std::size_t kBatch = 4096;  // frames
  static constexpr std::size_t kQueued = 3;    // batches read ahead
  PcapReader& reader_;
  Micros& t0_;  // written before the first batch is handed over
  std::mutex mutex_;
  std::condition_variable_any ready_;
  std::vector<DecodedBatch> full_, empty_;
  std::jthread thread_;  // last: stopped and joined first

  void run(std::stop_token stop) {
    FragmentTable fragments;
    RawFrame frame;
    DecodedBatch::Segment seg;
    CaptureStats stats;
    const int link = reader_.link_type();
    bool done = false;
    while (!done) {
      DecodedBatch b;
      {
        std::unique_lock lock(mutex_);
        if (!ready_.wait(lock, stop, [&] { return full_.size() < kQueued; })) return;
        if (!empty_.empty()) {
          b = std::move(empty_.back());
          empty_.pop_back();
        }
      }
      b.segments.reserve(kBatch);
      try {
        do {
          if (!reader_.next(frame)) {
            done = true;
            break;
          }
          if (stats.frames++ == 0) t0_ = frame.t;
          switch (decode_frame(link, frame.bytes, frame.wire_len, seg.header, fragments)) {
            case Decoded::tcp:
              ++stats.tcp;
              seg.t = frame.t - t0_;
              seg.frame = frame.number;
              b.segments.push_back(seg);
              break;
            case Decoded::not_tcp:
              ++stats.not_tcp;
              break;
            case Decoded::unsupported:
              ++stats.unsupported;
              break;
            case Decoded::truncated:
            case Decoded::malformed:
              ++stats.unreadable;
              break;
            case Decoded::fragment:
              break;
          }
        } while (stats.frames % kBatch != 0);  // batches end where progress was reported
      } catch (...) {
        b.error = std::current_exception();
        done = true;
      }
      stats.reassembled = fragments.reassembled();
      stats.fragments_left = fragments.open();
      b.stats = stats;
      b.position = reader_.position();
      b.last = done;
      std::lock_guard lock(mutex_);
      full_.push_back(std::move(b));
      ready_.notify_all();
    }
  }
};

// Every frame of the file into `d`; throws CaptureError where the file breaks.
void read_frames(PcapReader& reader, CaptureData& d, CaptureStats& stats,
                 const ImportOptions& options) {
  ConversationTable table(d.conversations);
  // At most one TCP segment per 56 bytes of file (a record header and bare IP and TCP
  // headers): reserving that never copies, and the pages never used are never touched.
  d.packets.reserve(std::min<std::uint64_t>(reader.size() / 56, std::uint64_t{1} << 26));
  auto last_report = Clock::now();
  const auto every = std::chrono::microseconds(options.progress_every);
  FrameReader frames(reader, d.t0);
  DecodedBatch b;
  do {
    b = frames.take(std::move(b));
    for (const DecodedBatch::Segment& s : b.segments) add_packet(d, table, s.header, s.t, s.frame);
    stats = b.stats;
    if (b.error) std::rethrow_exception(b.error);
    if (options.progress && !b.last) {  // every 4,096 frames, at most every progress_every
      const auto now = Clock::now();
      if (now - last_report >= every) {
        last_report = now;
        options.progress({b.position, reader.size(), stats.frames});
      }
    }
  } while (!b.last);
}

std::vector<Disagreement> list_disagreements(const CaptureData& d) {
  std::vector<Disagreement> out;
  std::unordered_map<std::uint64_t, std::size_t> seen;  // (conversation, direction, why)
  for (std::size_t i = 0; i < d.packets.size(); ++i) {
    const Label& l = d.facts[i].disagreement;
    if (l.empty()) continue;
    const CapturedPacket& p = d.packets[i];
    const std::uint64_t key = (std::uint64_t{p.conv} << 17) | (std::uint64_t{p.dir} << 16) |
                              static_cast<std::uint16_t>(l.why);
    auto [it, fresh] = seen.try_emplace(key, out.size());
    if (!fresh) {
      ++out[it->second].count;
      continue;
    }
    const ConversationRecord& c = d.conversations[p.conv];
    out.push_back({c.stream, p.frame, 1, endpoint_to_string(p.dir == 0 ? c.a : c.b), l.full()});
  }
  return out;
}

std::vector<ConversationInfo> list_conversations(const CaptureData& d,
                                                 const std::vector<ConversationEnd>& ends) {
  std::vector<ConversationInfo> out(d.conversations.size());
  for (std::size_t k = 0; k < d.conversations.size(); ++k) {
    const ConversationRecord& c = d.conversations[k];
    ConversationInfo& info = out[k];
    info.stream = c.stream;
    info.a = endpoint_to_string(c.a);
    info.b = endpoint_to_string(c.b);
    info.packets = c.packets;
    info.bytes_a = c.bytes[0];
    info.bytes_b = c.bytes[1];
    info.first = d.packets[c.first].t;
    info.last = d.packets[c.last].t;
    info.end_a = ends[k].state[0];
    info.end_b = ends[k].state[1];
    info.handshake_seen = ends[k].handshake_seen;
    info.established = ends[k].established;
  }
  for (std::size_t i = 0; i < d.packets.size(); ++i) {
    const PacketFacts& f = d.facts[i];
    ConversationInfo& info = out[d.packets[i].conv];
    if (f.is(kMarkRetransmission)) ++info.retransmissions;
    if (f.is(kMarkLost)) ++info.lost;
    if (!f.disagreement.empty()) ++info.disagreements;
  }
  return out;
}

CaptureImport finish(std::unique_ptr<PcapReader> reader, const std::string& name,
                     const ImportOptions& options) {
  CaptureImport result;
  result.file = name;
  auto data = std::make_shared<CaptureData>();
  data->name = name;
  if (reader) {
    data->link_type = reader->link_type();
    result.link_type = link_type_name(data->link_type);
    if (!link_type_supported(data->link_type)) {
      result.error.emplace(name, 0,
                           fmt::format("link type {} is not read (Ethernet, Linux cooked, "
                                       "loopback and raw IP are)",
                                       result.link_type));
    } else {
      try {
        read_frames(*reader, *data, result.stats, options);
      } catch (const CaptureError& e) {
        result.error = e;
      }
    }
  }
  analyze_capture(*data);
  std::vector<ConversationEnd> ends;
  result.trace = replay_capture(*data, options.stream, ends);
  result.trace.truncated = result.error.has_value();
  result.conversations = list_conversations(*data, ends);
  result.disagreements = list_disagreements(*data);
  result.data = std::move(data);
  return result;
}

template <class Open>
CaptureImport import_with(const std::string& name, const ImportOptions& options, Open open) {
  std::unique_ptr<PcapReader> reader;
  try {
    reader = open();
  } catch (const CaptureError& e) {
    CaptureImport failed = finish(nullptr, name, options);
    failed.error = e;
    failed.trace.truncated = true;
    return failed;
  }
  return finish(std::move(reader), name, options);
}

}  // namespace

CaptureImport import_capture(const std::string& path, const ImportOptions& options) {
  return import_with(path, options, [&] { return std::make_unique<PcapReader>(path); });
}

CaptureImport import_capture(std::span<const std::uint8_t> bytes, const std::string& name,
                             const ImportOptions& options) {
  return import_with(name, options, [&] { return std::make_unique<PcapReader>(bytes, name); });
}

Trace capture_stream_trace(const CaptureImport& imported, std::uint32_t stream) {
  if (!imported.data || stream >= imported.data->conversations.size()) {
    throw std::out_of_range(fmt::format("{}: no TCP stream {} (the capture has {})", imported.file,
                                        stream, imported.conversations.size()));
  }
  std::vector<ConversationEnd> ends;
  Trace t = replay_capture(*imported.data, stream, ends);
  t.truncated = imported.error.has_value();
  return t;
}

}  // namespace synack
