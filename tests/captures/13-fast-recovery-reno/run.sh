#!/bin/bash
# 13-fast-recovery-reno: as 12-slow-start-reno (300000 B, one sendall(), SHUT_WR, client TCP_CONGESTION=reno, RTT ~40 ms
# from the user-space delay line), but the delay line drops exactly ONE client data frame: the 40th
# client data segment (payload > 0), original transmission only.  The capture is on the client TAP,
# before the delay line, so the dropped frame is in the pcap; the drop is logged as a delayline event.
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
NAME=13-fast-recovery-reno
DESC="300000 B bulk client->server, client cc reno, RTT ~40 ms (delay line), the 40th client data segment dropped once"
: "${NSC:=ocap13r-c}"; : "${NSS:=ocap13r-s}"
CC=reno; BYTES=300000; DROP_ARGS="--drop-nth 40:1"; SS_MAX_S=8
source ../_ocap/ocap.sh
run_bulk_scenario
