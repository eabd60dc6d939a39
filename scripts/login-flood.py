#!/usr/bin/env python3
"""A flood of wrong sign-ins against a running server, with the server's memory (RSS)
sampled before, during and after.

    scripts/login-flood.py --url http://127.0.0.1:8080 --pid PID [--clients 200] [--seconds 10] [--spread]

Without --spread every request comes from 127.0.0.1 for `admin` (the per-address and
per-account throttles answer most of them 429). With --spread each client sends from its
own loopback addresses (127.0.x.y, Linux routes all of 127/8 to lo) and changes username
every two tries and address every 15, so the throttles never trigger and every request
reaches the password hashing: what is measured is then the bounded hashing pool (503 when
its queue is full).
"""
import argparse, collections, http.client, json, threading, time


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--spread", action="store_true")
    a = p.parse_args()
    host, port = a.url.split("//")[1].split(":")
    port = int(port)

    statuses = collections.Counter()
    latencies = []
    lock = threading.Lock()
    stop = time.time() + a.seconds

    def client(n):
        tries = 0
        while time.time() < stop:
            if a.spread:
                addr = 1 + n * 1000 + tries // 15
                source = (f"127.{(addr >> 16) & 255}.{(addr >> 8) & 255}.{addr & 255 or 1}", 0)
                user = f"flood-{n}-{tries // 2}"
            else:
                source, user = None, "admin"
            body = json.dumps({"username": user, "password": "wrong password"})
            started = time.time()
            try:
                c = http.client.HTTPConnection(host, port, timeout=30, source_address=source)
                c.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
                status = c.getresponse().status
                c.close()
            except Exception as e:  # a reset connection counts as such
                status = type(e).__name__
            with lock:
                statuses[status] += 1
                latencies.append(time.time() - started)
            tries += 1

    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(rss_mb(a.pid))
            time.sleep(0.25)

    before = rss_mb(a.pid)
    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    sampler.join()
    end = rss_mb(a.pid)
    time.sleep(5)
    after5 = rss_mb(a.pid)
    time.sleep(10)
    after15 = rss_mb(a.pid)
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
    print(f"clients {a.clients}, {a.seconds:.0f} s, spread={a.spread}: {len(latencies)} requests {dict(statuses)}")
    print(f"latency ms: median {pct(0.5):.0f}, p95 {pct(0.95):.0f}, max {pct(1.0):.0f}")
    print(f"RSS MB: before {before:.0f}, peak during {max(samples or [0]):.0f}, at the end {end:.0f}, "
          f"+5 s {after5:.0f}, +15 s {after15:.0f}")


if __name__ == "__main__":
    main()
