#!/usr/bin/env python3
"""14-zero-window endpoints (standard library only).
server: SO_RCVBUF=--rcvbuf on the listening socket BEFORE listen() (getsockopt result logged), accept,
        do not read for --stall seconds, then recv(1000) in a tight loop until EOF, then close().
client: connect, sendall(--bytes) (return time logged), shutdown(SHUT_WR), recv until EOF, close()."""
import argparse, os, socket, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '_lib'))
from evbuf import EvBuf, errname

ap = argparse.ArgumentParser()
ap.add_argument('role', choices=['server', 'client'])
ap.add_argument('--events', required=True)
ap.add_argument('--rcvbuf', type=int, default=4096)
ap.add_argument('--stall', type=float, default=3.0)
ap.add_argument('--bytes', type=int, default=60000)
ap.add_argument('--chunk', type=int, default=1000)
a = ap.parse_args()
L = EvBuf(a.events, a.role)

if a.role == 'server':
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    before = ls.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    L('setsockopt_SO_RCVBUF', requested=a.rcvbuf, getsockopt_before=before,
      getsockopt_after=ls.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
    ls.bind(('0.0.0.0', 5000)); ls.listen(8); ls.settimeout(15)
    L('listen'); L.flush()
    c, peer = ls.accept()
    L('accept_returned', peer='%s:%d' % peer,
      so_rcvbuf=c.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
      so_sndbuf=c.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))
    L('stall_begin', seconds=a.stall); L.flush()
    time.sleep(a.stall)
    L('stall_end', note='first recv() call follows')
    c.settimeout(30)
    total = n_calls = 0
    while True:
        d = c.recv(a.chunk)
        n_calls += 1
        if not d:
            L('recv_returned', n=0, total=total, calls=n_calls, note='EOF')
            break
        total += len(d)
        L('recv_returned', n=len(d), total=total)
    c.close(); L('close', total=total)
    ls.close()
else:
    s = socket.socket(); s.settimeout(60)
    L('connect_call'); s.connect(('10.200.0.2', 5000))
    L('connect_returned', local='%s:%d' % s.getsockname(),
      so_sndbuf=s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF),
      so_rcvbuf=s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
    L.flush()
    L('sendall_call', n=a.bytes)
    s.sendall(b'D' * a.bytes)
    L('sendall_returned', n=a.bytes, so_sndbuf=s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))
    s.shutdown(socket.SHUT_WR); L('shutdown_wr')
    d = s.recv(100); L('recv_returned', n=len(d), note='0 = EOF, peer sent FIN')
    s.close(); L('close')
