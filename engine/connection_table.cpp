#include "connection_table.hpp"

#include <algorithm>

namespace synack {

Tcb* ConnectionTable::find(std::uint32_t id) {
  auto it = slot_by_id_.find(id);
  return it == slot_by_id_.end() ? nullptr : &slots_[it->second];
}

const Tcb* ConnectionTable::find(std::uint32_t id) const {
  auto it = slot_by_id_.find(id);
  return it == slot_by_id_.end() ? nullptr : &slots_[it->second];
}

Tcb* ConnectionTable::at(std::uint32_t slot, std::uint32_t id) {
  if (slot >= slots_.size()) return nullptr;
  Tcb& t = slots_[slot];
  return t.slot_owner == id ? &t : nullptr;
}

std::uint32_t ConnectionTable::slot_of(std::uint32_t id) const {
  return slot_by_id_.at(id);
}

Tcb& ConnectionTable::create(std::uint32_t id) {
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slot_by_id_[id] = slot;
  Tcb& t = slots_[slot];
  t.slot_owner = id;
  t.slot = slot;
  return t;
}

void ConnectionTable::erase(std::uint32_t id) {
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return;
  slots_[it->second] = Tcb{};  // releases its queues; slot_owner 0 matches no connection
  free_.push_back(it->second);
  slot_by_id_.erase(it);
}

void ConnectionTable::clear() {
  for (auto& [id, slot] : slot_by_id_) {
    slots_[slot] = Tcb{};
    free_.push_back(slot);
  }
  slot_by_id_.clear();
}

std::vector<std::uint32_t> ConnectionTable::ids() const {
  std::vector<std::uint32_t> out;
  out.reserve(slot_by_id_.size());
  for (const auto& [id, slot] : slot_by_id_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace synack
