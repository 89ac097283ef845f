#pragma once
// One sender's congestion and flow-control state over time, read from the trace's `window`
// events: cwnd, ssthresh, bytes in flight and the peer's window, each a step function in
// bytes. The data behind the window plot (app/draw/plot_build.hpp). No UI library.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/trace.hpp"

namespace synack {

// A step: the value holds from t until the next point's t (the last until the series' end).
struct StepPoint {
  Micros t = 0;
  std::int64_t bytes = 0;
  bool operator==(const StepPoint&) const = default;
};

// Appends a step unless the value is unchanged; a second change at the same instant replaces
// the first (only the last one held).
void push_step(std::vector<StepPoint>& series, Micros t, std::int64_t bytes);

// ssthresh while it is still Linux's "infinite" (no loss yet): the step is not drawn.
inline constexpr std::int64_t kNoSsthresh = -1;

// A change worth a mark on the plot: entering recovery, an RTO, the peer's window closing.
struct WindowMark {
  Micros t = 0;
  Why why = Why::none;
};

struct WindowSeries {
  std::uint32_t conn = 0;
  std::uint16_t host = kNoHost;
  std::uint32_t mss = 0;               // of the last window event
  std::vector<StepPoint> cwnd;         // cwnd × mss
  std::vector<StepPoint> ssthresh;     // ssthresh × mss, kNoSsthresh while infinite
  std::vector<StepPoint> in_flight;    // segments in flight × mss
  std::vector<StepPoint> peer_window;  // bytes, already scaled by the engine
  std::vector<WindowMark> marks;
  // The first window event (the handshake done); the sender's last data or last change of its
  // own (cwnd, ssthresh, in flight), or its last window event if that is still t_begin.
  // Points after t_end are left out of the plot.
  Micros t_begin = 0, t_end = 0;
  bool empty() const { return cwnd.empty(); }
};

// The connection that sent the most payload bytes (first transmissions), on `host` if given;
// nullopt when no connection sent data. Ties go to the earlier connection.
std::optional<std::uint32_t> busiest_sender(const Trace& trace,
                                            std::optional<std::uint16_t> host = std::nullopt);

// A host that sent data, for choosing whose plot to draw: its busiest connection (as
// busiest_sender(trace, host) picks it), the host at the other end, the payload it sent.
struct DataSender {
  std::uint16_t host = kNoHost;
  std::uint32_t conn = 0;
  std::uint16_t peer = kNoHost;  // kNoHost when nobody owned the destination
  std::uint64_t bytes = 0;       // first transmissions only, on that connection
};

// Every host that sent data, in the trace's host order.
std::vector<DataSender> data_senders(const Trace& trace);

// The window events of connection `conn`; a point only where a value changed.
WindowSeries window_series(const Trace& trace, std::uint32_t conn);

}  // namespace synack
