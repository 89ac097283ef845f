// Flow- and congestion-control invariants checked on the wire, for every catalog scenario and
// for the flow/congestion ones with segments dropped in many places: a sender never sends new
// data beyond the window the peer last advertised to it, sends a zero-window probe only when that
// window has no room left, never has more segments in flight than its cwnd, and a receiver never
// moves its window's right edge back. Windows and the segments in flight are rebuilt from the
// trace's own segments (the SYNs' scale options, the ACKs and SACK blocks the sender received);
// only cwnd is the engine's, from its `window` events.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"

using namespace synack;

namespace {

// What one side of one conversation knows of the other's window.
struct SenderView {
  bool have_ack = false;
  std::uint32_t ack = 0;   // highest ACK received
  std::uint32_t edge = 0;  // right edge of the peer's window: ack + scaled window
  std::uint32_t nxt = 0;   // end of the highest byte sent
  int own_shift = -1;      // wscale each side put in its SYN (-1: none)
  int peer_shift = -1;
  bool offered = false;        // this side has advertised a window...
  std::uint32_t own_edge = 0;  // ...whose right edge is here
  // Congestion: data segments sent and neither cumulatively ACKed nor SACKed, as [seq, end).
  std::vector<SackBlock> outstanding;
  std::uint32_t cwnd = 0;  // the engine's, from its last window event (0: none yet)
  // After a loss (fast recovery or RTO) the pipe counts segments marked lost, which the wire
  // does not show: the check pauses until the ACK passes what was sent when the loss began.
  bool in_recovery = false;
  std::uint32_t recovery_point = 0;
  // The engine reports a cwnd change after the sends it allowed, so the segments a batch put
  // in flight are checked at the sender's next received segment (or the trace's end).
  std::size_t batch_in_flight = 0;
  Micros batch_t = 0;
};

void check_batch(SenderView& v, const std::string& label) {
  if (v.batch_in_flight == 0) return;
  INFO(label << ": " << v.batch_in_flight << " segments in flight, cwnd " << v.cwnd << ", sent at "
             << v.batch_t << " us");
  CHECK(v.batch_in_flight <= v.cwnd);
  v.batch_in_flight = 0;
}

void forget_delivered(SenderView& v, const Segment& ack) {
  std::erase_if(v.outstanding, [&](const SackBlock& out) {
    if (seq_le(out.right, ack.ack)) return true;
    for (std::size_t i = 0; i < ack.opt.sack_count; ++i) {
      const SackBlock& b = ack.opt.sack[i];
      if (seq_ge(out.left, b.left) && seq_le(out.right, b.right)) return true;
    }
    return false;
  });
}

void check_trace(const Trace& t, const std::string& label) {
  std::map<std::pair<std::uint16_t, std::uint32_t>, SenderView> views;  // by (host, conn)
  // A listener receives the SYN under its own id; the connection answering it needs the
  // SYN's scale: kept by (host, peer address, peer port).
  std::map<std::tuple<std::uint16_t, Addr, std::uint16_t>, int> syn_shift;
  for (const Event& e : t.events) {
    if (e.type == EventType::window) {
      SenderView& v = views[{e.host, e.conn}];
      // A loss shrinks cwnd after the segments sent under the old one.
      if (e.reason.why == Why::recovery_enter || e.reason.why == Why::cwnd_loss) {
        check_batch(v, label);
        v.in_recovery = true;
        v.recovery_point = v.nxt;
      }
      v.cwnd = e.cwnd;
      check_batch(v, label);
      continue;
    }
    if (e.type != EventType::send && e.type != EventType::recv) continue;
    const Segment& s = t.segments[e.segment].seg;
    if (e.type == EventType::recv && s.has(kSyn)) {
      syn_shift[{e.host, s.src.addr, s.src.port}] = s.opt.wscale;
    }
    if (s.has(kRst) || e.conn == 0) continue;
    if (e.type == EventType::recv) {
      // The receiver of `s` is a sender whose view of its peer's window this updates.
      SenderView& v = views[{e.host, e.conn}];
      if (s.has(kSyn)) v.peer_shift = s.opt.wscale;
      check_batch(v, label);
      if (!s.has(kAck)) continue;
      forget_delivered(v, s);
      if (v.in_recovery && seq_ge(s.ack, v.recovery_point)) v.in_recovery = false;
      const int shift = s.has(kSyn) || v.own_shift < 0 || v.peer_shift < 0 ? 0 : v.peer_shift;
      if (!v.have_ack || seq_ge(s.ack, v.ack)) {
        v.have_ack = true;
        v.ack = s.ack;
        v.edge = s.ack + (std::uint32_t{s.win} << shift);
      }
      continue;
    }
    SenderView& v = views[{e.host, e.conn}];
    if (s.has(kSyn)) {
      v.own_shift = s.opt.wscale;
      v.nxt = s.seq + 1;
      if (auto it = syn_shift.find({e.host, s.dst.addr, s.dst.port}); it != syn_shift.end()) {
        v.peer_shift = it->second;
      }
    }
    if (s.has(kAck)) {
      // As a receiver, this side never pulls back the right edge it offered (RFC 9293
      // §3.8.6.2.2); a SYN's window is never scaled.
      const int shift = s.has(kSyn) || v.own_shift < 0 || v.peer_shift < 0 ? 0 : v.own_shift;
      const std::uint32_t edge = s.ack + (std::uint32_t{s.win} << shift);
      INFO(label << ": window edge offered at " << e.t << " us");
      if (v.offered) CHECK(seq_ge(edge, v.own_edge));
      if (!v.offered || seq_gt(edge, v.own_edge)) v.own_edge = edge;
      v.offered = true;
    }
    const std::uint32_t end = s.seq + s.len;
    if (e.reason.why == Why::window_probe) {
      INFO(label << ": probe at " << e.t << " us");
      CHECK(v.have_ack);
      CHECK(seq_ge(v.nxt, v.edge));  // no room left in the peer's window
    } else if (s.len > 0 && v.have_ack && seq_gt(end, v.nxt)) {
      INFO(label << ": data seq " << s.seq << " len " << s.len << " at " << e.t << " us");
      CHECK(seq_le(end, v.edge));  // new bytes stay inside the advertised window
    }
    if (s.len > 0 && seq_gt(end, v.nxt)) {
      v.outstanding.push_back({std::max(s.seq, v.nxt, seq_lt), end});
      // A tail-loss probe may go one segment past cwnd (Linux sends it ignoring cwnd).
      if (v.cwnd > 0 && !v.in_recovery && e.reason.why != Why::loss_probe &&
          e.reason.why != Why::window_probe) {
        v.batch_in_flight = v.outstanding.size();
        v.batch_t = e.t;
      }
      v.nxt = end;
    }
  }
  for (auto& [key, v] : views) check_batch(v, label);
}

}  // namespace

