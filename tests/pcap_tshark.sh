#!/bin/bash
# Every catalog scenario exported with `synack run ID --format pcap` and read by tshark with
# IP and TCP checksum validation on. Each capture must have no malformed frame, only good
# checksums, no expert info of severity error, and only the warnings a trace explains
# (allowed below). And frame by frame, the TCP flags, raw sequence and acknowledgement numbers and payload lengths
# tshark decodes must be the trace's send events (`synack run ID --format json`), in order.
# Exit 77 (skipped) without tshark or jq.
set -euo pipefail
bin=$1
work=$2
for tool in tshark jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed: skipped (apt-get install $tool)"
    exit 77
  fi
done
mkdir -p "$work"

# Warnings that are the trace's own story, not a fault of the file: tshark's TCP analysis
# flagging what the scenarios show on purpose (RSTs, zero windows, a retransmission filling a
# SACKed hole, D-SACK). "Previous segment not captured" or "ACKed unseen segment" would mean
# a frame missing from the export: allowed only where an old duplicate SYN with another ISN
# shares the 4-tuple, so tshark's sequence tracking follows the wrong connection.
old_syn='^(Previous segment\(s\) not captured|ACKed segment that wasn.t captured) \(common at capture start\)$'
allowed='^(Connection reset \(RST\)|TCP Zero Window segment|TCP window specified by the receiver is now completely full|This frame is a \(suspected\) out-of-order segment|D-SACK Sequence)$'

check() {
  local id=$1 pcap=$work/$1.pcap
  "$bin" run "$id" --format pcap -o "$pcap"
  # The trace's send events as tshark shows TCP: fragments are put back together, so a
  # fragmented segment is one TCP frame, the one with its last fragment.
  "$bin" run "$id" --format json | jq -r '
    .events[] | select(.type == "send")
    | select(.fragment == null or .fragment.more == false)
    | [(.flags | split(",") | map({FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32}[.]) | add // 0),
       .seq_raw, .ack_raw, .len] | @tsv' >"$work/$id.want"
  tshark -n -r "$pcap" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
    -o tcp.relative_sequence_numbers:FALSE -T fields -E separator='~' -E occurrence=a \
    -E aggregator='|' -e frame.number -e tcp.flags -e tcp.seq -e tcp.ack_raw -e tcp.len \
    -e ip.checksum.status -e tcp.checksum.status -e _ws.malformed -e _ws.expert.severity \
    -e _ws.expert.message >"$work/$id.tshark"
  local bad=0
  # tshark prints tcp.flags in hex; the engine sends no ACK number without ACK (0 then).
  while IFS='~' read -r frame flags seq ack len ipsum tcpsum malformed severity message; do
    [ -n "$flags" ] && printf '%d\t%s\t%s\t%s\n' "$flags" "$seq" "$ack" "$len" >>"$work/$id.got"
    if [ -n "$malformed" ]; then
      echo "$id: frame $frame is malformed" >&2
      bad=1
    fi
    # Checksum status: 1 good (0 bad, 2 not verified).
    if [ "$ipsum" != 1 ] || { [ -n "$flags" ] && [ "$tcpsum" != 1 ]; }; then
      echo "$id: frame $frame: checksum status ip=$ipsum tcp=$tcpsum" >&2
      bad=1
    fi
    IFS='|' read -r -a severities <<<"$severity"
    IFS='|' read -r -a messages <<<"$message"
    for i in "${!severities[@]}"; do
      # Severity: chat 0x200000, note 0x400000, warning 0x600000, error 0x800000.
      ((severities[i] < 0x600000)) && continue
      [[ $id =~ ^(old-duplicate-syn|two-way-old-syn)$ && ${messages[i]} =~ $old_syn ]] && continue
      if ((severities[i] >= 0x800000)) || ! [[ ${messages[i]} =~ $allowed ]]; then
        echo "$id: frame $frame: ${messages[i]}" >&2
        bad=1
      fi
    done
  done <"$work/$id.tshark"
  touch "$work/$id.got"
  if ! diff -q "$work/$id.want" "$work/$id.got" >/dev/null; then
    echo "$id: tshark's TCP frames (flags seq ack len) differ from the trace's send events:" >&2
    diff "$work/$id.want" "$work/$id.got" | head -5 >&2
    bad=1
  fi
  [ "$bad" = 0 ] && echo "ok $id $(wc -l <"$work/$id.want") TCP frames"
  return "$bad"
}
export -f check
export bin work allowed old_syn

rm -f "$work"/*.got
ids=$("$bin" list --json | jq -r '.[].id')
count=$(echo "$ids" | wc -l)
if echo "$ids" | xargs -P 2 -I{} bash -c 'check "$@"' _ {} >"$work/results.txt"; then
  echo "$count of $count scenarios: tshark reads the export cleanly and matches the trace"
else
  echo "$(grep -c '^ok ' "$work/results.txt") of $count scenarios passed" >&2
  exit 1
fi
