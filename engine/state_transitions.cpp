#include "engine/state_transitions.hpp"

#include <algorithm>
#include <array>

namespace synack {

namespace {

using S = TcpState;
constexpr std::array<StateTransition, 20> kFigure = {{
    {S::CLOSED, S::LISTEN, "passive_open"},
    {S::CLOSED, S::SYN_SENT, "active_open"},
    {S::LISTEN, S::SYN_RECEIVED, "rcv_syn"},
    {S::LISTEN, S::SYN_SENT, "send"},
    {S::LISTEN, S::CLOSED, "close"},
    {S::SYN_SENT, S::SYN_RECEIVED, "rcv_syn"},
    {S::SYN_SENT, S::ESTABLISHED, "rcv_synack"},
    {S::SYN_SENT, S::CLOSED, "close"},
    {S::SYN_RECEIVED, S::LISTEN, "rcv_rst"},
    {S::SYN_RECEIVED, S::ESTABLISHED, "rcv_ack_of_syn"},
    {S::SYN_RECEIVED, S::FIN_WAIT_1, "close_fin"},
    {S::ESTABLISHED, S::FIN_WAIT_1, "close_fin"},
    {S::ESTABLISHED, S::CLOSE_WAIT, "rcv_fin"},
    {S::FIN_WAIT_1, S::FIN_WAIT_2, "rcv_ack_of_fin"},
    {S::FIN_WAIT_1, S::CLOSING, "rcv_fin"},
    {S::FIN_WAIT_2, S::TIME_WAIT, "rcv_fin"},
    {S::CLOSING, S::TIME_WAIT, "rcv_ack_of_fin"},
    {S::CLOSE_WAIT, S::LAST_ACK, "close_fin"},
    {S::LAST_ACK, S::CLOSED, "rcv_ack_of_fin"},
    {S::TIME_WAIT, S::CLOSED, "timeout_2msl"},
}};

}  // namespace

std::span<const StateTransition> rfc9293_figure() {
  return kFigure;
}

bool rfc9293_allows(TcpState from, TcpState to) {
  if (from == to) return false;
  if (to == TcpState::CLOSED) return true;  // RST, ABORT, a timeout: from any state
  return std::any_of(kFigure.begin(), kFigure.end(),
                     [&](const StateTransition& t) { return t.from == from && t.to == to; });
}

}  // namespace synack
