#!/usr/bin/env python3
"""Bulk-transfer endpoints for the 12-/13- captures (standard library only).

server: accept one connection, recv(1 MiB) in a loop as fast as possible until EOF, close.
client: set TCP_CONGESTION (per socket), connect, ONE sendall() of --bytes, shutdown(SHUT_WR),
        wait for EOF, close.  A background thread polls getsockopt(TCP_INFO) on the client socket
        every --poll-ms and writes a line whenever cwnd/ssthresh/unacked/sacked/lost/retrans/ca_state
        change (tcpinfo file, wall-clock stamps), to complement the ss -tin snapshots.
"""
import argparse, os, socket, struct, sys, threading, time
sys.path.insert(0, os.environ.get('LCAP_COMMON', '/work/shared/fixtures/linux-captures/_common'))
from evlog import EvLog

CA = {0: 'Open', 1: 'Disorder', 2: 'CWR', 3: 'Recovery', 4: 'Loss'}


def tcpinfo(s):
    b = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    state, ca_state, retransmits, probes, backoff = struct.unpack_from('BBBBB', b, 0)
    (rto, ato, snd_mss, rcv_mss, unacked, sacked, lost, retrans, fackets, l_ds, l_as, l_dr, l_ar,
     pmtu, rcv_ssthresh, rtt, rttvar, ssthresh, cwnd, advmss, reordering, rcv_rtt, rcv_space,
     total_retrans) = struct.unpack_from('24I', b, 8)
    bytes_acked = struct.unpack_from('Q', b, 120)[0]
    data_segs_out = struct.unpack_from('I', b, 156)[0]
    rwnd_limited = struct.unpack_from('Q', b, 176)[0]
    delivered = struct.unpack_from('I', b, 192)[0]
    snd_wnd = struct.unpack_from('I', b, 228)[0] if len(b) >= 232 else -1
    return dict(ca=CA.get(ca_state, ca_state), cwnd=cwnd, ssthresh=ssthresh, unacked=unacked,
                sacked=sacked, lost=lost, retrans=retrans, total_retrans=total_retrans,
                retransmits=retransmits, backoff=backoff, rto_us=rto, rtt_us=rtt, rttvar_us=rttvar,
                bytes_acked=bytes_acked, data_segs_out=data_segs_out, delivered=delivered,
                rwnd_limited_us=rwnd_limited, snd_wnd=snd_wnd)


def poller(s, path, period, stop):
    keys = ('ca', 'cwnd', 'ssthresh', 'unacked', 'sacked', 'lost', 'retrans', 'retransmits')
    rows, last = [], None
    while not stop.is_set():
        try:
            ti = tcpinfo(s)
        except OSError:
            break
        k = tuple(ti[x] for x in keys)
        if k != last:
            rows.append((time.time(), ti)); last = k
        time.sleep(period)
    try:
        rows.append((time.time(), tcpinfo(s)))
    except OSError:
        pass
    with open(path, 'w') as f:
        f.write('# getsockopt(TCP_INFO) on the client socket, polled every %.1f ms; a line is written when '
                'ca/cwnd/ssthresh/unacked/sacked/lost/retrans/retransmits change (plus a last line). '
                'wall=EPOCH stamps; ssthresh 2147483647 = infinite (initial)\n' % (period * 1000))
        for t, ti in rows:
            f.write('wall=%.6f ' % t + ' '.join('%s=%s' % (k, v) for k, v in ti.items()) + '\n')


ap = argparse.ArgumentParser()
ap.add_argument('role'); ap.add_argument('--events', required=True)
ap.add_argument('--cc', default=None); ap.add_argument('--bytes', type=int, default=300000)
ap.add_argument('--tcpinfo', default=None); ap.add_argument('--poll-ms', type=float, default=1.0)
a = ap.parse_args()
L = EvLog(a.events, a.role)
if a.role == 'server':
    ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', 5000)); ls.listen(8); ls.settimeout(20)
    L('listen')
    c, peer = ls.accept(); L('accept_returned', peer='%s:%d' % peer)
    c.settimeout(30)
    total = calls = 0
    while True:
        d = c.recv(1 << 20); calls += 1
        if not d:
            break
        total += len(d)
    L('recv_eof', total_bytes=total, recv_calls=calls)
    c.close(); L('close')
    ls.close()
else:
    s = socket.socket(); s.settimeout(30)
    if a.cc:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, a.cc.encode())
    cc = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).split(b'\0')[0].decode()
    L('connect_call', congestion_control=cc)
    s.connect(('10.200.0.2', 5000)); L('connect_returned', local='%s:%d' % s.getsockname())
    stop = threading.Event(); th = None
    if a.tcpinfo:
        th = threading.Thread(target=poller, args=(s, a.tcpinfo, a.poll_ms / 1000.0, stop)); th.start()
    s.sendall(b'D' * a.bytes); L('sendall_returned', n=a.bytes)
    s.shutdown(socket.SHUT_WR); L('shutdown_wr')
    d = s.recv(100); L('recv_returned', n=len(d), note='0 = EOF, peer sent FIN')
    stop.set()
    if th:
        th.join()
    s.close(); L('close')
