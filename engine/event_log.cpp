#include "event_log.hpp"

#include "splitmix64.hpp"

namespace synack {

namespace {

// A payload with the top bit set is an index into the wide values; otherwise it is the
// value itself (app value, or a timer's deadline minus the event's time).
constexpr std::uint32_t kWide = 0x8000'0000U;
constexpr std::int64_t kBlockSpan = std::int64_t{1} << 32;  // time offsets are 32-bit

}  // namespace

std::size_t EventLog::KindHash::operator()(const Kind& k) const {
  std::uint64_t h = splitmix64_mix(static_cast<std::uint64_t>(k.reason.a));
  h = splitmix64_mix(h ^ static_cast<std::uint64_t>(k.reason.b));
  h ^= std::uint64_t{static_cast<std::uint16_t>(k.reason.why)} | std::uint64_t{k.host} << 16 |
       std::uint64_t{static_cast<std::uint8_t>(k.type)} << 32 | std::uint64_t{k.x} << 40 |
       std::uint64_t{k.y} << 48;
  if (k.disagreement.why != Why::none) {
    h = splitmix64_mix(h ^ static_cast<std::uint64_t>(k.disagreement.a));
    h ^= static_cast<std::uint64_t>(k.disagreement.b) ^
         std::uint64_t{static_cast<std::uint16_t>(k.disagreement.why)} << 56;
  }
  return splitmix64_mix(h);
}

std::uint32_t EventLog::intern(const Kind& k) {
  if (!kinds_.empty() && kinds_.back() == k) return static_cast<std::uint32_t>(kinds_.size() - 1);
  auto [it, fresh] = kind_ids_.try_emplace(k, static_cast<std::uint32_t>(kinds_.size()));
  if (fresh) kinds_.push_back(k);
  return it->second;
}

std::uint32_t EventLog::wide_payload(std::int64_t v) {
  if (v >= 0 && v < kWide) return static_cast<std::uint32_t>(v);
  wide_.push_back(v);
  return kWide | static_cast<std::uint32_t>(wide_.size() - 1);
}

std::int64_t EventLog::wide(std::uint32_t payload) const {
  return (payload & kWide) != 0 ? wide_[payload & ~kWide] : std::int64_t{payload};
}

std::uint32_t EventLog::pack_payload(const Event& e) {
  switch (e.type) {
    case EventType::send:
    case EventType::recv:
    case EventType::drop:
      return e.segment;
    case EventType::app:
      return wide_payload(e.value);
    case EventType::timer:
      return wide_payload(e.deadline - e.t);
    case EventType::queue:
      queues_.push_back({e.syn_queue, e.syn_queue_max, e.accept_queue, e.accept_queue_max});
      return static_cast<std::uint32_t>(queues_.size() - 1);
    case EventType::window:
      windows_.push_back({e.cwnd, e.ssthresh, e.in_flight, e.peer_window, e.mss});
      return static_cast<std::uint32_t>(windows_.size() - 1);
    case EventType::state:
      break;
  }
  return 0;
}

void EventLog::push_back(const Event& e) {
  Kind k{e.reason, e.host, e.type, 0, 0, e.disagreement};
  switch (e.type) {
    case EventType::state:
      k.x = static_cast<std::uint8_t>(e.from);
      k.y = static_cast<std::uint8_t>(e.to);
      break;
    case EventType::app:
      k.x = static_cast<std::uint8_t>(e.call);
      k.y = static_cast<std::uint8_t>(e.result);
      break;
    case EventType::timer:
      k.x = static_cast<std::uint8_t>(e.timer);
      k.y = static_cast<std::uint8_t>(e.action);
      break;
    default:
      break;
  }
  const std::uint32_t index = static_cast<std::uint32_t>(rows_.size());
  if (blocks_.empty() || e.t < blocks_.back().base || e.t - blocks_.back().base >= kBlockSpan) {
    blocks_.push_back({index, e.t});
  }
  const auto offset = static_cast<std::uint32_t>(e.t - blocks_.back().base);
  rows_.push_back({offset, intern(k), e.conn, pack_payload(e)});
}

Micros EventLog::time_of(std::size_t i) const {
  // Runs shorter than 71 minutes have one block; the search is for longer ones.
  std::size_t lo = 0, hi = blocks_.size();
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (blocks_[mid].first <= i ? lo : hi) = mid;
  }
  return blocks_[lo].base + rows_[i].t_offset;
}

Event EventLog::operator[](std::size_t i) const {
  const Row& r = rows_[i];
  const Kind& k = kinds_[r.kind];
  Event e;
  e.t = time_of(i);
  e.type = k.type;
  e.host = k.host;
  e.reason = k.reason;
  e.disagreement = k.disagreement;
  e.conn = r.conn;
  switch (k.type) {
    case EventType::send:
    case EventType::recv:
    case EventType::drop:
      e.segment = r.payload;
      break;
    case EventType::state:
      e.from = static_cast<TcpState>(k.x);
      e.to = static_cast<TcpState>(k.y);
      break;
    case EventType::app:
      e.call = static_cast<AppCall>(k.x);
      e.result = static_cast<AppResult>(k.y);
      e.value = wide(r.payload);
      break;
    case EventType::timer:
      e.timer = static_cast<TimerKind>(k.x);
      e.action = static_cast<TimerAction>(k.y);
      e.deadline = e.t + wide(r.payload);
      break;
    case EventType::queue: {
      const QueueDepths& q = queues_[r.payload];
      e.syn_queue = q.syn;
      e.syn_queue_max = q.syn_max;
      e.accept_queue = q.accept;
      e.accept_queue_max = q.accept_max;
      break;
    }
    case EventType::window: {
      const WindowSizes& w = windows_[r.payload];
      e.cwnd = w.cwnd;
      e.ssthresh = w.ssthresh;
      e.in_flight = w.in_flight;
      e.peer_window = w.peer_window;
      e.mss = w.mss;
      break;
    }
  }
  return e;
}

std::size_t EventLog::memory_bytes() const {
  return rows_.capacity() * sizeof(Row) + kinds_.capacity() * sizeof(Kind) +
         blocks_.capacity() * sizeof(Block) + wide_.capacity() * sizeof(std::int64_t) +
         queues_.capacity() * sizeof(QueueDepths) + windows_.capacity() * sizeof(WindowSizes);
}

void EventLog::finish_appending() {
  kind_ids_ = {};
}

}  // namespace synack
