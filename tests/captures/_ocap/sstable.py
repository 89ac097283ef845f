#!/usr/bin/env python3
"""Turn the raw `ss -tin` snapshot file (and optionally the TCP_INFO change log) into compact tables
on the pcap's time base (t_ms from the first captured packet, like relwall.py / pcapsum.py).

Usage: sstable.py capture.pcap ss.txt [tcpinfo.txt]
in_flight (packets) = unacked - sacked - lost + retrans  (the kernel's tcp_packets_in_flight());
una_bytes = bytes_sent - bytes_retrans - bytes_acked (= snd_nxt - snd_una, ignores SACKed data).
"""
import os, re, sys
sys.path.insert(0, os.environ.get('LCAP_COMMON', '/work/shared/fixtures/linux-captures/_common'))
from pcapsum import read_pcap

pk = read_pcap(sys.argv[1]); t0 = pk[0][0]


def num(d, k, default=0):
    v = d.get(k)
    return default if v is None else v


print('# ss -tin of the client socket.  t_ms = wall stamp taken right AFTER ss exited (the socket was read shortly before);')
print('# start = stamp taken before ss was started.  One ss process takes ~9 ms when idle and up to ~25 ms under load on this VM')
print('# (mostly exec time), so start can be far too early: use t_ms.  Two loops interleave.  Runs of snapshots without the socket are shown once.')
print('# %9s %-6s %5s %8s %7s %6s %4s %7s %9s %9s %8s %5s %s' % (
    't_ms', 'state', 'cwnd', 'ssthresh', 'unacked', 'sacked', 'lost', 'retrans', 'in_flight', 'una_bytes',
    'rtt_ms', 'rto', 'start_ms other'))
snap_t, lines = None, []
snap_end = None
prev_empty = False


def flush():
    if snap_t is None or snap_end is None:
        return
    body = ' '.join(lines)
    global prev_empty
    if not body.strip():
        if not prev_empty:
            print('  %9.1f (no client socket)' % ((snap_end - t0) * 1000))
        prev_empty = True; return
    prev_empty = False
    state = body.split()[0]
    d = {}
    for k in ('cwnd', 'ssthresh', 'unacked', 'sacked', 'lost', 'bytes_sent', 'bytes_acked', 'bytes_retrans', 'rto', 'backoff', 'reordering'):
        m = re.search(r'\b%s:(\d+)' % k, body)
        d[k] = int(m.group(1)) if m else None
    m = re.search(r'\bretrans:(\d+)/(\d+)', body); rc, rt = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    m = re.search(r'\brtt:([\d.]+)/([\d.]+)', body); rtt = m.group(1) if m else '-'
    infl = num(d, 'unacked') - num(d, 'sacked') - num(d, 'lost') + rc
    una = num(d, 'bytes_sent') - num(d, 'bytes_retrans') - num(d, 'bytes_acked')
    other = []
    if d['backoff']: other.append('backoff:%d' % d['backoff'])
    if rt: other.append('retrans_total:%d' % rt)
    for k in ('rwnd_limited', 'app_limited', 'sndbuf_limited'):
        m = re.search(r'\b(%s(?::[^ ]+)?)' % k, body)
        if m: other.append(m.group(1))
    print('  %9.1f %-6s %5s %8s %7s %6s %4s %7s %9d %9d %8s %5s start=%.1f %s' % (
        (snap_end - t0) * 1000, state[:6], d['cwnd'], d['ssthresh'] if d['ssthresh'] is not None else '-',
        num(d, 'unacked'), num(d, 'sacked'), num(d, 'lost'), rc, infl, una, rtt, d['rto'], (snap_t - t0) * 1000, ' '.join(other)))


for line in open(sys.argv[2]):
    m = re.match(r'=== ss -tin wall=([\d.]+)', line)
    if m:
        flush(); snap_t, lines = float(m.group(1)), []; snap_end = None
    elif line.startswith('--- end wall='):
        snap_end = float(re.search(r'wall=([\d.]+)', line).group(1))
    else:
        lines.append(line.strip())
flush()

if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
    print()
    print('## TCP_INFO changes (client socket, getsockopt polled ~1 ms; a row whenever ca/cwnd/ssthresh/unacked/sacked/lost/retrans change)')
    print('# %9s %-9s %5s %8s %7s %6s %4s %7s %6s %7s %8s %8s %s' % (
        't_ms', 'ca_state', 'cwnd', 'ssthresh', 'unacked', 'sacked', 'lost', 'retrans', 'tot_rx', 'backoff', 'rtt_ms', 'rto_ms', 'bytes_acked'))
    for line in open(sys.argv[3]):
        if not line.startswith('wall='):
            continue
        kv = dict(x.split('=', 1) for x in line.split())
        ss = int(kv['ssthresh']); ss = 'inf' if ss >= 2147483647 else ss
        print('  %9.1f %-9s %5s %8s %7s %6s %4s %7s %6s %7s %8.1f %8.0f %s' % (
            (float(kv['wall']) - t0) * 1000, kv['ca'], kv['cwnd'], ss, kv['unacked'], kv['sacked'], kv['lost'],
            kv['retrans'], kv['total_retrans'], kv['backoff'], int(kv['rtt_us']) / 1000, int(kv['rto_us']) / 1000,
            kv['bytes_acked']))
