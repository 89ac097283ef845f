#pragma once
// The window's two plots of the open run (the window plot and the time–sequence graph of
// one sender), made once per run, language and chosen host rather than every frame; the
// host picker's entries and choice; the plots as files for the Export menu; and the playback
// cursor's instant for the line drawn across them. One per window, shared by the views.

#include <cstddef>
#include <string>
#include <vector>

#include "app/content/ui_strings.hpp"
#include "app/draw/plot_model.hpp"
#include "app/draw/window_series.hpp"
#include "app/front/plot_command.hpp"
#include "app/front/session.hpp"

namespace synack {

class SessionPlots {
 public:
  const Plot& window(const Session& session, const UiStrings& words);
  const Plot& tseq(const Session& session, const UiStrings& words);

  // The picker's entries: every host that sent data on the open run, in host order.
  const std::vector<DataSender>& senders(const Session& session, const UiStrings& words);

  // The host whose busiest connection is plotted, as `synack plot --host` picks it; "" (the
  // default) for the run's busiest sender. The choice holds while the same scenario stays
  // open (re-runs after a sysctl change keep it); a name that is no host of the run counts
  // as "".
  void choose_host(const Session& session, const std::string& host);
  const std::string& chosen_host() const { return chosen_; }
  // The host the plots show: the chosen one, else the busiest sender ("" when none sent).
  const std::string& shown_host(const Session& session, const UiStrings& words);

  // A plot ("window" or "tseq") as `synack plot --host SHOWN --lang LANG` writes it.
  std::string file(const Session& session, const UiStrings& words, const std::string& kind,
                   PlotFormat format, PixelSize size = kPlotFileSize);

 private:
  void refresh(const Session& session, const UiStrings& words);

  const Trace* trace_ = nullptr;
  std::size_t events_ = 0;
  Lang lang_ = Lang::en;
  std::string built_for_;  // the chosen host the plots were made for
  bool built_ = false;
  std::string chosen_, chosen_in_;  // the choice and the scenario it was made in
  std::string shown_;
  std::vector<DataSender> senders_;
  Plot window_, tseq_;
};

// A picker entry: "client → server (14.5 kB)", the payload the host sent on that connection.
std::string sender_label(const Trace& trace, const DataSender& sender, const UiStrings& words,
                         Lang lang);

// The playback cursor's virtual time, in ms: where the plots draw their "now" line.
double cursor_ms(const Session& session);

}  // namespace synack
