#!/usr/bin/env bash
# GUI smoke test: screenshots of several scenarios in both languages and in presenter mode,
# taken off-screen under Xvfb, each checked for size, for not being blank, and for a clean
# stderr (a wrong GLSL version still "initialises" and only complains at the first frame).
# Also: a few benchmark frames, and the no-display fallback.
#   gui_smoke.sh SYNACK_BINARY OUT_DIR
set -euo pipefail

bin=${1:?usage: gui_smoke.sh SYNACK_BINARY OUT_DIR}
out=${2:?usage: gui_smoke.sh SYNACK_BINARY OUT_DIR}
size=1280x720

fail() {
  echo "gui_smoke: FAIL: $*" >&2
  exit 1
}

if [[ "${GUI_SMOKE_INNER:-}" != 1 ]]; then
  # A missing X server must fail, not skip: the deps script installs xvfb and xauth.
  command -v xvfb-run >/dev/null || fail "xvfb-run not found; run scripts/install-deps.sh (xvfb, xauth)"
  command -v xauth >/dev/null || fail "xauth not found (xvfb-run needs it); run scripts/install-deps.sh"
  command -v pngtopnm >/dev/null || fail "pngtopnm not found; run scripts/install-deps.sh (netpbm)"
  mkdir -p "$out"
  rm -f "$out"/*.png "$out"/*.err
  export MESA_SHADER_CACHE_DIR="$out/mesa-shader-cache"  # not ~/.cache

  # No display: one line saying so and how to run headless, then the text diagram, exit 0.
  env -u DISPLAY -u WAYLAND_DISPLAY "$bin" >"$out/nodisplay.out" 2>"$out/nodisplay.err" ||
    fail "no-display run exited $?"
  [[ $(wc -l <"$out/nodisplay.err") -eq 1 ]] || fail "no-display: expected one line on stderr"
  grep -q "xvfb-run -a synack" "$out/nodisplay.err" || fail "no-display: no hint to use xvfb-run"
  grep -q "SYN" "$out/nodisplay.out" || fail "no-display: no text diagram on stdout"

  export GUI_SMOKE_INNER=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -nolock" "$0" "$bin" "$out"
fi

# Inside Xvfb.
shot() {  # NAME ARGS...
  local name=$1
  shift
  "$bin" --screenshot "$out/$name.png" --size "$size" "$@" >"$out/$name.out" 2>"$out/$name.err" ||
    fail "$name: exit $? ($(cat "$out/$name.err"))"
  [[ ! -s "$out/$name.err" ]] || fail "$name: stderr is not empty: $(cat "$out/$name.err")"
  pngtopnm "$out/$name.png" >"$out/$name.pnm" 2>/dev/null || fail "$name: not a PNG"
  local magic w h
  read -r magic w h < <(head -n 2 "$out/$name.pnm" | tr '\n' ' '; echo)
  [[ "$magic $w $h" == "P6 ${size%x*} ${size#*x}" ]] || fail "$name: PNG is '$magic $w $h', want $size"
  # Not blank: many colours (text is anti-aliased), and the most common one (the
  # background) covers well under the whole picture.
  local colours top
  colours=$(ppmhist -noheader "$out/$name.pnm" | wc -l)
  top=$(ppmhist -noheader "$out/$name.pnm" | awk 'NR == 1 {print $5}')
  rm -f "$out/$name.pnm"
  ((colours > 50)) || fail "$name: only $colours colours: blank?"
  ((top < ${size%x*} * ${size#*x} * 98 / 100)) || fail "$name: $top pixels of one colour: blank?"
  echo "gui_smoke: $name ok ($w x $h, $colours colours)"
}
shot_at() {  # SIZE NAME ARGS...: the same at another window size
  local size=$1
  shift
  shot "$@"
}

shot handshake-en --scenario handshake --lang en --step 6
shot handshake-zh --scenario handshake --lang zh --step 6
shot syn-flood-en --scenario syn-flood --lang en --step 40
shot syn-flood-zh --scenario syn-flood --lang zh --step 40
shot lifecycle-en --scenario lifecycle --lang en
shot lifecycle-zh --scenario lifecycle --lang zh
shot presenter-zh --scenario handshake --lang zh --step 8 --presenter
shot presenter-hc --scenario lifecycle --lang en --step 12 --presenter --theme high-contrast
shot light-en --scenario handshake --lang en --theme light

# Each panel without a mouse: inspector with a selected segment, what-if branch, predict
# mode, queues (SYN flood), state machine, sysctls with an override.
shot inspector-en --scenario handshake --lang en --step 6 --select 1
shot whatif-zh --scenario handshake --lang zh --step 12 --what-if 0
shot predict-en --scenario handshake --lang en --step 3 --predict
shot queues-zh --scenario syn-flood --lang zh --step 40 --panel queues
shot states-en --scenario lifecycle --lang en --step 12 --panel states
shot sysctls-en --scenario syn-flood --lang en --step 40 --panel sysctls --set tcp_syncookies=0
cmp -s "$out/inspector-en.png" "$out/handshake-en.png" && fail "--select changed nothing"

# Search over every word, both languages (the ranked hits replace the topic groups); a
# user's scenario whose title and narration use characters found nowhere in content/ (the
# atlas grows for them); what the receiver did with the second third-handshake ACK; the
# state machine's edge labels in Chinese.
data="$(dirname "$0")/data"
shot search-en --scenario handshake --lang en --step 6 --search "third ack"
shot search-zh --scenario handshake --lang zh --step 6 --search "握手 丢失"
shot user-scenario-zh --scenario "$data/teacher-demo.toml" --lang zh --step 8
shot inspector-fate-zh --scenario ack-lost --lang zh --step 30 --select 4
shot states-zh --scenario lifecycle --lang zh --step 12 --panel states
cmp -s "$out/search-zh.png" "$out/handshake-zh.png" && fail "--search changed nothing"
# Presenter mode carries the lesson: the caption in Chinese and in English at 1280x720 and
# 1024x600, both languages at once, the room asked what is sent next; predict mode turned
# on through the View menu's code, and its feedback after a wrong answer on a small screen.
shot_at() {  # SIZE NAME ARGS...: shot at another window size (shot reads $size)
  local size=$1
  shift
  shot "$@"
}
for at in 1280x720 1024x600; do
  shot_at "$at" "caption-handshake-zh-$at" --scenario handshake --lang zh --step 10 --presenter
  shot_at "$at" "caption-handshake-en-$at" --scenario handshake --lang en --step 10 --presenter
  shot_at "$at" "caption-ack-lost-zh-$at" --scenario ack-lost --lang zh --step 16 --presenter
  shot_at "$at" "caption-ack-lost-en-$at" --scenario ack-lost --lang en --step 16 --presenter
done
shot caption-both --scenario ack-lost --lang en --step 16 --presenter --caption both
shot ask-room-en --scenario handshake --lang en --step 10 --presenter --ask
shot predict-menu-en --scenario handshake --lang en --step 3 --menu predict
shot_at 1024x600 predict-feedback-zh --scenario syn-flood --lang zh --step 50 --menu predict \
  --predict-answer 1
shot_at 1024x600 shortcuts-zh --scenario handshake --lang zh --menu shortcuts
cmp -s "$out/caption-handshake-zh-1280x720.png" "$out/caption-handshake-en-1280x720.png" &&
  fail "caption: en and zh identical"
cmp -s "$out/caption-both.png" "$out/caption-ack-lost-en-1280x720.png" && fail "--caption both changed nothing"
cmp -s "$out/ask-room-en.png" "$out/caption-handshake-en-1280x720.png" && fail "--ask changed nothing"
# The menu item does what --predict does.
cmp -s "$out/predict-menu-en.png" "$out/predict-en.png" || fail "--menu predict differs from --predict"
if "$bin" --screenshot "$out/none.png" --scenario handshake --select 999 2>"$out/bad-select.err"; then
  fail "--select 999 accepted"
fi
grep -q "segments 0\.\." "$out/bad-select.err" || fail "--select 999: $(cat "$out/bad-select.err")"

# Small screens: a 1280x720 projector and a 1024x600 netbook (the list collapses there), and
# larger text at 1024x600 (narration and tabs move under the diagram).
shot fast-retransmit-en --scenario fast-retransmit --lang en --step 20
shot fast-retransmit-zh --scenario fast-retransmit --lang zh --step 20
shot_at 1024x600 small-fast-retransmit-en --scenario fast-retransmit --lang en --step 20
shot_at 1024x600 small-fast-retransmit-zh --scenario fast-retransmit --lang zh --step 20
shot_at 1024x600 small-syn-flood-en --scenario syn-flood --lang en --step 40
shot_at 1024x600 small-syn-flood-zh --scenario syn-flood --lang zh --step 40
shot_at 1024x600 small-large-text-zh --scenario handshake --lang zh --step 6 --font-scale 1.5

# File -> Open's chooser on a scratch folder, and a scenario file with a mistake: shown in
# the window over the default scenario with --show-errors, exit 2 and stderr without.
content=${SYNACK_CONTENT_DIR:-$(cd "$(dirname "$0")/.." && pwd)/content}
lab="$out/lab"
rm -rf "$lab"
mkdir -p "$lab/more"
sed 's/^id = .*/id = "my-lab"/' "$content/scenarios/handshake.toml" >"$lab/my-lab.toml"
sed 's/^id = .*/id = "bad-lab"/; s/^name = "server"/name = "server"\nmtu = "big"/' \
  "$content/scenarios/handshake.toml" >"$lab/bad-lab.toml"
