#include "app/draw/layout_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace synack {

bool segment_crosses_box(double ax, double ay, double bx, double by, const Box& box) {
  // Liang-Barsky clipping against the box shrunk by a hair, so a line that only touches an
  // edge (a label sitting right on its arrow's end point) does not count.
  constexpr double kEps = 1e-6;
  const double x0 = box.x0 + kEps, x1 = box.x1 - kEps, y0 = box.y0 + kEps, y1 = box.y1 - kEps;
  if (x0 >= x1 || y0 >= y1) return false;
  const double dx = bx - ax, dy = by - ay;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {ax - x0, x1 - ax, ay - y0, y1 - ay};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, r);
    } else {
      t1 = std::min(t1, r);
    }
    if (t0 > t1) return false;
  }
  return true;
}

std::size_t ObstacleIndex::bucket_of(double y) const {
  return static_cast<std::size_t>(std::max(0.0, std::floor(y / bucket_)));
}

void ObstacleIndex::insert(std::size_t index, double y0, double y1) {
  const std::size_t a = bucket_of(std::min(y0, y1)), b = bucket_of(std::max(y0, y1));
  if (buckets_.size() <= b) buckets_.resize(b + 1);
  for (std::size_t k = a; k <= b; ++k) buckets_[k].push_back(static_cast<std::uint32_t>(index));
  seen_.push_back(0);
}

void ObstacleIndex::add_line(double ax, double ay, double bx, double by, std::uint32_t tag) {
  items_.push_back({Obstacle::Kind::line, ax, ay, bx, by, tag});
  insert(items_.size() - 1, ay, by);
}

void ObstacleIndex::add_box(const Box& b, std::uint32_t tag) {
  items_.push_back({Obstacle::Kind::box, b.x0, b.y0, b.x1, b.y1, tag});
  insert(items_.size() - 1, b.y0, b.y1);
}

void ObstacleIndex::collisions(const Box& box, std::vector<const Obstacle*>& out,
                               std::uint32_t ignore) const {
  if (buckets_.empty()) return;
  ++query_;
  const std::size_t a = bucket_of(box.y0);
  const std::size_t b = std::min(bucket_of(box.y1), buckets_.size() - 1);
  for (std::size_t k = a; k <= b; ++k) {
    for (std::uint32_t i : buckets_[k]) {
      if (seen_[i] == query_) continue;
      seen_[i] = query_;
      const Obstacle& o = items_[i];
      if (o.tag == ignore) continue;
      const bool hit = o.kind == Obstacle::Kind::line
                           ? segment_crosses_box(o.ax, o.ay, o.bx, o.by, box)
                           : box.intersects({o.ax, o.ay, o.bx, o.by});
      if (hit) out.push_back(&o);
    }
  }
}

bool ObstacleIndex::clear(const Box& box, std::uint32_t ignore) const {
  std::vector<const Obstacle*> hits;
  collisions(box, hits, ignore);
  return hits.empty();
}

}  // namespace synack
