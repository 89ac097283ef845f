#pragma once
// The RFC 9293 state diagram (§3.3.2, figure 5) as data: the state-machine panel draws it,
// and a test replays every catalog trace against it, so the engine and the picture cannot
// drift apart.

#include <span>
#include <string_view>

#include "engine/trace.hpp"

namespace synack {

struct StateTransition {
  TcpState from, to;
  // What makes it happen, as the figure labels it: "passive_open", "rcv_syn", "close_fin",
  // "timeout_2msl", ... (the window translates these as keys of [state_edges]).
  std::string_view event;
};

// The 20 edges the figure draws.
std::span<const StateTransition> rfc9293_figure();

// Whether a connection may go from `from` to `to`: an edge of the figure, or the end of it
// that the figure leaves out: any state to CLOSED on a RST (§3.10.7.4 and §3.10.7.3), an
// ABORT (§3.10.5) or a timeout (user timeout §3.8.4, SYN and SYN-ACK retries, Linux's
// FIN_WAIT_2 and orphan limits), and a request dropped from the SYN queue.
bool rfc9293_allows(TcpState from, TcpState to);

}  // namespace synack
