#!/usr/bin/env python3
"""16-orphan-giveup endpoints (standard library only).
client: connect, send(100 B), then wait until the orchestrator creates --go FILE (polled every 0.5 ms) and
        call close() at once; the process then exits, so the FIN-WAIT-1 socket is an orphan.
server: accept, recv until 100 B, then keep the socket open (no read, no close) until --release FILE
        exists (created after the capture stopped) or 30 s, then close()."""
import argparse, os, socket, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '_lib'))
from evbuf import EvBuf

ap = argparse.ArgumentParser()
ap.add_argument('role', choices=['server', 'client'])
ap.add_argument('--events', required=True)
ap.add_argument('--go'); ap.add_argument('--release')
a = ap.parse_args()
L = EvBuf(a.events, a.role)

def wait_file(path, limit, step):
    end = time.time() + limit
    while not os.path.exists(path) and time.time() < end:
        time.sleep(step)
    return os.path.exists(path)

if a.role == 'server':
    ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', 5000)); ls.listen(8); ls.settimeout(15)
    L('listen'); L.flush()
    c, peer = ls.accept(); L('accept_returned', peer='%s:%d' % peer)
    c.settimeout(15)
    got = 0
    while got < 100:
        d = c.recv(100 - got)
        if not d:
            break
        got += len(d)
    L('recv_returned', n=got); L.flush()
    ok = wait_file(a.release, 30, 0.05)
    L('hold_end', released_by_file=ok)
    c.close(); L('close')
    ls.close()
else:
    s = socket.socket(); s.settimeout(15)
    L('connect_call'); s.connect(('10.200.0.2', 5000)); L('connect_returned', local='%s:%d' % s.getsockname())
    s.sendall(b'C' * 100); L('send_returned', n=100); L.flush()
    ok = wait_file(a.go, 10, 0.0005)
    s.close(); L('close', go_file_seen=ok)
