// Engine scaling: N whole connection lifecycles, one client program each (connect, send
// 100 B, read the 100 B reply, close), served one after another by one server program, run
// until every TIME_WAIT has expired. Run with `synack-bench-lifecycles [N...]`
// (`make bench` runs 10,000 and 100,000); cost should grow with N, not N².
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench_steps.hpp"
#include "engine/simulator.hpp"

using namespace synack;
using namespace synack::bench;

namespace {

// One new client every 10 ms: 6,000 connections in TIME_WAIT at a time once it settles, which
// both sizes reach (10k runs 100 s), so 10x the lifecycles is 10x the same work.
constexpr Micros kSpacing = 10 * kMicrosPerMs;

ScenarioSpec lifecycles_spec(int n) {
  ScenarioSpec spec;
  spec.id = "bench-lifecycles";
  spec.profile = "linux-6.18";
  spec.sysctls = {{Knob::ip_local_port_range, KnobValue{1024, 65535}}};
  spec.hosts = {{"client", 0, {}}, {"server", 0, {}}};
  spec.latency = kMicrosPerMs;

  ProgramSpec server;
  server.name = server.host = "server";
  server.steps.reserve(1 + 5 * static_cast<std::size_t>(n));
  server.steps.push_back(listen_step(80, 4096));
  for (int i = 0; i < n; ++i) {
    server.steps.push_back(step(AppCall::accept));
    server.steps.push_back(step(AppCall::recv, 100));
    server.steps.push_back(step(AppCall::send, 100));
    server.steps.push_back(step(AppCall::recv));  // EOF: the client closed first
    server.steps.push_back(step(AppCall::close));
  }
  spec.programs.reserve(1 + static_cast<std::size_t>(n));
  spec.programs.push_back(std::move(server));

  ProgramSpec client;
  client.name = client.host = "client";
  client.steps = {connect_step("server", 80), step(AppCall::send, 100), step(AppCall::recv, 100),
                  step(AppCall::close)};
  for (int i = 0; i < n; ++i) {
    client.start = kMicrosPerMs + i * kSpacing;
    spec.programs.push_back(client);
  }
  return spec;
}

// Resident memory now and at its peak, from the kernel's own accounting.
struct Rss {
  double now_mib = 0;
  double peak_mib = 0;
};
Rss rss() {
  Rss r;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    const double mib = std::atof(line.c_str() + line.find(':') + 1) / 1024;  // "VmRSS:  123 kB"
    if (line.starts_with("VmRSS:")) r.now_mib = mib;
    if (line.starts_with("VmHWM:")) r.peak_mib = mib;
  }
  return r;
}

// Runs N lifecycles once; prints the run and returns its wall time in seconds.
double run(int n, bool record) {
  const ScenarioSpec spec = lifecycles_spec(n);
  const Rss before = rss();
  RunOptions options;
  options.record = record;
  RunStats stats;
  const auto start = std::chrono::steady_clock::now();
  const Trace trace = run_scenario(spec, options, &stats);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Rss after = rss();
  std::printf(
      "%-13s %7d lifecycles: %7.3f s, %9llu segments, %10llu events, ends at %5.0f s%s; at most "
      "%llu connections held at once, %llu at the end; RSS %5.0f MiB before the run, peak +%.0f "
      "MiB\n",
      record ? "traced" : "counters only", n, secs,
      static_cast<unsigned long long>(stats.segments_sent),
      static_cast<unsigned long long>(stats.events), static_cast<double>(trace.end_time) / 1e6,
      trace.truncated ? " (TRUNCATED)" : "",
      static_cast<unsigned long long>(stats.connections_peak),
      static_cast<unsigned long long>(stats.connections_at_end), before.now_mib,
      after.peak_mib - before.now_mib);
  if (record && !trace.events.empty()) {
    std::printf(
        "%-13s %.1f B per traced event\n", "",
        static_cast<double>(trace.memory_bytes()) / static_cast<double>(trace.events.size()));
  }
  std::fflush(stdout);
  return secs;
}

}  // namespace

// `synack-bench-lifecycles [--trace] [N...]`. With no N it runs 10k and 100k five times
// each, alternating, and prints the ratio: the cost of 10x the lifecycles (target: at most
// 11x). Peak RSS is the process's, so for a clean memory figure run one N
// per process (`synack-bench-lifecycles 100000`).
int main(int argc, char** argv) {
  std::vector<int> sizes;
  bool record = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--trace")
      record = true;
    else
      sizes.push_back(std::atoi(argv[i]));
  }
  if (!sizes.empty()) {
    for (int n : sizes) run(n, record);
    return 0;
  }
  // Five rounds, alternating, so both sizes see the same machine; this VM's timings vary by
  // +-15 % from run to run, so the fastest of each (the least disturbed) is compared too.
  constexpr int kRounds = 5;
  std::vector<double> small, large;
  for (int round = 0; round < kRounds; ++round) {
    small.push_back(run(10000, record));
    large.push_back(run(100000, record));
  }
  std::sort(small.begin(), small.end());
  std::sort(large.begin(), large.end());
  std::printf(
      "10k: fastest %.3f s, median %.3f s; 100k: fastest %.3f s, median %.3f s; 100k takes "
      "%.1fx the time of 10k (fastest), %.1fx (medians)\n",
      small[0], small[kRounds / 2], large[0], large[kRounds / 2], large[0] / small[0],
      large[kRounds / 2] / small[kRounds / 2]);
  return 0;
}