shot open-dialog-en --open-dialog "$lab" --lang en
shot open-dialog-zh --open-dialog "$lab" --lang zh
shot load-error-en --scenario "$lab/bad-lab.toml" --show-errors --lang en
shot load-error-zh --scenario "$lab/bad-lab.toml" --show-errors --lang zh
cmp -s "$out/load-error-en.png" "$out/handshake-en.png" && fail "--show-errors showed nothing"
if "$bin" --screenshot "$out/none.png" --scenario "$lab/bad-lab.toml" 2>"$out/bad-file.err"; then
  fail "a bad scenario file accepted headless"
fi
grep -q "bad-lab.toml:[0-9]*: host\[1\].mtu: " "$out/bad-file.err" ||
  fail "bad scenario file: $(cat "$out/bad-file.err")"

# The quiz (F7) and its stats (F8) on throw-away banks: the start screen, the first HS-11
# question (the same on any fresh bank) in both languages, its feedback after a wrong
# answer, and the stats after a scripted terminal session on the same models.
qdb="$out/quiz-dbs"
rm -rf "$qdb"
mkdir -p "$qdb"
shot quiz-start-en --quiz --db "$qdb/start.db" --lang en
shot quiz-question-en --quiz-topic HS-11 --db "$qdb/q-en.db" --lang en
shot quiz-question-zh --quiz-topic HS-11 --db "$qdb/q-zh.db" --lang zh
shot quiz-feedback-en --quiz-topic HS-11 --quiz-answer 60 --db "$qdb/fb.db" --lang en
# An order question (HS-01's first item) and its feedback; a self-graded item graded Good.
shot quiz-order-zh --quiz-topic HS-01 --db "$qdb/order.db" --lang zh
shot quiz-order-feedback-en --quiz-topic HS-01 --quiz-answer 2,5,3,1,4 --db "$qdb/order-fb.db" --lang en
shot quiz-order-wrong-zh --quiz-topic HS-01 --quiz-answer 1,2,3,4,5 --db "$qdb/order-wrong.db" --lang zh
shot quiz-explain-feedback-en --quiz-topic FW-02 --quiz-answer 3 --db "$qdb/explain.db" --lang en
printf '60\n1\n1,2\n1\n2\n' | "$bin" quiz --db "$qdb/stats.db" --topic HS-11 --count 5 \
  >"$out/quiz-cli.out" 2>"$out/quiz-cli.err" || fail "quiz (terminal): exit $?"
