#pragma once
// One host's TCBs: a slab of slots reused once a connection is freed (so memory follows
// what is open, not what has been), found by connection id through a hash map, or in O(1)
// by slot where the slot is known (a timer remembers it).

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "tcb.hpp"

namespace synack {

class ConnectionTable {
 public:
  // The TCB with this id (live, or closed but not yet freed), or nullptr.
  Tcb* find(std::uint32_t id);
  const Tcb* find(std::uint32_t id) const;
  // The TCB in `slot` if it still belongs to connection `id`: what a timer entry checks.
  Tcb* at(std::uint32_t slot, std::uint32_t id);
  std::uint32_t slot_of(std::uint32_t id) const;  // of an existing entry
  // A fresh TCB for connection `id` (in a free slot if there is one).
  Tcb& create(std::uint32_t id);
  void erase(std::uint32_t id);  // frees the slot for reuse
  void clear();

  std::size_t size() const { return slot_by_id_.size(); }
  std::size_t peak() const { return slots_.size(); }  // slots ever needed at once
  std::vector<std::uint32_t> ids() const;             // ascending

 private:
  std::deque<Tcb> slots_;  // a deque: references stay valid as it grows
  std::vector<std::uint32_t> free_;
  std::unordered_map<std::uint32_t, std::uint32_t> slot_by_id_;
};

}  // namespace synack
