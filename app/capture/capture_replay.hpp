#pragma once
// The analysed capture replayed as a synack trace (app/capture's own header): each segment
// a send at its capture time, then a recv where the analysis says it arrived (or a drop);
// each endpoint taken through RFC 9293's state machine by what it sent and received, with
// the reasons the engine gives. Hosts are IP addresses (both ends of a conversation with one
// address are told apart by port); each conversation is connection `stream + 1` on both.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/capture/capture_data.hpp"
#include "engine/trace.hpp"

namespace synack {

struct ConversationEnd {
  std::array<TcpState, 2> state{TcpState::CLOSED, TcpState::CLOSED};  // sides a, b
  bool handshake_seen = false;                                        // a SYN was captured
  bool established = false;  // some side reached ESTABLISHED
};

// Replays every conversation (their end states in `ends`, one per conversation), recording
// events only for `stream` when given. Times count from the first recorded packet.
Trace replay_capture(const CaptureData& d, std::optional<std::uint32_t> stream,
                     std::vector<ConversationEnd>& ends);

}  // namespace synack