# An interview drill on the same bank (BA-03, near the top of the list: a typed answer and a
# follow-up, graded Good): the stats show its mastery beside the quiz's.
printf 'TCP 是面向连接的、可靠的、基于字节流的传输层协议\n\n3\n' |
  "$bin" interview --db "$qdb/stats.db" --topic BA-03 --count 1 --lang zh \
  >"$out/interview-cli.out" 2>"$out/interview-cli.err" || fail "interview (terminal): exit $?"
shot quiz-stats-zh --stats --db "$qdb/stats.db" --lang zh
# The interview drill (F9): the question, the model answer with the typed answer's points
# ticked, and the follow-up, in both languages.
shot interview-question-zh --interview-topic HS-04 --db "$qdb/iv-q.db" --lang zh
shot interview-question-en --interview-topic HS-04 --db "$qdb/iv-q-en.db" --lang en
shot interview-reveal-zh --interview-topic HS-04 --db "$qdb/iv-r.db" --lang zh \
  --interview-answer "主要是防止历史连接：旧 SYN 晚到时客户端会回 RST；还要同步双方的初始序列号。"
shot interview-reveal-en --interview-topic HS-04 --db "$qdb/iv-r-en.db" --lang en \
  --interview-answer "It stops an old duplicate SYN from opening a connection, and both ISNs get acknowledged."
