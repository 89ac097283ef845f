#include "app/front/session_export.hpp"

#include "app/draw/diagram_rows.hpp"
#include "app/draw/mermaid_diagram.hpp"
#include "app/draw/svg_diagram.hpp"
#include "app/run/narration.hpp"

namespace synack {

std::string export_session_svg(const Session& session) {
  const Run& run = session.run();
  SvgOptions o;
  o.title = session.scenario().title.in(session.lang);
  o.visible_events = session.playback().visible_events();
  // Laid out for the page, not for the window: its own width and text size.
  return export_svg(run.trace, layout_trace(run.trace, svg_layout_options(run.trace, session.lang)),
                    o);
}

std::string export_session_mermaid(const Session& session) {
  const Run& run = session.run();
  DiagramOptions o;
  o.lang = session.lang;
  o.narration = narration_for(session.scenario(), run.trace, session.lang);
  return format_mermaid(run.trace, o);
}

}  // namespace synack
