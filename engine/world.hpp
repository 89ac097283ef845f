#pragma once
// The simulated world behind run_scenario(): one HostStack per host (host_stack.hpp), the
// network between them, attackers, the socket programs, one virtual clock and the event
// queue that interleaves them. Its member functions are spread over files:
//   world.cpp         set-up, the event loop, trace recording (StackEnv for the stacks)
//   network.cpp       latency and drop/delay/duplicate/reorder rules, IP fragments
//   programs.cpp      running each program's socket calls, process and host crashes
//   attacker.cpp      SYN flood and crafted segments

#include <cstdint>
#include <deque>
#include <queue>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "host_stack.hpp"
#include "min_heap.hpp"
#include "scenario.hpp"
#include "simulator.hpp"
#include "splitmix64.hpp"
#include "trace.hpp"

namespace synack {

class World final : private StackEnv {
 public:
  // `spec` is read, not copied: it must outlive the World.
  World(const ScenarioSpec& spec, const RunOptions& options);
  Trace run(RunStats* stats);

 private:
  // What the world's own queue holds; host timers live in each stack and are mirrored
  // here by `host_timer` entries (see note_head()).
  enum class Due : std::uint8_t {
    deliver,
    program,
    flood,
    inject,
    host_up,
    reassembly_timer,
    host_timer
  };
  struct Pending {
    Micros t = 0;
    std::uint64_t order = 0;  // FIFO among equal times: determinism
    Due what = Due::deliver;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    // Measured: with 32-byte entries the heap's moves ran ~25 % slower on this machine (gcc 12
    // copies them with overlapping 16-byte moves); 40 bytes, as before the split, do not.
    std::uint64_t unused = 0;
    bool operator>(const Pending& o) const { return t != o.t ? t > o.t : order > o.order; }
  };

  // The network side of a host: its link and its IP layer.
  struct HostLink {
    std::string name;
    Addr addr = 0;
    std::uint32_t mtu = kDefaultMtu;
    std::uint16_t next_ip_id = 1;  // every datagram takes the next one
    Reassembly reassembly;
  };

  struct ProgramState {
    const ProgramSpec* spec = nullptr;
    std::uint16_t host = 0;
    std::size_t pc = 0;
    bool blocked = false;
    bool done = false;
    bool wake_queued = false;
    Micros sleep_until = 0;
    Process proc;  // its sockets, inside its host's stack
  };

  struct InFlight {
    Segment seg;
    std::uint16_t from_host = kNoHost;
    std::uint16_t to_host = kNoHost;
    Micros sent = 0;
    std::uint32_t record = kNoIndex;
    Why arrive_why = Why::segment_arrived;  // the reason its recv event will carry
    IpFragment frag;                        // frag.count 0: the whole segment
  };

  // The timer of one partial IP datagram (ipfrag_time).
  struct ReassemblyTimer {
    std::uint16_t host = kNoHost;
    Reassembly::Key key;
    std::uint32_t conn = 0;  // the connection its segment belongs to, for the trace
    Micros deadline = 0;
    bool done = false;  // completed (cancelled) or expired
  };

  struct RuleState {
    const RuleSpec* spec = nullptr;
    std::uint16_t from_host = kNoHost;
    int matches = 0;
  };

  // ---- StackEnv (world.cpp)
  std::uint32_t new_conn_id() override { return next_conn_++; }
  std::uint64_t next_order() override { return next_order_++; }
  std::uint64_t random() override { return rng_(); }
  std::uint32_t transmit(std::uint16_t from, const Segment& seg, Reason why, std::uint32_t conn,
                         std::uint32_t retransmit_of) override;
  void add_event(const Event& e) override;
  void wake_program(std::uint32_t program) override;
  void wake_program_at(std::uint32_t program, Micros t) override;

  // ---- world.cpp: set-up, clock, queue and recording
  void add_hosts(const Sysctls& base);
  void add_rules();
  void add_programs_and_attackers();
  void schedule(Micros t, Due what, std::uint32_t a, std::uint32_t b = 0);
  // After a stack was called: if its earliest timer changed, queue a wake-up for it.
  void note_head(std::uint16_t host);
  bool head_is(const Pending& p) const;
  // The next thing due: the earlier of the heap's top and the next program start.
  const Pending* next_pending() const;
  void pop_pending();
  // The first sequence number of seg's direction (its SYN's), for relative numbers.
  std::uint32_t seq_base(const Segment& seg);
  std::uint32_t record_segment(const Segment& seg, std::uint16_t from, std::uint16_t to,
                               std::uint32_t retransmit_of, const IpFragment& frag);
  void emit_segment_event(EventType type, std::uint16_t host, std::uint32_t record,
                          std::uint32_t conn, Reason why);
  void emit_timer(std::uint16_t host, std::uint32_t conn, TimerKind kind, TimerAction action,
                  Micros deadline, Reason why = {});
  std::uint16_t host_by_addr(Addr addr) const;
  std::uint16_t host_by_name(const std::string& name) const;
  Micros latency(std::uint16_t from, std::uint16_t to) const;

  // ---- network.cpp
  std::uint32_t send_datagram(std::uint16_t from, const Segment& seg, const IpFragment& frag,
                              Reason why, std::uint32_t conn, std::uint32_t retransmit_of);
  std::uint32_t hold(const InFlight& f);  // a slot in in_flight_
  void deliver(std::uint32_t slot);
  bool reassemble(const InFlight& f, std::uint32_t conn);  // true: the segment is whole
  void on_reassembly_timer(std::uint32_t index);

  // ---- programs.cpp
  void run_program(std::uint32_t program);
  CallStatus step(ProgramState& p, const StepSpec& s);
  void crash_host(std::uint16_t host, Micros down_for);
  void host_up(std::uint16_t host);

  // ---- attacker.cpp
  void flood_tick(std::uint32_t flood, std::uint32_t index);
  void inject(std::uint32_t index);

  static constexpr std::size_t kScanHosts = 8;
  const ScenarioSpec& spec_;
  RunOptions options_;
  std::uint64_t seed_ = 0;
  Micros now_ = 0;
  std::uint64_t next_order_ = 0;
  std::uint32_t next_conn_ = 1;  // 0 means "no connection" in the trace
  MinHeap<Pending> queue_;
  // Program starts, known up front: sorted here instead of filling the heap with one entry
  // per program (a scenario may have a hundred thousand).
  std::vector<Pending> starts_;
  std::size_t next_start_ = 0;
  std::deque<HostStack> stacks_;
  std::vector<HostLink> links_;
  std::vector<std::pair<Micros, std::uint64_t>> queued_head_;  // per host: last wake queued
  std::unordered_map<Addr, std::uint16_t> host_of_addr_;
  std::unordered_map<std::string, std::uint16_t> host_of_name_;
  std::unordered_map<std::uint32_t, Micros> link_latency_;  // (from << 16 | to) → one-way
  std::vector<ProgramState> programs_;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> flood_hosts_;  // (attacker, target)
  std::vector<InFlight> in_flight_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<RuleState> rules_;
  bool rules_match_seq_ = false;                 // some rule matches relative sequence numbers
  std::vector<std::uint32_t> held_for_reorder_;  // slots waiting for the next segment
  std::vector<ReassemblyTimer> reassembly_timers_;
  std::mt19937_64 rng_;
  Trace trace_;
  RunStats stats_;
  std::unordered_map<std::pair<SockAddr, SockAddr>, std::uint32_t, SockAddrPairHash> seq_base_;
};

}  // namespace synack