shot interview-followup-en --interview-topic HS-04 --db "$qdb/iv-f.db" --lang en \
  --interview-answer "" --interview-next
shot interview-followup-zh --interview-topic HS-04 --db "$qdb/iv-f-zh.db" --lang zh \
  --interview-answer "" --interview-next --interview-followup "服务端会重传 SYN,ACK"
cmp -s "$out/interview-question-zh.png" "$out/interview-reveal-zh.png" &&
  fail "--interview-answer changed nothing"
cmp -s "$out/quiz-question-en.png" "$out/quiz-start-en.png" && fail "--quiz-topic changed nothing"
cmp -s "$out/quiz-question-en.png" "$out/quiz-question-zh.png" && fail "quiz: en and zh identical"
if "$bin" --screenshot "$out/none.png" --quiz-topic XX-99 --db "$qdb/bad.db" 2>"$out/bad-topic.err"; then
  fail "--quiz-topic XX-99 accepted"
fi
grep -q "XX-99" "$out/bad-topic.err" || fail "--quiz-topic XX-99: $(cat "$out/bad-topic.err")"
# A bank that cannot be opened (a directory) is shown in the view, not a crash.
mkdir -p "$qdb/dir.db"
shot quiz-bad-bank --quiz --db "$qdb/dir.db" --lang en

# Exports through the Export menu's code: SVG parses as XML with one arrow line per arrow
# shown, the PNG is the whole diagram (as wide as the window, as tall as the diagram: taller
# than the window, so not a screenshot of the viewport), Mermaid is the CLI's.
"$bin" --scenario handshake --lang en --export-svg "$out/h.svg" --export-png "$out/h.png" \
  --export-mermaid "$out/h.mmd" --size 900x600 >"$out/export.out" 2>"$out/export.err" ||
  fail "export: exit $? ($(cat "$out/export.err"))"
[[ ! -s "$out/export.err" ]] || fail "export: stderr is not empty: $(cat "$out/export.err")"
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$out/h.svg" ||
  fail "export: SVG is not well-formed XML"
arrows=$(grep -o '<line class="arrow' "$out/h.svg" | wc -l)
segments=$("$bin" run handshake --format json | python3 -c \
  "import json,sys; print(sum(1 for e in json.load(sys.stdin)['events'] if e['type'] == 'send'))")
((arrows == segments && arrows > 0)) || fail "export: $arrows arrows in the SVG, $segments segments sent"
pngtopnm "$out/h.png" >"$out/h.pnm" 2>/dev/null || fail "export: PNG does not decode"
read -r magic w h < <(head -n 2 "$out/h.pnm" | tr '\n' ' '; echo)
rm -f "$out/h.pnm"
[[ "$magic $w" == "P6 900" ]] || fail "export: PNG is '$magic $w $h', want 900 wide"
((h > 600)) || fail "export: PNG is $h high: the viewport, not the whole diagram?"
"$bin" run handshake --format mermaid | cmp -s - "$out/h.mmd" ||
  fail "export: Mermaid differs from 'synack run handshake --format mermaid'"
echo "gui_smoke: exports ok ($arrows arrows)"

