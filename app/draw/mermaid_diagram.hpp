#pragma once
// The trace as a Mermaid `sequenceDiagram`, for Markdown pages and the docs. Same rows as
// the text diagram (app/draw/diagram_rows.hpp): floods folded, idle gaps marked, lost segments
// `-x`.

#include <string>
#include <string_view>

#include "app/draw/diagram_rows.hpp"
#include "engine/trace.hpp"

namespace synack {

std::string format_mermaid(const Trace& trace, const DiagramOptions& options = {});

// Message or note text made safe for Mermaid: `;` would end the statement and `#` starts
// an entity code, so both become entity codes; so do `<` and `>` (HTML) and line breaks.
std::string mermaid_escape(std::string_view text);

}  // namespace synack