TEST_CASE("no sender passes the peer's window or its cwnd; probes only at a full window",
          "[property][window]") {
  const Catalog catalog = load_catalog(find_content_dir());
  REQUIRE(catalog.entries.size() >= 40);
  int traces = 0;
  for (const CatalogEntry& entry : catalog.entries) {
    check_trace(run_scenario(entry.scenario->spec, RunOptions{}), entry.id);
    ++traces;
    const bool flow = std::any_of(entry.topics.begin(), entry.topics.end(), [](const auto& id) {
      return id.rfind("FC-", 0) == 0 || id.rfind("CC-", 0) == 0;
    });
    if (!flow) continue;
    // Lose the n-th ACK of a receiver (a host that listens) or the n-th data segment of a
    // sender (a host that connects; a scenario may have several pairs).
    std::vector<std::pair<std::string, bool>> hosts;  // (host, drop its data)
    for (const ProgramSpec& p : entry.scenario->spec.programs) {
      for (const StepSpec& step : p.steps) {
        if (step.call == AppCall::connect || step.call == AppCall::listen) {
          hosts.emplace_back(p.host, step.call == AppCall::connect);
          break;
        }
      }
    }
    for (const auto& [from, data] : hosts) {
      for (int n = 1; n <= 12; ++n) {
        ScenarioSpec spec = entry.scenario->spec;
        RuleSpec drop;
        drop.match.from = from;
        drop.match.nth = n;
        drop.match.has_payload = data;
        spec.rules.insert(spec.rules.begin(), drop);
        check_trace(run_scenario(spec, RunOptions{}),
                    entry.id + " dropping " + from + " #" + std::to_string(n));
        ++traces;
      }
    }
  }
  CHECK(traces >= 40 + 11 * 24);
}