# What-if: the branch beside the diagram, then closed through the toolbar's code: the picture
# is the one without a branch again.
shot whatif-1280-en --scenario fast-retransmit --lang en --step 30 --what-if 5
shot whatif-closed-en --scenario fast-retransmit --lang en --step 30 --what-if 5 --menu close-branch
shot plain-fast-retransmit-en --scenario fast-retransmit --lang en --step 30
cmp -s "$out/whatif-1280-en.png" "$out/whatif-closed-en.png" && fail "close-branch changed nothing"
cmp -s "$out/whatif-closed-en.png" "$out/plain-fast-retransmit-en.png" ||
  fail "a closed branch leaves a picture different from no branch"

# The plots (W: cwnd and the windows under the diagram; T: the time-sequence graph), at each
# size, in both languages and in presenter mode; the band really changes the picture.
shot plot-window-en --scenario fast-retransmit --lang en --step 30 --menu window-plot
shot plot-window-zh --scenario sack --lang zh --step 30 --menu window-plot
shot plot-both-en --scenario sack --lang en --step 30 --menu plots
shot plot-tseq-zh --scenario sack --lang zh --step 30 --menu tseq
shot plot-presenter-zh --scenario sack --lang zh --step 30 --presenter --menu window-plot
shot_at 1920x1080 plot-large-zh --scenario fast-retransmit --lang zh --step 30 --menu plots
shot_at 1024x600 plot-small-en --scenario fast-retransmit --lang en --step 30 --menu window-plot
shot_at 1024x600 plot-small-zh --scenario sack --lang zh --step 30 --menu plots
shot_at 1024x600 plot-small-presenter-en --scenario sack --lang en --step 30 --presenter \
  --menu window-plot
cmp -s "$out/plot-window-en.png" "$out/plain-fast-retransmit-en.png" &&
  fail "--menu window-plot drew no plot"
shot plain-sack-zh --scenario sack --lang zh --step 30
# The Export menu, open (--menu export): its rows for the plots, in Chinese.
shot export-menu-zh --scenario sack --lang zh --step 30 --menu export
for name in plot-window-zh plot-tseq-zh export-menu-zh; do
  cmp -s "$out/$name.png" "$out/plain-sack-zh.png" && fail "$name: the same picture as no plot"
done
# Presenter mode: the plot takes the caption's place, so the diagram keeps its height; at
# 1920x1080 and 1024x600 too.
shot plain-presenter-zh --scenario sack --lang zh --step 30 --presenter
cmp -s "$out/plot-presenter-zh.png" "$out/plain-presenter-zh.png" &&
  fail "presenter --menu window-plot drew no plot"
shot_at 1920x1080 plot-presenter-large-en --scenario fast-recovery --lang en --step 40 \
  --presenter --menu window-plot
# fast-recovery and sack (loss, SACK), slow-start, zero-window, and a run whose only data
# is one request (syn-flood): every plot draws without an error.
shot plot-fast-recovery-en --scenario fast-recovery --lang en --step 40 --menu plots
shot plot-slow-start-zh --scenario slow-start --lang zh --step 40 --menu window-plot
shot plot-zero-window-en --scenario zero-window --lang en --step 40 --menu plots
shot plot-syn-flood-zh --scenario syn-flood --lang zh --step 40 --menu plots
cmp -s "$out/plot-syn-flood-zh.png" "$out/syn-flood-zh.png" && fail "syn-flood: no plot drawn"
# The host picker, headless: the server's side of a request/response exchange is another
# picture; a host the run does not have is an error naming the hosts.
shot plot-host-client-en --scenario nagle-delayed-ack --lang en --step 40 --menu plots
shot plot-host-server-en --scenario nagle-delayed-ack --lang en --step 40 --menu plots \
  --plot-host server
cmp -s "$out/plot-host-client-en.png" "$out/plot-host-server-en.png" &&
  fail "--plot-host server drew the client's plots"
if "$bin" --screenshot "$out/none.png" --scenario sack --plot-host nobody 2>"$out/host.err"; then
  fail "--plot-host nobody accepted"
fi
grep -q "client, server" "$out/host.err" || fail "--plot-host nobody: the hosts are not named"

