#include "app/front/session_plots.hpp"

#include "app/front/plot_command.hpp"

namespace synack {

void SessionPlots::refresh(const Session& session, const UiStrings& words) {
  const Trace& trace = session.run().trace;
  if (built_ && trace_ == &trace && events_ == trace.events.size() && lang_ == session.lang) {
    return;
  }
  trace_ = &trace;
  events_ = trace.events.size();
  lang_ = session.lang;
  built_ = true;
  window_ = plot_for_run(trace, "window", "", words, lang_);
  tseq_ = plot_for_run(trace, "tseq", "", words, lang_);
}

const Plot& SessionPlots::window(const Session& session, const UiStrings& words) {
  refresh(session, words);
  return window_;
}

const Plot& SessionPlots::tseq(const Session& session, const UiStrings& words) {
  refresh(session, words);
  return tseq_;
}

double cursor_ms(const Session& session) {
  return to_ms(session.run().layout.time_of(session.playback().cursor_y()));
}

}  // namespace synack
