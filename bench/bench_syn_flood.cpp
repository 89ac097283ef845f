// Engine throughput: a flood of spoofed SYNs against a listener with SYN cookies on.
// Run with `make bench` (not part of `make test`). Wall-clock time is measured here, in
// the benchmark, never inside the engine.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_steps.hpp"
#include "engine/simulator.hpp"

using namespace synack;
using namespace synack::bench;

namespace {

ScenarioSpec flood_spec(std::int64_t syns) {
  ScenarioSpec spec;
  spec.id = "bench-syn-flood";
  spec.profile = "linux-6.18";
  spec.sysctls = {{Knob::tcp_syncookies, 1}};
  spec.hosts = {{"attacker", 0, {}}, {"server", 0, {}}};
  ProgramSpec server;
  server.name = server.host = "server";
  server.steps = {listen_step(80, 128), step(AppCall::accept)};
  spec.programs = {server};
  SynFloodSpec flood;
  flood.host = "attacker";
  flood.target = "server";
  flood.port = 80;
  flood.rate_per_s = 1e6;
  flood.count = syns;
  flood.start = 1000;
  flood.spoof_base = (Addr{198} << 24) | (Addr{51} << 16) | (Addr{100} << 8);
  flood.spoof_count = 256;
  spec.floods = {flood};
  spec.stop_at = 2 * kMicrosPerSec + syns;  // before the 129 stored requests' retries end
  return spec;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void run(std::int64_t syns, bool record) {
  const ScenarioSpec spec = flood_spec(syns);
  RunOptions options;
  options.record = record;
  RunStats stats;
  const auto start = std::chrono::steady_clock::now();
  Trace trace = run_scenario(spec, options, &stats);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%-22s %9lld SYNs: %9llu segments in %.3f s = %6.2f M segments/s, %llu events, peak RSS %.0f "
      "MiB\n",
      record ? "full trace recorded" : "counters only", static_cast<long long>(syns),
      static_cast<unsigned long long>(stats.segments_sent), secs,
      static_cast<double>(stats.segments_sent) / secs / 1e6,
      static_cast<unsigned long long>(stats.events), peak_rss_mib());
  if (record && !trace.events.empty()) {
    // What the trace holds, per event: its events and segment records with their side
    // tables, as allocated.
    const std::size_t events = trace.events.memory_bytes();
    const std::size_t segments = trace.segments.memory_bytes();
    const auto n = static_cast<double>(trace.events.size());
    std::printf("%-22s %.1f B per traced event (events %.1f B, segment records %.1f B)\n", "",
                static_cast<double>(trace.memory_bytes()) / n, static_cast<double>(events) / n,
                static_cast<double>(segments) / n);
  }
}

}  // namespace

// `synack-bench [SYNS] [--untraced | --traced]`: both by default.
int main(int argc, char** argv) {
  const std::int64_t syns = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const std::string only = argc > 2 ? argv[2] : "";
  std::printf("synack engine benchmark: SYN flood with tcp_syncookies=1, one core\n");
  // Counters first, so the peak RSS printed with it is the engine's own, not the trace's.
  if (only != "--traced") run(syns, false);
  if (only != "--untraced") run(syns, true);
  return 0;
}
