#!/usr/bin/env python3
"""ss poll files -> table / merged raw snapshots.
Input files hold blocks  '=== ss ns=LABEL wall=EPOCH ===' followed by `ss -tinmo` (or -tano) output.
  sstable.py PCAP FILE...        one line per socket per sample: t (ms from the pcap's first packet), ns,
                                 state, Recv-Q, Send-Q, local->peer port, timer, then the picked tcp_info fields
  sstable.py --raw PCAP FILE...  all blocks merged by wall time (pipe through relwall.py for t=+X ms)"""
import re, sys, os
LCAP = os.environ.get('LCAP_COMMON', '/work/shared/fixtures/linux-captures/_common')
sys.path.insert(0, LCAP)
from pcapsum import read_pcap

PICK = ['rto', 'backoff', 'rtt', 'ato', 'mss', 'rcvmss', 'cwnd', 'snd_wnd', 'rcv_wnd', 'rcv_space',
        'rcv_ssthresh', 'unacked', 'retrans', 'lost', 'bytes_sent', 'bytes_acked', 'bytes_received',
        'notsent', 'rwnd_limited', 'dsack_dups', 'lastsnd', 'lastrcv', 'lastack']
HEAD = re.compile(r'^=== ss ns=(\S+) wall=([0-9.]+) ===$')


def blocks(paths):
    out = []
    for p in paths:
        cur = None
        for line in open(p):
            m = HEAD.match(line.rstrip('\n'))
            if m:
                cur = [float(m.group(2)), m.group(1), [line]]
                out.append(cur)
            elif cur is not None:
                cur[2].append(line)
    out.sort(key=lambda b: b[0])
    return out


def sockets(lines):
    """yield (state, recvq, sendq, local, peer, rest_text) for each socket in one ss block"""
    cur = None
    for line in lines[1:]:
        if line.startswith('State') or not line.strip():
            continue
        if not line[0].isspace():
            if cur:
                yield cur
            f = line.split()
            cur = [f[0], f[1], f[2], f[3], f[4], ' '.join(f[5:])]
        elif cur:
            cur[5] += ' ' + line.strip()
    if cur:
        yield cur


def main():
    args = sys.argv[1:]
    raw = args and args[0] == '--raw'
    if raw:
        args = args[1:]
    pcap, files = args[0], args[1:]
    bl = blocks(files)
    if raw:
        for _, _, lines in bl:
            sys.stdout.write(''.join(lines))
        return
    pk = read_pcap(pcap)
    t0 = pk[0][0] if pk else bl[0][0]
    for wall, ns, lines in bl:
        socks = list(sockets(lines))
        if not socks:
            print('%10.1f  %-6s (no socket)' % ((wall - t0) * 1000, ns))
        for st, rq, sq, loc, peer, rest in socks:
            timer = re.search(r'timer:\(([^)]*)\)', rest)
            kv = {}
            for k in PICK:
                m = re.search(r'(?<![\w])' + k + r':([^\s]+)', rest)
                if m:
                    kv[k] = m.group(1)
            sk = re.search(r'skmem:\(([^)]*)\)', rest)
            if 'rto' in kv and 'snd_wnd' not in kv:
                kv['snd_wnd'] = '0*'  # iproute2 6.1 prints snd_wnd only when it is nonzero
            fields = ' '.join('%s:%s' % (k, kv[k]) for k in PICK if k in kv)
            if sk:
                fields += ' skmem:(' + sk.group(1) + ')'
            print('%10.1f  %-6s %-11s rq=%-6s sq=%-6s %s->%s  %s  %s' % (
                (wall - t0) * 1000, ns, st, rq, sq, loc.rsplit(':', 1)[-1], peer.rsplit(':', 1)[-1],
                ('timer:(' + timer.group(1) + ')') if timer else '-', fields))


if __name__ == '__main__':
    main()
