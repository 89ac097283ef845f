#include "app/front/session_plots.hpp"

#include <fmt/format.h>

namespace synack {

void SessionPlots::refresh(const Session& session, const UiStrings& words) {
  const Trace& trace = session.run().trace;
  if (!chosen_.empty() &&
      (chosen_in_ != session.scenario().spec.id || trace.host_index(chosen_) == kNoHost)) {
    chosen_.clear();  // another scenario, or a host this run does not have
  }
  if (built_ && trace_ == &trace && events_ == trace.events.size() && lang_ == session.lang &&
      built_for_ == chosen_) {
    return;
  }
  trace_ = &trace;
  events_ = trace.events.size();
  lang_ = session.lang;
  built_for_ = chosen_;
  built_ = true;
  senders_ = data_senders(trace);
  window_ = plot_for_run(trace, "window", chosen_, words, lang_);
  tseq_ = plot_for_run(trace, "tseq", chosen_, words, lang_);
  shown_ = chosen_;
  if (shown_.empty()) {
    const std::optional<std::uint32_t> conn = busiest_sender(trace);
    for (const DataSender& s : senders_) {
      if (conn && s.conn == *conn) shown_ = trace.host_name(s.host);
    }
  }
}

const Plot& SessionPlots::window(const Session& session, const UiStrings& words) {
  refresh(session, words);
  return window_;
}

const Plot& SessionPlots::tseq(const Session& session, const UiStrings& words) {
  refresh(session, words);
  return tseq_;
}

const std::vector<DataSender>& SessionPlots::senders(const Session& session,
                                                     const UiStrings& words) {
  refresh(session, words);
  return senders_;
}

void SessionPlots::choose_host(const Session& session, const std::string& host) {
  chosen_ = host;
  chosen_in_ = session.is_open() ? session.scenario().spec.id : "";
}

const std::string& SessionPlots::shown_host(const Session& session, const UiStrings& words) {
  refresh(session, words);
  return shown_;
}

std::string SessionPlots::file(const Session& session, const UiStrings& words,
                               const std::string& kind, PlotFormat format, PixelSize size) {
  refresh(session, words);
  return plot_file(kind == "tseq" ? tseq_ : window_, size, format);
}

std::string sender_label(const Trace& trace, const DataSender& sender, const UiStrings& words,
                         Lang lang) {
  const std::string peer = sender.peer == kNoHost ? "?" : trace.host_name(sender.peer);
  return fmt::format(
      fmt::runtime(words.get("plot.sender", lang)), fmt::arg("host", trace.host_name(sender.host)),
      fmt::arg("peer", peer),
      fmt::arg("kb", fmt::format("{:.1f}", static_cast<double>(sender.bytes) / 1000)));
}

double cursor_ms(const Session& session) {
  return to_ms(session.run().layout.time_of(session.playback().cursor_y()));
}

}  // namespace synack
