#pragma once
// Helpers shared by the catalog tests: run a shipped scenario by id and look things up in
// its trace.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>

#include "app/content/scenario_catalog.hpp"
#include "engine/simulator.hpp"
#include "tests/support/found.hpp"

namespace synack::catalog_test {

using test::Found;

inline Trace run_id(const std::string& id, const RunOptions& opts = RunOptions{}) {
  Scenario sc = load_scenario_arg(find_content_dir(), id);
  return run_scenario(sc.spec, opts);
}

inline bool on(const Trace& t, const Event& e, std::string_view host) {
  return t.host_name(e.host) == host;
}

// The first completed (not "blocked") `call` of `host`, or nullptr.
inline test::Found<Event> app_event(const Trace& t, std::string_view host, AppCall call) {
  for (const Event& e : t.events) {
    if (e.type == EventType::app && e.call == call && e.result != AppResult::blocked &&
        on(t, e, host)) {
      return e;
    }
  }
  return nullptr;
}

// The flow- and congestion-control topics (FC-xx, CC-xx) some catalog scenario is tagged with.
inline std::set<std::string> flow_congestion_topics_shown(const Catalog& catalog) {
  std::set<std::string> shown;
  for (const CatalogEntry& e : catalog.entries) {
    for (const std::string& t : e.topics) {
      if (t.rfind("FC-", 0) == 0 || t.rfind("CC-", 0) == 0) shown.insert(t);
    }
  }
  return shown;
}

// The value a sysctl had in the run: all its numbers, or the first (for most, the only) one.
inline KnobValue sysctl_numbers(const Trace& t, std::string_view name) {
  for (const auto& [k, v] : t.sysctls) {
    if (k == name) return v;
  }
  FAIL("sysctl " << name << " not in the trace");
  return -1;
}
inline std::int64_t sysctl(const Trace& t, std::string_view name) {
  return sysctl_numbers(t, name)[0];
}

}  // namespace synack::catalog_test
