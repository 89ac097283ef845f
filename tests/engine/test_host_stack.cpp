// The host stack on its own, without World: two stacks with segments handed across by hand,
// and one stack replayed against the other side's packets of a real Linux capture.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "engine/host_stack.hpp"

using namespace synack;

namespace {

// A tiny driver: stacks, the processes running on them, segments in flight and a clock.
// Everything a stack sends is recorded; what reaches the other side is up to `route`.
class Bench final : public StackEnv {
 public:
  struct Sent {
    Micros t = 0;
    std::uint16_t from = 0;
    Segment seg;
  };
  // A program: its socket calls (and sleeps) run in order, blocking like World's.
  struct Program {
    std::uint16_t host = 0;
    std::vector<StepSpec> steps;
    SockAddr remote;  // for connect
    Micros start = 0;
    Process proc;
    std::size_t pc = 0;
    Micros sleep_until = -1;
    bool done = false;
  };

  Micros now = 0;
  std::vector<Sent> sent;
  Trace trace;  // state and app events, for the checks
  std::vector<std::unique_ptr<HostStack>> stacks;
  std::vector<Program> programs;
  // Where a segment sent by a stack goes: {stack index, delay}, or nullopt (to nobody).
  std::function<std::optional<std::pair<std::uint16_t, Micros>>(std::uint16_t, const Segment&)>
      route;

  HostStack& add_stack(const std::string& name, Addr addr) {
    StackConfig c;
    c.index = static_cast<std::uint16_t>(stacks.size());
    c.name = name;
    c.addr = addr;
    c.sys = *Sysctls::for_profile("linux-6.18");
    stacks.push_back(std::make_unique<HostStack>(c, *this));
    return *stacks.back();
  }

  void add_program(std::uint16_t host, std::vector<StepSpec> steps, Micros start = 0,
                   SockAddr remote = {}) {
    Program p;
    p.host = host;
    p.steps = std::move(steps);
    p.start = start;
    p.remote = remote;
    p.proc.id = static_cast<std::uint32_t>(programs.size());
    programs.push_back(std::move(p));
    at(start, [this, id = programs.size() - 1] { run_program(id); });
  }

  // Something the test wants done at time t (a segment from a capture, say).
  void at(Micros t, std::function<void()> what) {
    todo_.push_back({t, next_order(), std::move(what)});
  }

  // Runs until nothing is left to do or the clock passes `until`.
  void run(Micros until = 3600 * kMicrosPerSec) {
    while (true) {
      std::size_t best = todo_.size();
      for (std::size_t i = 0; i < todo_.size(); ++i) {
        if (best == todo_.size() || key(todo_[i]) < key(todo_[best])) best = i;
      }
      std::optional<std::size_t> stack;
      for (std::size_t i = 0; i < stacks.size(); ++i) {
        const auto due = stacks[i]->next_due();
        if (due.first == kNever) continue;
        if (best == todo_.size() || due < key(todo_[best])) {
          if (!stack || due < stacks[*stack]->next_due()) stack = i;
        }
      }
      if (stack) {
        now = stacks[*stack]->poll_at();
        if (now > until) return;
        stacks[*stack]->fire_next(now);
        continue;
      }
      if (best == todo_.size()) return;
      now = todo_[best].t;
      if (now > until) return;
      auto what = std::move(todo_[best].what);
      todo_.erase(todo_.begin() + static_cast<std::ptrdiff_t>(best));
      what();
    }
  }

  std::vector<TcpState> states_of(std::uint16_t host) const {
    std::vector<TcpState> out;
    for (const Event& e : trace.events) {
      if (e.type == EventType::state && e.host == host) out.push_back(e.to);
    }
    return out;
  }

 private:
  struct Todo {
    Micros t;
    std::uint64_t order;
    std::function<void()> what;
  };
  static std::pair<Micros, std::uint64_t> key(const Todo& t) { return {t.t, t.order}; }

  void run_program(std::size_t id) {
    Program& p = programs[id];
    HostStack& stack = *stacks[p.host];
    while (!p.done && p.pc < p.steps.size()) {
      const StepSpec& s = p.steps[p.pc];
      CallStatus status = CallStatus::done;
      if (s.call == AppCall::sleep) {
        if (p.sleep_until < 0) {
          p.sleep_until = now + s.duration;
          at(p.sleep_until, [this, id] { run_program(id); });
        }
        status = now >= p.sleep_until ? CallStatus::done : CallStatus::blocked;
      } else {
        status = stack.socket_call(now, p.proc, s, p.remote);
      }
      if (status == CallStatus::blocked) return;
      p.proc.step_started = false;
      p.sleep_until = -1;
      ++p.pc;
    }
    if (!p.done) {
      p.done = true;
      stack.close_process(now, p.proc);
    }
  }

