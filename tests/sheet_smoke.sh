#!/usr/bin/env bash
# The printable interview sheet in a real browser: `synack interview --export` writes the
# HTML, headless Chromium renders it to a PNG, and Chinese must come out as glyphs, not
# boxes: the same text rendered once as Chinese and once as private-use characters (which
# every font draws as a box) must differ.
#   tests/sheet_smoke.sh SYNACK_BINARY OUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
fail() {
  echo "sheet_smoke: $*" >&2
  exit 1
}
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || fail "chromium missing; run scripts/install-deps.sh"
shoot() {  # PAGE PNG: render a page at 1000x1400
  rm -f "$2"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$out/profile" --window-size=1000,1400 --screenshot="$2" "file://$1" \
    >"$out/chromium.log" 2>&1 || fail "chromium failed: $(tail -3 "$out/chromium.log")"
  [[ -s "$2" ]] || fail "chromium wrote no $2"
}

"$bin" interview --db "$out/sheet.db" --export "$out/sheet.html" --lang both >"$out/export.out"
grep -q "Wrote 86 questions" "$out/export.out" || fail "export: $(cat "$out/export.out")"
grep -q "三次握手" "$out/sheet.html" || fail "the sheet has no Chinese text"
shoot "$out/sheet.html" "$out/sheet.png"
size=$(stat -c %s "$out/sheet.png")
((size > 50000)) || fail "sheet.png is only $size bytes: blank?"

# Glyphs, not boxes: the sheet's font stack, Chinese vs. private-use code points.
style="font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; font-size: 64px"
printf '<!DOCTYPE html><meta charset="utf-8"><p style="%s">面试题追问</p>' "$style" >"$out/zh.html"
printf '<!DOCTYPE html><meta charset="utf-8"><p style="%s">&#xE000;&#xE001;&#xE002;&#xE003;&#xE004;</p>' \
  "$style" >"$out/box.html"
shoot "$out/zh.html" "$out/zh.png"
shoot "$out/box.html" "$out/box.png"
cmp -s "$out/zh.png" "$out/box.png" && fail "Chinese renders as boxes"
echo "sheet_smoke: ok ($out/sheet.png, $size bytes)"
