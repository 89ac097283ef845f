#pragma once
// A step of a scenario named by a narration anchor (docs/scenario-format.md, "Narration"),
// read from a content file other than the scenario's own: a quiz item's or an interview
// point's `at`, which the window opens at that step ("Watch it").

#include <vector>

#include "app/content/scenario.hpp"
#include "engine/scenario.hpp"

namespace synack {

class TomlTable;

// `at` as an anchor whose host must be one of `hosts`, the hosts of the scenario it points
// into; with no hosts (that scenario is not known here) any host name is taken.
NarrationAnchor load_step_anchor(const TomlTable& at, const std::vector<HostSpec>& hosts);

}  // namespace synack
