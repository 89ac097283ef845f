#include "app/diagram_export.hpp"

#include "app/diagram.hpp"
#include "app/format_mermaid.hpp"
#include "app/run/narration.hpp"
#include "app/svg_export.hpp"

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
