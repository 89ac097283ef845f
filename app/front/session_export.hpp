#pragma once
// What the diagram's Export menu writes, with no UI library, so the window, the headless
// --export-svg / --export-mermaid options and the tests all go through the same code.

#include <string>

#include "app/front/session.hpp"

namespace synack {

// The main run as SVG, drawn as far as the playback cursor, titled in the session's
// language (app/draw/svg_diagram.hpp).
std::string export_session_svg(const Session& session);

// The whole main run as Mermaid with the scenario's narration: the same text as
// `synack run ID --format mermaid --lang LANG` with the session's --set options.
std::string export_session_mermaid(const Session& session);

}  // namespace synack
