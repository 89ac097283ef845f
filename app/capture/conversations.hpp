#pragma once
// Splitting a capture's TCP segments into conversations by 4-tuple, numbered like
// Wireshark's tcp.stream: in order of their first packet, and a new stream when a 4-tuple
// is used again after its connection closed (both FINs or a RST), or by a new SYN whose
// sender never got a reply to its old one.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "app/capture/capture_data.hpp"

namespace synack {

class ConversationTable {
 public:
  explicit ConversationTable(std::vector<ConversationRecord>& out) : out_(out) {}

  struct Hit {
    std::uint32_t conv = 0;
    std::uint8_t dir = 0;  // 0: from the conversation's side a
  };
  // The conversation of this segment (packet index `packet`), opened if new.
  Hit add(const TcpHeader& h, std::uint32_t packet);

 private:
  struct Key {
    Endpoint lo, hi;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  // What decides whether the 4-tuple's next SYN opens a new stream.
  struct Life {
    std::uint32_t conv = 0;
    std::uint32_t syn_seq = 0;
    bool syn = false;  // a SYN was seen (from syn_dir)
    std::uint8_t syn_dir = 0;
    bool answered = false;  // the other side sent anything
    bool fin[2] = {false, false};
    bool rst = false;
  };

  std::uint32_t open(const TcpHeader& h, std::uint32_t packet);

  std::vector<ConversationRecord>& out_;
  std::unordered_map<Key, Life, KeyHash> live_;
  // The last conversation looked up: consecutive segments usually share it.
  Key last_key_{};
  Life* last_ = nullptr;
};

}  // namespace synack
