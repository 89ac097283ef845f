#!/bin/bash
# 14-zero-window-long: same as 14-zero-window (../14-zero-window/run.sh and app.py), but the server does
# not read for 20 s, to see the zero-window probe backoff grow. The raw ss snapshots (~200 per namespace)
# go to ss-raw.txt; summary.txt keeps the one-line-per-sample ss table.
HERE=$(cd "$(dirname "$0")" && pwd)
STALL=20 NAME=14-zero-window-long OUT="$HERE" SS_RAW_IN_SUMMARY=0 NSC=ocapz14l-c NSS=ocapz14l-s \
  exec "$HERE/../14-zero-window/run.sh" "$@"
