#!/usr/bin/env python3
"""15-nagle-stall endpoints (standard library only).
client: connect; [TCP_NODELAY if --nodelay]; --rounds rounds of: send(100 B), send(100 B), recv until 100 B
        (write-write-read); then close().
server: accept; loop: recv until it holds 200 B of the current round, then send(100 B); on EOF close()."""
import argparse, os, socket, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '_lib'))
from evbuf import EvBuf

ap = argparse.ArgumentParser()
ap.add_argument('role', choices=['server', 'client'])
ap.add_argument('--events', required=True)
ap.add_argument('--rounds', type=int, default=10)
ap.add_argument('--nodelay', action='store_true')
a = ap.parse_args()
L = EvBuf(a.events, a.role)

if a.role == 'server':
    ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', 5000)); ls.listen(8); ls.settimeout(15)
    L('listen'); L.flush()
    c, peer = ls.accept(); L('accept_returned', peer='%s:%d' % peer)
    c.settimeout(15)
    rnd = 0
    while True:
        got = 0
        while got < 200:
            d = c.recv(200 - got)
            if not d:
                break
            got += len(d)
            L('recv_returned', round=rnd + 1, n=len(d), have=got)
        if got < 200:
            L('recv_returned', n=0, note='EOF', partial=got)
            break
        rnd += 1
        c.sendall(b'S' * 100); L('send_returned', round=rnd, n=100)
    c.close(); L('close', rounds=rnd)
    ls.close()
else:
    s = socket.socket(); s.settimeout(15)
    if a.nodelay:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    L('connect_call', nodelay=int(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
    s.connect(('10.200.0.2', 5000)); L('connect_returned', local='%s:%d' % s.getsockname())
    for r in range(1, a.rounds + 1):
        L('round_begin', round=r)
        n = s.send(b'a' * 100); L('send_returned', round=r, write=1, n=n)
        n = s.send(b'b' * 100); L('send_returned', round=r, write=2, n=n)
        got = 0
        while got < 100:
            d = s.recv(100 - got)
            if not d:
                break
            got += len(d)
        L('recv_returned', round=r, n=got)
    s.close(); L('close')
