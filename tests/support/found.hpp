#pragma once
// What a lookup in a trace found, held by value and used like a pointer: the trace hands
// out events and segment records unpacked, so there is no stored object to point at.

#include <cstddef>
#include <optional>
#include <utility>

namespace synack::test {

template <class T>
class Found {
 public:
  Found() = default;
  Found(std::nullptr_t) {}                      // NOLINT: reads like the pointer it replaces
  Found(T value) : value_(std::move(value)) {}  // NOLINT
  const T* operator->() const { return &*value_; }
  const T& operator*() const { return *value_; }
  explicit operator bool() const { return value_.has_value(); }
  bool operator==(std::nullptr_t) const { return !value_; }

 private:
  std::optional<T> value_;
};

}  // namespace synack::test
