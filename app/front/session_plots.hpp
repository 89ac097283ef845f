#pragma once
// The window's two plots of the open run (the window plot and the time–sequence graph of
// the connection that sent the most data), made once per run and language rather than
// every frame, and the playback cursor's instant for the line drawn across them.

#include <cstddef>

#include "app/content/ui_strings.hpp"
#include "app/draw/plot_model.hpp"
#include "app/front/session.hpp"

namespace synack {

class SessionPlots {
 public:
  const Plot& window(const Session& session, const UiStrings& words);
  const Plot& tseq(const Session& session, const UiStrings& words);

 private:
  void refresh(const Session& session, const UiStrings& words);

  const Trace* trace_ = nullptr;
  std::size_t events_ = 0;
  Lang lang_ = Lang::en;
  bool built_ = false;
  Plot window_, tseq_;
};

// The playback cursor's virtual time, in ms: where the plots draw their "now" line.
double cursor_ms(const Session& session);

}  // namespace synack
