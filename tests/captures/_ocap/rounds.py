#!/usr/bin/env python3
"""Packet-timed round trips of the client->server bulk flow, from the pcap (client-side capture).

Round 1 starts with the first client data segment.  Round r+1 starts when the first server ACK arrives
that newly acknowledges (cumulatively or by a SACK block) a data segment whose latest transmission was
sent in round r or later, i.e. the first ACK for data sent in round r (the BBR-style "packet-timed
round"; this also works for retransmissions).  first_seq = snd_nxt when the round started.
A client data segment is a retransmission if its seq is below the highest seq already sent.
Usage: rounds.py capture.pcap
"""
import os, re, sys
sys.path.insert(0, os.environ.get('LCAP_COMMON', '/work/shared/fixtures/linux-captures/_common'))
from pcapsum import analyze

pkts, streams, t0 = analyze(sys.argv[1], {})
CIP = '10.200.0.1'
rounds = []   # dicts
snd_max = None
cur = None
retx = []
last_ack = None
dup = 0
first_tx_time = {}
last_tx = {}      # rel seq -> (end, time of latest transmission)
acked = set()     # seg starts already acknowledged (cum or SACK)
for d in pkts:
    if d['src'] == CIP and d['plen'] > 0:
        s, e = d['rseq'], d['rseq'] + d['plen']
        if cur is None:
            cur = dict(n=1, t=d['t_ms'], start_seq=s, new=0, rtx=0, acks=0, t_last=d['t_ms'])
            rounds.append(cur)
        if snd_max is not None and s < snd_max:
            cur['rtx'] += 1
            retx.append((d['t_ms'], s, d['plen'], d['t_ms'] - first_tx_time.get(s, float('nan')), dup, cur['n']))
        else:
            cur['new'] += 1; first_tx_time[s] = d['t_ms']
        last_tx[s] = (e, d['t_ms'])
        acked.discard(s)
        snd_max = e if snd_max is None else max(snd_max, e)
        cur['t_last'] = d['t_ms']
    elif d['src'] != CIP and d['flags'] & 0x10 and cur is not None:
        ack = d['rack']
        base = (d['ack'] - ack) & 0xffffffff
        sack = []
        for o in d['opts']:
            if o.startswith('sack '):
                for m in re.finditer(r'(\d+)-(\d+)\(raw\)', o):
                    sack.append(((int(m.group(1)) - base) & 0xffffffff, (int(m.group(2)) - base) & 0xffffffff))
        if last_ack is not None and ack == last_ack and d['plen'] == 0 and not d['flags'] & 0x01:
            dup += 1
        elif last_ack is None or ack > last_ack:
            dup = 0
        last_ack = ack if last_ack is None else max(last_ack, ack)
        newest = None
        for st, (en, tt) in last_tx.items():
            if st in acked:
                continue
            if en <= ack or any(a <= st and en <= b for a, b in sack):
                acked.add(st)
                newest = tt if newest is None else max(newest, tt)
        if newest is not None and newest >= cur['t']:
            cur = dict(n=cur['n'] + 1, t=d['t_ms'], start_seq=snd_max, new=0, rtx=0, acks=0, t_last=None)
            rounds.append(cur)
        cur['acks'] += 1

print('# round  t_start_ms  t_last_data_ms  first_seq  new_data_segs  retransmitted_segs  server_acks_in_round')
for r in rounds:
    if r['new'] == 0 and r['rtx'] == 0 and r['t_last'] is None:
        tl = '-'
    else:
        tl = '%.1f' % r['t_last'] if r['t_last'] is not None else '-'
    print('  %5d  %10.1f  %14s  %9d  %13d  %18d  %d' % (r['n'], r['t'], tl, r['start_seq'], r['new'], r['rtx'], r['acks']))
print('# retransmissions: t_ms  rel_seq  len  ms_after_original  dupacks_seen_before  round')
for t, s, l, since, dp, rn in retx:
    print('  %9.1f  %7d  %5d  %8.1f  %3d  %d' % (t, s, l, since, dp, rn))
if not retx:
    print('  (none)')
