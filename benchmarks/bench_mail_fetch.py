"""Benchmark: `dianping mail fetch` of a mailbox of N messages from a real Dovecot on 127.0.0.1.

    python benchmarks/bench_mail_fetch.py            # 2,000 messages (needs dovecot-imapd, openssl)

Each message carries one of the cached benchmark workbooks (python benchmarks/bench_merge.py
makes them) with a Chinese name in one of the encodings real clients use. Prints the time to
deliver (IMAP APPEND), to fetch (a new process, as a clerk runs it), messages per second and
the fetch's peak memory, then a second fetch (nothing new: only the UID search).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mailcorpus import NAME_STYLES, Attachment, message  # noqa: E402
from tests.mailservers import DOVECOT, _start_dovecot, _wait_for  # noqa: E402

CHINA = dt.timezone(dt.timedelta(hours=8))


def fetch(server, inbox: Path) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "dianping_xlsx", "mail", "fetch", "--inbox", str(inbox), "--host", server.host,
           "--port", str(server.ssl_port), "--user", server.user, "--cafile", server.cafile, "--period", "2011-H1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, DIANPING_MAIL_PASSWORD=server.password))
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"fetch failed: {proc.stdout}\n{proc.stderr}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return took, peak, proc.stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()
    if DOVECOT is None:
        sys.exit("Dovecot is not installed: apt-get install dovecot-imapd")
    files = sorted((ROOT / "benchmarks" / ".cache" / "inbox-plain-1000").glob("*.xlsx"))
    if not files:
        sys.exit("run python benchmarks/bench_merge.py first (it makes the workbooks)")
    tmp = Path(tempfile.mkdtemp(prefix="dianping-dovecot-"))
    try:
        server = _start_dovecot(tmp)
        _wait_for(server.ssl_port)
        batch = []
        for n in range(args.n):
            when = dt.datetime(2011, 6, 1 + n % 29, 8 + n % 10, n % 60, tzinfo=CHINA)
            data = files[n % len(files)].read_bytes()  # past the cached files: resent, saved once
            batch.append((message(f"单位{n:05d}", f"u{n:05d}@qq.com", "报表", when,
                                  [Attachment("统计表.xlsx", data, NAME_STYLES[n % 7])]), when))
        started = time.perf_counter()
        for i in range(0, len(batch), 500):
            server.deliver(batch[i:i + 500])
        delivered = time.perf_counter() - started
        inbox = tmp / "inbox"
        took, peak, line = fetch(server, inbox)
        again, peak2, line2 = fetch(server, inbox)
        print(f"messages: {args.n}  (delivered in {delivered:.1f} s)")
        print(f"fetch:    {took:.1f} s, {args.n / took:.0f} messages/s, peak {peak:.0f} MB")
        print(f"          {line}")
        print(f"again:    {again:.1f} s (nothing new), peak {peak2:.0f} MB")
    finally:
        subprocess.run([DOVECOT, "-c", str(tmp / "dovecot.conf"), "stop"], capture_output=False,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
