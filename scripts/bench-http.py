#!/usr/bin/env python3
"""Intake and dispatch over real sockets with an external load generator (wrk), for one or
more `switchboard` binaries side by side in one sitting, on SQLite and PostgreSQL, so that
their figures compare as ratios on a shared, noisy machine.

    scripts/bench-http.py [--seconds 10] [--connections 16] BINARY [BINARY ...]

Each binary is started on a fresh database (a temp SQLite file, then a new PostgreSQL
database on 127.0.0.1:5432 unless --no-postgres), an agent and a department are made, then:
  intake    wrk POSTs /api/v1/tickets for --seconds at --connections;
  dispatch  the tickets intake made are dispatched, each once, by wrk over --connections
            for a quarter of that time (so that they do not run out).
Only 2xx answers count. wrk must be installed (apt-get install wrk). Nothing leaves the
machine: every request goes to 127.0.0.1.
"""
import argparse, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, time, uuid

INTAKE_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_TOKEN")
local n = 0
request = function()
  n = n + 1
  local phone = string.format("139%04d%04d", math.random(0, 9999), n % 10000)
  local body = '{"channel":"phone","kind":"complaint","subject":"Water leaking from the ceiling",' ..
    '"description":"Since this morning, bathroom ceiling","customer":{"name":"Wang Fang","phone":"' .. phone .. '"}}'
  return wrk.format(nil, "/api/v1/tickets", nil, body)
end
"""

DISPATCH_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SB_TOKEN")
local ids = {}
for line in io.lines(os.getenv("SB_IDS")) do ids[#ids + 1] = line end
local threads = tonumber(os.getenv("SB_THREADS"))
local counter = 0
setup = function(thread)
  thread:set("first", counter)
  counter = counter + 1
end
local i = nil
local body = '{"department_id":"' .. os.getenv("SB_DEPT") .. '","urgency":"P2"}'
request = function()
  if i == nil then i = first + 1 end
  local id = ids[i]
  i = i + threads
  if id == nil then id = ids[1] end -- out of tickets: a 409, not counted
  return wrk.format(nil, "/api/v1/tickets/" .. id .. "/dispatch", nil, body)
end
"""

ADMIN_PASSWORD = "bench-admin-password-7"
PASSWORD = "violet-lamp-harbour-42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, token=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status >= 300:
        raise RuntimeError(f"{method} {path}: {resp.status} {data[:300]!r}")
    return json.loads(data) if data else None


def wrk(port, lua, seconds, connections, env):
    threads = min(2, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
        script = f.name
    env = {**os.environ, **env, "SB_THREADS": str(threads)}
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    os.unlink(script)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    good = total - (int(bad.group(1)) if bad else 0)
    elapsed = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    def ms(label):
        m = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return {"per_sec": good / elapsed, "ok": good, "p50_ms": ms("50%"), "p99_ms": ms("99%")}


def run_one(binary, database_url, seconds, connections):
    data = tempfile.mkdtemp(prefix="sb-bench-")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite://{data}/bench.db",
        "SWITCHBOARD_BIND": f"127.0.0.1:{port}",
        "SWITCHBOARD_DATA_DIR": data,
        "SWITCHBOARD_WEB_DIR": data,
        "SWITCHBOARD_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "SWITCHBOARD_JWT_SECRET": "bench-secret-bench-secret-bench-secret-0123",
        "RUST_LOG": "warn",
    }
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                call(port, "GET", "/healthz")
                break
            except Exception:
                time.sleep(0.1)
        admin = call(port, "POST", "/api/v1/auth/login", body={"username": "admin", "password": ADMIN_PASSWORD})["access_token"]
        dept = call(port, "POST", "/api/v1/departments", admin, {"name": "Repairs"})["id"]
        name = f"agent-{uuid.uuid4().hex[:8]}"
        call(port, "POST", "/api/v1/users", admin,
             {"username": name, "display_name": name, "role": "agent", "password": PASSWORD, "department_id": None})
        agent = call(port, "POST", "/api/v1/auth/login", body={"username": name, "password": PASSWORD})["access_token"]
        intake = wrk(port, INTAKE_LUA, seconds, connections, {"SB_TOKEN": agent})
        ids, cursor = [], None
        while True:
            page = call(port, "GET", "/api/v1/tickets?status=new&limit=200" + (f"&cursor={cursor}" if cursor else ""), agent)
            ids += [t["id"] for t in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
            f.write("\n".join(ids) + "\n")
            id_file = f.name
        # Dispatch for a quarter of the intake's time: short enough that the tickets do not
        # run out (the figure would then be a lower bound: the report says how many were used).
        dispatch = wrk(port, DISPATCH_LUA, max(2, seconds // 4), connections,
                       {"SB_TOKEN": agent, "SB_IDS": id_file, "SB_DEPT": dept})
        os.unlink(id_file)
        return {"intake": intake, "dispatch": dispatch, "tickets": len(ids)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


def postgres_database():
    name = f"sb_bench_{uuid.uuid4().hex[:10]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return name


def drop(name):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--rounds", type=int, default=2, help="alternate the binaries this many times")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    backends = ["sqlite"] + ([] if args.no_postgres else ["postgres"])
    results = {}
    for backend in backends:
        for r in range(args.rounds):
            for binary in args.binaries:
                db = postgres_database() if backend == "postgres" else None
                try:
                    url = f"postgres://postgres@127.0.0.1:5432/{db}" if db else None
                    got = run_one(binary, url, args.seconds, args.connections)
                finally:
                    if db:
                        drop(db)
                results.setdefault((backend, binary), []).append(got)
                print(f"{backend:8} round {r + 1} {binary}: intake {got['intake']['per_sec']:.0f}/s "
                      f"(p50 {got['intake']['p50_ms']:.1f} ms, p99 {got['intake']['p99_ms']:.1f} ms), "
                      f"dispatch {got['dispatch']['per_sec']:.0f}/s (p50 {got['dispatch']['p50_ms']:.1f} ms, "
                      f"p99 {got['dispatch']['p99_ms']:.1f} ms), {got['dispatch']['ok']} of {got['tickets']}",
                      flush=True)
    print()
    print(f"c={args.connections}, {args.seconds} s intake, best of {args.rounds} rounds; ratio to the first binary")
    for backend in backends:
        base = None
        for binary in args.binaries:
            runs = results[(backend, binary)]
            intake = max(x["intake"]["per_sec"] for x in runs)
            dispatch = max(x["dispatch"]["per_sec"] for x in runs)
            if base is None:
                base = (intake, dispatch)
            print(f"{backend:8} {binary}: intake {intake:.0f}/s ({intake / base[0]:.2f}), "
                  f"dispatch {dispatch:.0f}/s ({dispatch / base[1]:.2f})")


if __name__ == "__main__":
    main()
