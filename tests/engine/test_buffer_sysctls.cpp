// tcp_rmem and tcp_wmem, the buffer sysctls: what each of their three numbers changes on
// the wire, run through shipped scenarios with --set as a user would.
#include <catch2/catch.hpp>

#include <optional>

#include "tests/support/catalog_fixture.hpp"

using namespace synack;
using namespace synack::catalog_test;

namespace {

RunOptions with(const char* name, const char* value, const char* profile = "linux-6.18") {
  RunOptions o;
  o.profile = profile;
  o.sysctls.push_back(parse_sysctl(name, value));
  return o;
}

// The window scale a side offered in its SYN, and the first window (in bytes) it advertised
// after it: the client's handshake ACK.
struct OfferedWindow {
  int shift = -1;
  std::optional<std::int64_t> first_bytes;
};
OfferedWindow offered_window(const Trace& t, std::string_view host) {
  OfferedWindow w;
  for (const SegmentRecord& r : t.segments) {
    if (t.host_name(r.from_host) != host) continue;
    if (r.seg.has(kSyn)) {
      w.shift = r.seg.opt.wscale;
    } else if (!w.first_bytes) {
      w.first_bytes = std::int64_t{r.seg.win} << std::max(w.shift, 0);
    }
  }
  return w;
}

}  // namespace

TEST_CASE("tcp_rmem: the max sets the window scale, the default the first window", "[flow]") {
  // Linux 6.18 as captured: 32 MB max gives shift 10; 131072 default gives 63 x 1024.
  const OfferedWindow base = offered_window(run_id("slow-start", with("tcp_sack", "1")), "client");
  CHECK(base.shift == 10);
  REQUIRE(base.first_bytes);
  CHECK(*base.first_bytes == 64512);
  // The material's kernels: 6 MB max, shift 7.
  CHECK(offered_window(run_id("slow-start", with("tcp_sack", "1", "classic")), "client").shift ==
        7);

  // A max of 128 KiB needs only a shift of 2 (131072 >> 2 fits 16 bits, >> 1 does not).
  const OfferedWindow small_max =
      offered_window(run_id("slow-start", with("tcp_rmem", "4096 131072 131072")), "client");
  CHECK(small_max.shift == 2);
  // A default of 16 KiB: the SYN offers half of it in whole segments (5 x 1460 = 7300); the
  // buffer holds 7168 (5 x 1448, in whole KiB), but the edge the SYN set never moves back,
  // so the ACK offers 7300 rounded up to the scale unit: 8192.
  const OfferedWindow small_default =
      offered_window(run_id("slow-start", with("tcp_rmem", "4096 16384 33554432")), "client");
  CHECK(small_default.shift == 10);
  REQUIRE(small_default.first_bytes);
  CHECK(*small_default.first_bytes == 8192);
}

TEST_CASE("tcp_rmem: autotuning stops at half the max", "[flow]") {
  // slow-start sends 200 000 bytes; the receiver's window grows as segments arrive. With a
  // max of 256 KiB it may grow to 128 KiB and no further.
  const Trace t = run_id("slow-start", with("tcp_rmem", "4096 131072 262144"));
  const int shift = offered_window(t, "server").shift;
  REQUIRE(shift == 3);
  std::int64_t largest = 0;
  for (const SegmentRecord& r : t.segments) {
    if (t.host_name(r.from_host) == "server" && !r.seg.has(kSyn))
      largest = std::max(largest, std::int64_t{r.seg.win} << shift);
  }
  CHECK(largest > 64512);    // it did grow...
  CHECK(largest <= 131072);  // ...but not past half of tcp_rmem[2]
  // Unbounded (the 6.18 default), the same transfer grows further.
  const Trace wide = run_id("slow-start");
  std::int64_t wide_largest = 0;
  for (const SegmentRecord& r : wide.segments) {
    if (wide.host_name(r.from_host) == "server" && !r.seg.has(kSyn))
      wide_largest = std::max(wide_largest, std::int64_t{r.seg.win} << 10);
  }
  CHECK(wide_largest > 131072);
}

TEST_CASE("tcp_wmem: without SO_SNDBUF, a send() larger than its max blocks", "[flow]") {
  // 200 000 bytes fit the default 4 MB: send() returns at once.
  const Trace t = run_id("slow-start");
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == AppCall::send) CHECK(e.result == AppResult::ok);
  }
  // With a 64 KiB limit the same send() blocks, says why, and finishes once ACKs free space.
  const Trace small = run_id("slow-start", with("tcp_wmem", "4096 16384 65536"));
  std::optional<Event> blocked, done;
  for (const Event& e : small.events) {
    if (e.type != EventType::app || e.call != AppCall::send) continue;
    if (e.result == AppResult::blocked && !blocked) blocked = e;
    if (e.result == AppResult::ok) done = e;
  }
  REQUIRE(blocked);
  CHECK(blocked->reason.why == Why::send_buffer_full);
  CHECK(blocked->reason.a == 65536);
  REQUIRE(done);
  CHECK(done->t > blocked->t);
  // All of it was sent in the end.
  std::int64_t highest_sent = 0;
  for (const SegmentRecord& r : small.segments) {
    if (small.host_name(r.from_host) == "client" && r.seg.len > 0)
      highest_sent = std::max<std::int64_t>(highest_sent, r.rel_seq - 1 + r.seg.len);
  }
  CHECK(highest_sent == 200000);
}
