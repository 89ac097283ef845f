// Engine throughput on the data path: one connection moves 100 MB (client send(), server
// recv() until EOF) with slow start, congestion avoidance, delayed ACKs and receive-window
// autotuning all at work; optionally one segment in 1000 is lost, so SACK recovery runs too.
// Run with `synack-bench-bulk [MB] [--loss] [--trace]`; `make bench` runs 100 MB clean and
// lossy, counters only. The figure is simulated segments per wall-clock second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_steps.hpp"
#include "engine/simulator.hpp"

using namespace synack;
using namespace synack::bench;

namespace {

constexpr std::int64_t kSegment = 1448;  // a full segment: MSS 1460 less 12 of timestamps

ScenarioSpec bulk_spec(std::int64_t bytes, bool loss) {
  ScenarioSpec spec;
  spec.id = "bench-bulk";
  spec.profile = "linux-6.18";
  spec.hosts = {{"client", 0, {}}, {"server", 0, {}}};
  spec.latency = 10 * kMicrosPerMs;
  spec.time_wait = 0;  // the run ends with the transfer, not 60 s later

  ProgramSpec server;
  server.name = server.host = "server";
  server.steps = {listen_step(80), step(AppCall::accept)};
  // recv() returns what is there, at least one segment's worth: one call per segment is
  // always enough to drain everything and see the EOF (calls after it return 0 at once).
  StepSpec read = step(AppCall::recv, 65536);
  for (std::int64_t i = 0; i <= bytes / kSegment + 1; ++i) server.steps.push_back(read);
  server.steps.push_back(step(AppCall::close));
  spec.programs.push_back(std::move(server));

  ProgramSpec client;
  client.name = client.host = "client";
  client.steps = {connect_step("server", 80), step(AppCall::send, bytes), step(AppCall::close)};
  spec.programs.push_back(std::move(client));

  if (loss) {
    // Every 1000th full segment is lost once; its retransmission passes.
    for (std::int64_t n = 1000; n * kSegment <= bytes; n += 1000) {
      RuleSpec drop;
      drop.match.from = "client";
      drop.match.match_seq = true;
      drop.match.seq_first = drop.match.seq_last =
          static_cast<std::uint32_t>(1 + (n - 1) * kSegment);
      drop.match.nth = 1;
      spec.rules.push_back(drop);
    }
  }
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t mb = 100;
  bool loss = false;
  bool record = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--loss") {
      loss = true;
    } else if (a == "--trace") {
      record = true;
    } else {
      mb = std::atoll(argv[i]);
    }
  }
  const std::int64_t bytes = mb * 1000 * 1000;
  const ScenarioSpec spec = bulk_spec(bytes, loss);
  RunOptions options;
  options.record = record;
  options.time_limit = 3600 * kMicrosPerSec;
  RunStats stats;
  const auto start = std::chrono::steady_clock::now();
  const Trace trace = run_scenario(spec, options, &stats);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "bulk %lld MB%s%s: %.3f s wall, %llu segments (%llu dropped), %.0f segments/s, simulated "
      "%.2f s (%.1f Mbit/s on the simulated wire)%s\n",
      static_cast<long long>(mb), loss ? ", 1 in 1000 lost" : "", record ? ", traced" : "", secs,
      static_cast<unsigned long long>(stats.segments_sent),
      static_cast<unsigned long long>(stats.segments_dropped),
      static_cast<double>(stats.segments_sent) / secs, static_cast<double>(trace.end_time) / 1e6,
      static_cast<double>(bytes) * 8 / (static_cast<double>(trace.end_time) / 1e6) / 1e6,
      trace.truncated ? " (TRUNCATED)" : "");
  return trace.truncated ? 1 : 0;
}
