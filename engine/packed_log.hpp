#pragma once
// What the trace's two packed logs (EventLog, SegmentLog) share: they store rows packed and
// hand out each row unpacked, by value, so they read like a const vector. A log provides
// size() and operator[]; PackedLog adds the rest, and LogIterator walks it.
// `for (const Event& e : trace.events)` binds the reference to the unpacked copy.

#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>

namespace synack {

template <class Log, class Value>
class LogIterator {
 public:
  using iterator_concept = std::random_access_iterator_tag;
  using iterator_category = std::input_iterator_tag;  // legacy code must not expect Value&
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  using reference = Value;
  using pointer = void;

  LogIterator() = default;
  LogIterator(const Log* log, std::size_t i) : log_(log), i_(i) {}

  Value operator*() const { return (*log_)[i_]; }
  Value operator[](difference_type n) const { return (*log_)[i_ + static_cast<std::size_t>(n)]; }
  std::size_t index() const { return i_; }

  LogIterator& operator++() { return ++i_, *this; }
  LogIterator operator++(int) { return LogIterator(log_, i_++); }
  LogIterator& operator--() { return --i_, *this; }
  LogIterator operator--(int) { return LogIterator(log_, i_--); }
  LogIterator& operator+=(difference_type n) { return i_ += static_cast<std::size_t>(n), *this; }
  LogIterator& operator-=(difference_type n) { return i_ -= static_cast<std::size_t>(n), *this; }
  friend LogIterator operator+(LogIterator it, difference_type n) { return it += n; }
  friend LogIterator operator+(difference_type n, LogIterator it) { return it += n; }
  friend LogIterator operator-(LogIterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const LogIterator& a, const LogIterator& b) {
    return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
  }
  friend bool operator==(const LogIterator& a, const LogIterator& b) { return a.i_ == b.i_; }
  friend auto operator<=>(const LogIterator& a, const LogIterator& b) { return a.i_ <=> b.i_; }

 private:
  const Log* log_ = nullptr;
  std::size_t i_ = 0;
};

template <class Log, class Value>
class PackedLog {
 public:
  using iterator = LogIterator<Log, Value>;
  using const_iterator = iterator;
  using value_type = Value;

  Value at(std::size_t i) const {
    if (i >= log().size()) throw std::out_of_range("trace log: no row " + std::to_string(i));
    return log()[i];
  }
  Value front() const { return log()[0]; }
  Value back() const { return log()[log().size() - 1]; }
  bool empty() const { return log().size() == 0; }
  iterator begin() const { return {&log(), 0}; }
  iterator end() const { return {&log(), log().size()}; }
  void clear() { static_cast<Log&>(*this) = Log(); }

 private:
  const Log& log() const { return static_cast<const Log&>(*this); }
};

}  // namespace synack