  std::uint32_t new_conn_id() override { return next_conn_++; }
  std::uint64_t next_order() override { return next_order_++; }
  std::uint64_t random() override { return rng_(); }
  std::uint32_t transmit(std::uint16_t from, const Segment& seg, Reason, std::uint32_t,
                         std::uint32_t) override {
    sent.push_back({now, from, seg});
    if (route) {
      if (auto to = route(from, seg)) {
        at(now + to->second, [this, seg, dest = to->first] { stacks[dest]->deliver(now, seg); });
      }
    }
    return static_cast<std::uint32_t>(sent.size() - 1);
  }
  void add_event(const Event& e) override { trace.events.push_back(e); }
  void wake_program(std::uint32_t program) override { wake_program_at(program, now); }
  void wake_program_at(std::uint32_t program, Micros t) override {
    if (program < programs.size()) at(t, [this, program] { run_program(program); });
  }

  std::uint32_t next_conn_ = 1;
  std::uint64_t next_order_ = 0;
  std::mt19937_64 rng_{7};
  std::vector<Todo> todo_;
};

StepSpec call(AppCall c, std::int64_t bytes = 0) {
  StepSpec s;
  s.call = c;
  s.bytes = bytes;
  return s;
}

constexpr Addr kClient = (10u << 24) | 1;
constexpr Addr kServer = (10u << 24) | 2;

std::string flags_of(const std::vector<Bench::Sent>& sent, std::uint16_t from) {
  std::string out;
  for (const auto& s : sent) {
    if (s.from == from) out += (out.empty() ? "" : " ") + flags_to_string(s.seg.flags);
  }
  return out;
}

}  // namespace

TEST_CASE("two host stacks, no World: handshake, data both ways, teardown", "[host_stack]") {
  Bench b;
  b.add_stack("client", kClient);
  b.add_stack("server", kServer);
  const Micros one_way = 10 * kMicrosPerMs;
  b.route = [&](std::uint16_t from, const Segment&) {
    return std::optional<std::pair<std::uint16_t, Micros>>{{from == 0 ? 1 : 0, one_way}};
  };
  StepSpec listen = call(AppCall::listen);
  listen.port = 80;
  StepSpec connect = call(AppCall::connect);
  connect.port = 80;
  b.add_program(1, {listen, call(AppCall::accept), call(AppCall::recv, 100),
                    call(AppCall::send, 50), call(AppCall::recv), call(AppCall::close)});
  b.add_program(0,
                {connect, call(AppCall::send, 100), call(AppCall::recv, 50), call(AppCall::close)},
                kMicrosPerMs, {kServer, 80});
  b.run();

  using S = TcpState;
  CHECK(b.states_of(0) == std::vector<S>{S::SYN_SENT, S::ESTABLISHED, S::FIN_WAIT_1, S::FIN_WAIT_2,
                                         S::TIME_WAIT, S::CLOSED});
  CHECK(b.states_of(1) == std::vector<S>{S::LISTEN, S::SYN_RECEIVED, S::ESTABLISHED, S::CLOSE_WAIT,
                                         S::LAST_ACK, S::CLOSED, S::CLOSED});
  // The server answers the 100 B at once (quick ACKs at the start of a connection), its 50 B
  // are ACKed by the client, and the server's FIN carries the ACK of the client's FIN.
  CHECK(flags_of(b.sent, 0) == "SYN ACK ACK,PSH ACK ACK,FIN ACK");
  CHECK(flags_of(b.sent, 1) == "SYN,ACK ACK ACK,PSH ACK,FIN");
  // TIME_WAIT lasts 60 s after the last ACK: the run ends when it expires.
  CHECK(b.now == b.sent.back().t + 60 * kMicrosPerSec);
  CHECK(b.stacks[0]->tcbs_held() == 0);  // every connection freed once closed
  CHECK(b.stacks[1]->tcbs_held() == 0);
  CHECK(b.stacks[0]->poll_at() == kNever);
}

// ---------------------------------------------------------------- capture replay

namespace {

// One packet line of a capture summary (tests/data/captures/*.txt).
struct Packet {
  Micros t = 0;
  bool from_client = true;
  std::uint8_t flags = 0;
  std::uint32_t rel_seq = 0;
  std::optional<std::uint32_t> rel_ack;
  std::uint32_t len = 0;
  std::uint16_t win = 0;
  TcpOptions opt;
};

std::vector<Packet> read_packets(const std::string& name) {
  std::ifstream in(std::string(SYNACK_TEST_DATA) + "/captures/" + name + ".txt");
  REQUIRE(in);
  static const std::regex line(
      R"(^\s*(-?[0-9.]+)\s+s0\s+(client|server)->\S+\s+(\S+)\s+seq=(\d+)\s+ack=(\S+)\s+len=(\d+)\s+\|\s+win=(\d+)\s+<(.*)>)");
  static const std::regex mss(R"(mss (\d+))"), ws(R"(wscale (\d+))"),
      ts(R"(TS val (\d+) ecr (\d+))");
  std::vector<Packet> out;
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (!std::regex_search(text, m, line)) continue;
    Packet p;
    p.t = static_cast<Micros>(std::stod(m[1]) * 1000);
    p.from_client = m[2] == "client";
    p.flags = *flags_from_string(m[3].str());
    p.rel_seq = static_cast<std::uint32_t>(std::stoul(m[4]));
    if (m[5] != "-") p.rel_ack = static_cast<std::uint32_t>(std::stoul(m[5]));
    p.len = static_cast<std::uint32_t>(std::stoul(m[6]));
    p.win = static_cast<std::uint16_t>(std::stoul(m[7]));
    const std::string opts = m[8];
    std::smatch o;
    if (std::regex_search(opts, o, mss)) p.opt.mss = static_cast<std::uint16_t>(std::stoul(o[1]));
    if (std::regex_search(opts, o, ws)) p.opt.wscale = static_cast<std::int8_t>(std::stoi(o[1]));
    if (std::regex_search(opts, o, ts)) {
      p.opt.has_timestamp = true;
      p.opt.ts_val = static_cast<std::uint32_t>(std::stoul(o[1]));
      p.opt.ts_ecr = static_cast<std::uint32_t>(std::stoul(o[2]));
    }
    p.opt.sack_permitted = opts.find("sackOK") != std::string::npos;
    out.push_back(p);
  }
  return out;
}

