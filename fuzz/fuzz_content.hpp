#pragma once
// The shipped content the loaders check an input against (topic ids, scenario ids and their
// hosts), read once per process: the fuzz targets and their regression tests check inputs as
// `synack run FILE` and `synack quiz --import FILE` do, not with the checks switched off.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/content/scenario_catalog.hpp"
#include "app/content/topics.hpp"

namespace synack::fuzz {

struct ShippedContent {
  std::set<std::string> topics;
  std::set<std::string> scenarios;
  std::map<std::string, std::vector<HostSpec>> hosts;  // by scenario id
};

inline const ShippedContent& shipped_content() {
  static const ShippedContent content = [] {
    ShippedContent c;
    const auto dir = find_content_dir();
    for (const Topic& t : load_content_topics(dir).topics) c.topics.insert(t.id);
    const LoadOptions options{&c.topics};
    for (const CatalogEntry& e : load_catalog(dir, options).entries) {
      c.scenarios.insert(e.id);
      c.hosts[e.id] = e.scenario->spec.hosts;
    }
    return c;
  }();
  return content;
}

}  // namespace synack::fuzz
