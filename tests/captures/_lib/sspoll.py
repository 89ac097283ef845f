#!/usr/bin/env python3
"""Poll `ss ARGS...` every PERIOD seconds (on a fixed grid, so slow ss calls do not stretch the period)
until FILE.stop exists. Run it inside a namespace (ip netns exec NS ...). Each sample is written as
  === ss ns=LABEL wall=EPOCH ===      (EPOCH = wall clock just before ss runs)
followed by the ss output.   Usage: sspoll.py FILE LABEL PERIOD SS_ARGS..."""
import os, subprocess, sys, time
path, label, period, args = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
nxt = time.time()
with open(path, 'a') as f:
    while not os.path.exists(path + '.stop'):
        t = time.time()
        out = subprocess.run(['ss'] + args, capture_output=True, text=True).stdout
        f.write('=== ss ns=%s wall=%.9f ===\n%s' % (label, t, out))
        f.flush()
        nxt += period
        now = time.time()
        while nxt < now:  # late: skip missed grid points
            nxt += period
        time.sleep(nxt - now)
