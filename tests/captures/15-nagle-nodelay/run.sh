#!/bin/bash
# 15-nagle-nodelay: same as 15-nagle-stall (../15-nagle-stall/run.sh and app.py) with TCP_NODELAY set on
# the client socket (before connect()).
HERE=$(cd "$(dirname "$0")" && pwd)
NODELAY=1 NAME=15-nagle-nodelay OUT="$HERE" NSC=ocapz15n-c NSS=ocapz15n-s exec "$HERE/../15-nagle-stall/run.sh" "$@"
