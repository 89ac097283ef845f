"""Buffered socket-call logger for the endpoint scripts: same JSON lines as the shared evlog.py
({"t": wall_epoch, "who": ..., "ev": ..., ...}), but kept in memory and written at flush()/exit so that
logging does not slow down tight recv() loops. Times are taken just after the call returns."""
import atexit, json, sys, time, errno as _errno


class EvBuf:
    def __init__(self, path, who):
        self.path, self.who, self.buf = path, who, []
        atexit.register(self.flush)

    def __call__(self, ev, **kw):
        rec = {'t': time.time(), 'who': self.who, 'ev': ev}
        rec.update(kw)
        self.buf.append(rec)
        return rec['t']

    def flush(self):
        if not self.buf:
            return
        with open(self.path, 'a') as f:
            for rec in self.buf:
                f.write(json.dumps(rec) + '\n')
        for rec in self.buf:
            kw = {k: v for k, v in rec.items() if k not in ('t', 'who', 'ev')}
            print('%.6f %s %s %s' % (rec['t'], self.who, rec['ev'], kw if kw else ''), file=sys.stderr)
        self.buf = []


def errname(e):
    n = getattr(e, 'errno', None)
    return type(e).__name__ if n is None else _errno.errorcode.get(n, str(n))
