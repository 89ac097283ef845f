#pragma once
// The trace as JSON, for scripts and for checking the engine against captures. Key order
// and number formatting are fixed: the same trace always gives the same bytes.
// Field reference: docs/trace-format.md.

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/trace.hpp"

namespace synack {

struct JsonOptions {
  bool segments = false;  // also list every segment once, in a top-level "segments" array
  bool zh = false;        // add "reason_zh" to every event
};

nlohmann::ordered_json trace_to_json(const Trace& trace, const JsonOptions& options = {});
// Pretty-printed with two-space indents and a final newline.
std::string format_json(const Trace& trace, const JsonOptions& options = {});
// The same bytes, written to `out` as they are made (a capture's trace can be large).
void write_json(const Trace& trace, std::ostream& out, const JsonOptions& options = {});

}  // namespace synack