# Captures (--capture, as File -> Open capture and a drop do): the conversation list in the
# browser's place (over the diagram on a small screen, until one is picked); a conversation
# of a SYN flood from a stack without SACK, its packets the engine would not have sent marked
# "≠ engine" in red and the inspector saying why, in both languages at three sizes; a file
# cut inside packet 6, shown with what was read and where it broke; a file that is not a
# capture, and a stream it does not have, are errors.
pcaps="$data/pcap"
shot capture-list-en --capture "$pcaps/09-syn-flood-lite.pcap" --lang en --step 4
shot capture-list-zh --capture "$pcaps/09-syn-flood-lite.pcap" --lang zh --step 4
shot capture-normal-en --capture "$pcaps/01-normal.pcap" --stream 0 --lang en --step 14
shot capture-normal-zh --capture "$pcaps/01-normal.pcap" --stream 0 --lang zh --step 14
for at in 1920x1080 1280x720 1024x600; do
  for lang in en zh; do
    shot_at "$at" "capture-disagree-$lang-$at" --capture "$pcaps/09-syn-flood-lite.pcap" \
      --stream 0 --lang "$lang" --select 0
  done
  shot_at "$at" "capture-list-zh-$at" --capture "$pcaps/08-accept-queue-overflow.pcap" --lang zh
done
cmp -s "$out/capture-list-en.png" "$out/handshake-en.png" && fail "--capture changed nothing"
cmp -s "$out/capture-disagree-en-1280x720.png" "$out/capture-disagree-zh-1280x720.png" &&
  fail "capture: en and zh identical"
# The cut: 24 bytes of file header, five records, then 10 bytes into the sixth's data.
python3 - "$pcaps/01-normal.pcap" "$out/cut.pcap" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
at = 24
for _ in range(5):
    at += 16 + struct.unpack_from("<I", data, at + 8)[0]
open(sys.argv[2], "wb").write(data[: at + 16 + 10])
PY
shot capture-cut-en --capture "$out/cut.pcap" --lang en
shot capture-cut-zh --capture "$out/cut.pcap" --lang zh
echo "not a capture" >"$out/not-a-capture.pcap"
if "$bin" --screenshot "$out/none.png" --capture "$out/not-a-capture.pcap" 2>"$out/bad-capture.err"; then
  fail "a file that is not a capture accepted"
fi
grep -q "not-a-capture.pcap" "$out/bad-capture.err" || fail "bad capture: $(cat "$out/bad-capture.err")"
shot capture-error-zh --capture "$out/not-a-capture.pcap" --show-errors --lang zh
if "$bin" --screenshot "$out/none.png" --capture "$pcaps/01-normal.pcap" --stream 5 \
  2>"$out/bad-stream.err"; then
  fail "--stream 5 of a one-conversation capture accepted"
fi
grep -q "conversations 0\.\.0" "$out/bad-stream.err" || fail "--stream 5: $(cat "$out/bad-stream.err")"

# The language really changed what is drawn.
cmp -s "$out/handshake-en.png" "$out/handshake-zh.png" && fail "en and zh screenshots are identical"

# A few benchmark frames: the mode works and prints its figures.
"$bin" --bench-frames 5 --scenario handshake --size "$size" >"$out/bench.out" 2>"$out/bench.err" ||
  fail "bench: exit $?"
[[ ! -s "$out/bench.err" ]] || fail "bench: stderr is not empty: $(cat "$out/bench.err")"
grep -Eq "avg [0-9.]+ ms wall, [0-9.]+ ms cpu; p99 [0-9.]+ ms wall" "$out/bench.out" ||
  fail "bench: unexpected output: $(cat "$out/bench.out")"
grep -q "start-up to first frame" "$out/bench.out" || fail "bench: no start-up time"

# Headless modes fail clearly on a bad scenario.
if "$bin" --screenshot "$out/none.png" --scenario no-such-scenario 2>"$out/bad.err"; then
  fail "unknown scenario accepted"
fi
grep -q "no-such-scenario" "$out/bad.err" || fail "unknown scenario: message does not name it"
echo "gui_smoke: all checks passed"