// "SYN,ACK 0 1 0": flags, relative seq, relative ack ("-" without ACK), length.
std::string describe(std::uint8_t flags, std::uint32_t seq, std::optional<std::uint32_t> ack,
                     std::uint32_t len) {
  return fmt::format("{} {} {} {}", flags_to_string(flags), seq, ack ? std::to_string(*ack) : "-",
                     len);
}

// Replays one side of a capture: a host stack plays the server with the capture's server
// program, and the client's packets are injected at their captured times (shifted so the
// run starts at 0), with sequence numbers made absolute around the stack's own ISN. Returns
// what the stack sent and what the capture shows the server sending, both as lines.
std::pair<std::vector<std::string>, std::vector<std::string>> replay_server(
    const std::string& name, std::vector<StepSpec> server_steps) {
  const std::vector<Packet> packets = read_packets(name);
  REQUIRE_FALSE(packets.empty());
  Bench b;
  b.add_stack("client", kClient);  // present for the indices; it never runs
  HostStack& server = b.add_stack("server", kServer);
  b.route = [](std::uint16_t, const Segment&) {
    return std::optional<std::pair<std::uint16_t, Micros>>{};  // the test is the client
  };
  const Micros shift = kMicrosPerSec;  // the server listens before the first packet
  b.add_program(1, std::move(server_steps));
  const std::uint32_t client_isn = 7000000;
  const SockAddr client{kClient, 39640};
  const SockAddr listening{kServer, 5000};
  std::vector<std::string> captured;
  for (const Packet& p : packets) {
    if (!p.from_client) {
      captured.push_back(describe(p.flags, p.rel_seq, p.rel_ack, p.len));
      continue;
    }
    b.at(p.t + shift, [&b, &server, p, client, listening] {
      Segment s;
      s.src = client;
      s.dst = listening;
      s.flags = p.flags;
      s.seq = client_isn + p.rel_seq;
      std::uint32_t server_isn = 0;
      for (const auto& sent : b.sent) {
        if (sent.seg.has(kSyn)) server_isn = sent.seg.seq;
      }
      s.ack = p.rel_ack ? server_isn + *p.rel_ack : 0;
      s.len = p.len;
      s.win = p.win;
      s.opt = p.opt;
      server.deliver(b.now, s);
    });
  }
  b.run(packets.back().t + shift + kMicrosPerSec);
  std::vector<std::string> ours;
  std::uint32_t isn = 0;
  for (const auto& s : b.sent) {
    if (s.seg.has(kSyn)) isn = s.seg.seq;
    ours.push_back(describe(s.seg.flags, s.seg.seq - isn,
                            s.seg.has(kAck) ? std::optional{s.seg.ack - client_isn} : std::nullopt,
                            s.seg.len));
  }
  return {ours, captured};
}

StepSpec listen_5000() {
  StepSpec s = call(AppCall::listen);
  s.port = 5000;
  s.backlog = 8;
  return s;
}

}  // namespace

TEST_CASE("capture replay: a host stack answers the client of 01-normal as Linux did",
          "[host_stack][capture]") {
  auto [ours, linux] = replay_server(
      "01-normal", {listen_5000(), call(AppCall::accept), call(AppCall::recv, 100),
                    call(AppCall::send, 50), call(AppCall::recv), call(AppCall::close)});
  CHECK(ours == linux);
  CHECK(linux.size() == 4);
}

TEST_CASE("capture replay: a host stack answers the client of 06-server-closes-first",
          "[host_stack][capture]") {
  StepSpec sleep = call(AppCall::sleep);
  sleep.duration = 300 * kMicrosPerMs;
  auto [ours, linux] = replay_server(
      "06-server-closes-first", {listen_5000(), call(AppCall::accept), call(AppCall::recv, 100),
                                 sleep, call(AppCall::close)});
  // SYN,ACK; the ACK of 10 B; the FIN; then in TIME_WAIT an ACK for each of the client's
  // five FINs (the client's copies of them were dropped at its input in the capture).
  CHECK(ours == linux);
  CHECK(linux.size() == 8);
}
