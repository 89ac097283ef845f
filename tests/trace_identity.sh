#!/bin/bash
# Refactoring guard: every catalog scenario under both profiles, three seeds and a few
# --drop / --set variants must give the same JSON trace as the recorded digests in
# tests/data/trace_digests.txt (recorded before the engine was split into host stacks).
# A digest that changes means behaviour changed. When that is intended (new engine
# behaviour, a content edit to a scenario), look at the diff of the traces between the old
# and the new binary, then re-record with:  tests/trace_identity.sh BIN --update
set -euo pipefail
bin=$1
mode=${2:-check}
here=$(cd "$(dirname "$0")" && pwd)
digests=$here/data/trace_digests.txt
export SYNACK_CONTENT_DIR=${SYNACK_CONTENT_DIR:-$here/../content}

commands() {
  for file in "$SYNACK_CONTENT_DIR"/scenarios/*.toml; do
    local id
    id=$(basename "$file" .toml)
    for profile in classic linux-6.18; do
      for seed in 1 7 1234567; do
        echo "$id --profile $profile --seed $seed"
      done
    done
    echo "$id --profile linux-6.18 --drop client:ACK#2"
    echo "$id --profile linux-6.18 --drop server:SYN,ACK"
    echo "$id --profile linux-6.18 --set tcp_sack=0 --set tcp_timestamps=0"
    echo "$id --profile classic --set tcp_syn_retries=2 --set tcp_synack_retries=1 --set tcp_retries2=3"
  done
}

# The digest covers stdout, stderr and the exit status: an error is behaviour too.
digest() {
  # shellcheck disable=SC2086
  { "$bin" run $1 --format json --segments 2>&1 && echo "exit 0" || echo "exit $?"; } |
    sha256sum | cut -c1-64
}

if [ "$mode" = "--update" ]; then
  commands | while read -r args; do printf '%s  %s\n' "$(digest "$args")" "$args"; done >"$digests"
  echo "recorded $(wc -l <"$digests") digests in $digests"
  exit 0
fi

expected=$(cut -c67- "$digests")
if [ "$expected" != "$(commands)" ]; then
  echo "the command list changed (a scenario added or removed?): re-record with --update" >&2
  diff <(echo "$expected") <(commands) >&2 || true
  exit 1
fi
failed=0
total=0
while read -r want args; do
  total=$((total + 1))
  got=$(digest "$args")
  if [ "$got" != "$want" ]; then
    echo "CHANGED: synack run $args --format json --segments" >&2
    failed=$((failed + 1))
  fi
done <"$digests"
echo "$((total - failed)) of $total traces byte-identical to the recorded digests"
[ "$failed" -eq 0 ]
