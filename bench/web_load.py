#!/usr/bin/env python3
"""Load benchmark of the web application (issue 6), not a test.

20 uploads of 10,000 generated rows each, sent at the same moment through the
REST API, while a reader signs in and reads pages (the imports list, an
import's page with its log) in a loop. Measures, in one run:

- the throughput of the server's imports (rows / seconds from the first
  upload to the last import's end) against the command line importing the
  same 20 files one after the other into an empty base of the same kind;
- the latency of page reads while the imports run (median, p99);
- the server's peak memory (VmHWM).

Usage: python3 bench/web_load.py [--db postgres://…] [--runs 3]
(builds nothing: run `cargo build --release` first).
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time
import urllib.request, urllib.parse, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INTAKE = os.path.join(ROOT, "target", "release", "intake")
FILES, ROWS = 20, 10_000


def run(args, env, **kw):
    return subprocess.run([INTAKE, *args], env=env, check=True, capture_output=True, text=True, **kw)


def request(port, method, path, headers=None, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read(), r.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def multipart(fields, filename, data):
    b = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{b}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={b}"


def fresh_db(db, tmp, name):
    if db is None:
        return os.path.join(tmp, f"{name}.db")
    import_schema = f"bench_{name}_{os.getpid()}"
    subprocess.run(["psql", db, "-qc", f"DROP SCHEMA IF EXISTS {import_schema} CASCADE; CREATE SCHEMA {import_schema}"], check=True)
    sep = "&" if "?" in db else "?"
    return f"{db}{sep}options=-csearch_path%3D{import_schema}"


def one_run(db, tmp, files, run_no):
    env = dict(os.environ, INTAKE_LANG="en")
    # The command line, file after file, into an empty base.
    cli_db = fresh_db(db, tmp, f"cli{run_no}")
    env_cli = dict(env, INTAKE_DB=cli_db)
    t0 = time.monotonic()
    for f in files:
        run(["import", f, "--quiet"], env_cli)
    cli_secs = time.monotonic() - t0

    # The server, all 20 at once, with a reader.
    web_db = fresh_db(db, tmp, f"web{run_no}")
    env_web = dict(env, INTAKE_DB=web_db, INTAKE_PASSWORD="benchmark password")
    run(["users", "add", "bench@example.org", "--role", "staff"], env_web)
    token = run(["tokens", "create", "--user", "bench@example.org"], env_web).stdout.strip()
    data_dir = os.path.join(tmp, f"data{run_no}")
    server = subprocess.Popen([INTAKE, "serve", "--addr", "127.0.0.1:0", "--data-dir", data_dir],
                              env=env_web, stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().strip().rsplit(":", 1)[1])
    auth = {"Authorization": f"Bearer {token}"}

    # The reader signs in like a browser.
    opener = urllib.request.build_opener(NoRedirect)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as r:
        pre = re.search(r"intake_login_csrf=([0-9a-f]+)", r.headers.get("Set-Cookie")).group(1)
    form = urllib.parse.urlencode({"email": "bench@example.org", "password": "benchmark password", "csrf": pre}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/login", data=form, headers={"Cookie": f"intake_login_csrf={pre}"})
    try:
        opener.open(req)
    except urllib.error.HTTPError as e:
        session = re.search(r"intake_session=([0-9a-f]+)", e.headers.get("Set-Cookie")).group(1)
    cookie = {"Cookie": f"intake_session={session}"}

    latencies, stop = [], threading.Event()

    def reader():
        n = 0
        while not stop.is_set():
            path = "/imports" if n % 2 == 0 else f"/imports/{1 + n % FILES}"
            t = time.monotonic()
            try:
                request(port, "GET", path, cookie)
                latencies.append(time.monotonic() - t)
            except Exception:
                pass
            n += 1
            time.sleep(0.05)

    ids, start = [], time.monotonic()
    threading.Thread(target=reader, daemon=True).start()

    def send(f):
        with open(f, "rb") as fh:
            body, ctype = multipart({"name": os.path.basename(f)}, os.path.basename(f), fh.read())
        _, out, _ = request(port, "POST", "/api/v1/imports", dict(auth, **{"Content-Type": ctype}), body)
        ids.append(json.loads(out)["id"])

    senders = [threading.Thread(target=send, args=(f,)) for f in files]
    for s in senders:
        s.start()
    for s in senders:
        s.join()
    upload_secs = time.monotonic() - start
    while True:
        _, out, _ = request(port, "GET", "/api/v1/imports", auth)
        if all(i["status"] not in ("queued", "running") for i in json.loads(out)):
            break
        time.sleep(0.05)
    web_secs = time.monotonic() - start
    stop.set()
    with open(f"/proc/{server.pid}/status") as s:
        hwm = int(re.search(r"VmHWM:\s+(\d+)", s.read()).group(1)) // 1024
    server.terminate()
    server.wait()
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
    return dict(cli=cli_secs, web=web_secs, upload=upload_secs, median=statistics.median(lat) * 1000 if lat else float("nan"),
                p99=p99, reads=len(lat), hwm=hwm)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a postgres:// URL (default: SQLite files)")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="intake-web-bench-")
    env = dict(os.environ, INTAKE_LANG="en")
    files = []
    for i in range(FILES):
        f = os.path.join(tmp, f"part{i:02}.csv")
        run(["generate", "--rows", str(ROWS), "--email-offset", str(i * ROWS), "--seed", str(i + 1), "-o", f], env)
        files.append(f)
    results = [one_run(a.db, tmp, files, r) for r in range(a.runs)]
    med = lambda k: statistics.median(r[k] for r in results)
    rows = FILES * ROWS
    print(f"store: {'PostgreSQL' if a.db else 'SQLite'}; {FILES} uploads x {ROWS} rows; medians of {a.runs} runs")
    print(f"CLI, files one after the other: {med('cli'):.2f} s ({rows / med('cli'):,.0f} rows/s)")
    print(f"server, 20 uploads at once:     {med('web'):.2f} s ({rows / med('web'):,.0f} rows/s); uploads answered in {med('upload'):.2f} s")
    print(f"server / CLI time:              {med('web') / med('cli'):.2f}")
    print(f"page reads while importing:     median {med('median'):.1f} ms, p99 {med('p99'):.1f} ms ({med('reads'):.0f} reads)")
    print(f"server peak memory (VmHWM):     {med('hwm'):.0f} MiB")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
