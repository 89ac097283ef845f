#!/bin/bash
# 12-slow-start-cubic: client connects, sends 300000 B with ONE sendall(), shutdown(SHUT_WR), waits for EOF,
# closes.  Server reads with recv(1 MiB) until EOF, closes.  Client socket: TCP_CONGESTION=cubic.
# RTT ~40 ms from a user-space delay line (20 ms each way), no drops.  ss -tin snapshots of the client
# socket in a tight loop; TCP_INFO polled every ~1 ms inside the client.  See ../_ocap/ocap.sh.
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
NAME=12-slow-start-cubic
DESC="300000 B bulk client->server, client cc cubic, RTT ~40 ms (delay line), no loss"
: "${NSC:=ocap12c-c}"; : "${NSS:=ocap12c-s}"
CC=cubic; BYTES=300000; DROP_ARGS=""; SS_MAX_S=8
source ../_ocap/ocap.sh
run_bulk_scenario
