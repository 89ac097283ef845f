#!/usr/bin/env python3
"""User-space delay line between two TAP devices (standard library only).

The kernel here has no netem, so the RTT comes from this process: every Ethernet frame read from one
TAP device is written to the other one DELAY ms later (FIFO, no rate limit, no reordering).
Optional deterministic drops of client->server TCP data frames (payload > 0):

  --drop-nth N:K      the N-th client data segment (counted by first transmission, in wire order):
                      drop its first K transmissions (K=1: the original only; K=2: original + first
                      retransmission of that sequence number).
  --drop-from REL     drop the first transmission of every client data segment whose relative seq >= REL.
  --drop-seq REL:K    drop the first K transmissions of a client data segment starting at relative seq REL.

The capture is taken by tcpdump on the client TAP inside the client namespace, i.e. before this
process, so every dropped frame is still in the pcap.  Every drop is logged as a JSON event line
({"t": wall, "who": "delayline", "ev": "drop", ...}) so pcapsum.py can merge it into the summary.

The TAP devices must already exist (ip -n NS tuntap add dev X mode tap); this process enters each
namespace with setns(2) (via ctypes) just to open /dev/net/tun and attach to the device.
"""
import argparse, ctypes, fcntl, heapq, json, os, select, signal, struct, sys, time

TUNSETIFF = 0x400454ca
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def open_tap(ns, name):
    nsfd = os.open('/var/run/netns/' + ns, os.O_RDONLY)
    if libc.setns(nsfd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno(); raise OSError(e, 'setns %s: %s' % (ns, os.strerror(e)))
    os.close(nsfd)
    fd = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def tcp_info(frame):
    """(src_ip, dst_ip, seq, flags, payload_len) for an IPv4/TCP Ethernet frame, else None."""
    if len(frame) < 54 or frame[12:14] != b'\x08\x00':
        return None
    ip = frame[14:]
    if ip[0] >> 4 != 4 or ip[9] != 6:
        return None
    ihl = (ip[0] & 15) * 4
    tot = struct.unpack('!H', ip[2:4])[0]
    t = ip[ihl:]
    seq = struct.unpack('!I', t[4:8])[0]
    doff = (t[12] >> 4) * 4
    return bytes(ip[12:16]), bytes(ip[16:20]), seq, t[13], tot - ihl - doff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ns-a', required=True); ap.add_argument('--tap-a', required=True)   # client side
    ap.add_argument('--ns-b', required=True); ap.add_argument('--tap-b', required=True)   # server side
    ap.add_argument('--client-ip', default='10.200.0.1')
    ap.add_argument('--delay-ms', type=float, default=20.0)
    ap.add_argument('--drop-nth', action='append', default=[])
    ap.add_argument('--drop-from', type=int, default=None)
    ap.add_argument('--drop-seq', action='append', default=[])
    ap.add_argument('--events', required=True)
    ap.add_argument('--ready', required=True, help='file created once both TAPs are attached')
    a = ap.parse_args()
    cip = bytes(int(x) for x in a.client_ip.split('.'))
    nth = {}
    for s in a.drop_nth:
        n, k = s.split(':'); nth[int(n)] = int(k)
    byseq = {}
    for s in a.drop_seq:
        r, k = s.split(':'); byseq[int(r)] = int(k)

    fa = open_tap(a.ns_a, a.tap_a)
    fb = open_tap(a.ns_b, a.tap_b)
    evf = open(a.events, 'a', buffering=1)

    def ev(name, **kw):
        rec = {'t': time.time(), 'who': 'delayline', 'ev': name}; rec.update(kw)
        evf.write(json.dumps(rec) + '\n')

    ev('start', delay_ms=a.delay_ms, drop_nth=a.drop_nth, drop_from=a.drop_from, drop_seq=a.drop_seq)
    open(a.ready, 'w').close()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    delay = a.delay_ms / 1000.0
    other = {fa: fb, fb: fa}
    q = []          # heap of (due, counter, out_fd, frame)
    cnt = 0
    isn = None      # client ISN (raw)
    snd_max = None  # highest end seq seen from the client (relative)
    nseg = 0        # distinct client data segments seen (first transmissions)
    tx_count = {}   # rel seq -> transmissions seen so far
    drop_left = {}  # rel seq -> transmissions of this seq still to drop
    stats = {'a2b': 0, 'b2a': 0, 'dropped': 0}
    while not stop:
        now = time.monotonic()
        while q and q[0][0] <= now:
            _, _, ofd, fr = heapq.heappop(q)
            try:
                os.write(ofd, fr)
            except OSError as e:
                ev('write_error', err=str(e))
        timeout = max(0.0, q[0][0] - time.monotonic()) if q else 0.5
        try:
            r, _, _ = select.select([fa, fb], [], [], timeout)
        except InterruptedError:
            continue
        for fd in r:
            while True:
                try:
                    fr = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break
                t_in = time.monotonic()
                drop = False
                if fd == fa:
                    stats['a2b'] += 1
                    ti = tcp_info(fr)
                    if ti and ti[0] == cip:
                        src, dst, seq, fl, plen = ti
                        if fl & 0x02:
                            isn = seq
                        if isn is not None and plen > 0:
                            rel = (seq - isn) & 0xffffffff
                            first = snd_max is None or rel >= snd_max
                            if first:
                                nseg += 1
                                snd_max = rel + plen
                                if nseg in nth:
                                    drop_left[rel] = nth[nseg]
                                if rel in byseq:
                                    drop_left[rel] = byseq[rel]
                                if a.drop_from is not None and rel >= a.drop_from and rel not in drop_left:
                                    drop_left[rel] = 1
                            tx_count[rel] = tx_count.get(rel, 0) + 1
                            if drop_left.get(rel, 0) > 0:
                                drop_left[rel] -= 1
                                drop = True
                                stats['dropped'] += 1
                                ev('drop', rel_seq=rel, len=plen, transmission=tx_count[rel],
                                   data_segment_no=(nseg if first else None),
                                   kind=('original' if first else 'retransmission'))
                else:
                    stats['b2a'] += 1
                if not drop:
                    cnt += 1
                    heapq.heappush(q, (t_in + delay, cnt, other[fd], fr))
    ev('stop', **stats, client_data_segments_first_tx=nseg)


if __name__ == '__main__':
    main()
