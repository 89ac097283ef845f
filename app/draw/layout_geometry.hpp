#pragma once
// Geometry the diagram layout needs to keep text clear of everything else: does a line
// cross a box, and an index of what is already placed, bucketed by y so a query looks only
// at its neighbourhood (a SYN flood has thousands of lines). No UI library.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "app/draw/diagram_layout.hpp"

namespace synack {

// True if the segment (ax, ay)-(bx, by) passes through the inside of the box (touching an
// edge does not count).
bool segment_crosses_box(double ax, double ay, double bx, double by, const Box& box);

// What a text must stay clear of. `tag` says whose it is, so a caller can tell which
// arrow or text a conflict is with.
struct Obstacle {
  enum class Kind : std::uint8_t { line, box } kind = Kind::box;
  double ax = 0, ay = 0, bx = 0, by = 0;  // line: its ends; box: x0, y0, x1, y1
  std::uint32_t tag = 0;
};

class ObstacleIndex {
 public:
  explicit ObstacleIndex(double bucket_height) : bucket_(bucket_height) {}
  void add_line(double ax, double ay, double bx, double by, std::uint32_t tag);
  void add_box(const Box& b, std::uint32_t tag);
  // Every obstacle that `box` collides with, each once; `ignore` (a tag) is skipped.
  void collisions(const Box& box, std::vector<const Obstacle*>& out,
                  std::uint32_t ignore = static_cast<std::uint32_t>(-1)) const;
  bool clear(const Box& box, std::uint32_t ignore = static_cast<std::uint32_t>(-1)) const;

 private:
  void insert(std::size_t index, double y0, double y1);
  std::size_t bucket_of(double y) const;

  double bucket_;
  std::vector<Obstacle> items_;
  std::vector<std::vector<std::uint32_t>> buckets_;
  mutable std::vector<std::uint32_t> seen_;  // per item: the query that last saw it
  mutable std::uint32_t query_ = 0;
};

}  // namespace synack
