// cc_on_ack for CUBIC without an RTT sample: every ACK so far was for a retransmission
// (Karn), so min_rtt is still kNever. Linux counts delay_min as 0 then; adding kNever to the
// time was a signed overflow (found by fuzz_scenario).
#include <catch2/catch.hpp>
#include <vector>

#include "engine/congestion.hpp"

using namespace synack;

namespace {

// cwnd after each of `acks` ACKs of one segment, 10 ms apart, from cwnd 20 after a loss.
std::vector<std::uint32_t> cubic_growth(Micros min_rtt, int acks) {
  Congestion cc;
  cc.cwnd = 20;
  cc.ssthresh = cc_ssthresh_after_loss(cc);  // 14, W_max 20
  cc.cwnd = cc.ssthresh;
  std::vector<std::uint32_t> cwnds;
  for (int i = 1; i <= acks; ++i) {
    cc_on_ack(cc, 1, i * 10'000, min_rtt);
    cwnds.push_back(cc.cwnd);
  }
  return cwnds;
}

}  // namespace

TEST_CASE("CUBIC with no RTT sample grows as with a minimum RTT of 0", "[congestion]") {
  const std::vector<std::uint32_t> no_sample = cubic_growth(kNever, 400);
  CHECK(no_sample == cubic_growth(0, 400));
  // And it does grow back towards W_max = 20 (the curve, not a stall or a jump).
  CHECK(no_sample.front() == 14);
  CHECK(no_sample.back() > 14);
  CHECK(no_sample.back() <= 40);
  // A real sample changes the curve (t is taken one RTT ahead), so the 0 is not ignored.
  CHECK(cubic_growth(300'000, 400) != no_sample);
}
