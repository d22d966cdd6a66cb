"""Footprint of a running SER-DH: page weight, latency and memory of web server + worker.

Prepares the demo (`serdh demo --no-serve`) on a fresh data folder, then starts `serdh serve`
on a free port and `serdh worker`, as production runs them (docs/operations.md), reads the
public portal anonymously, logs in as several personas and requests each main page repeatedly.
Prints, per page: bytes transferred (HTML + stylesheet, the first visit of a slow link),
median and p95 latency, and the baseline of the same run (/healthz, a view that does nothing),
then the resident memory (RSS) of the server and the worker after start-up and after the load.

    .venv/bin/python bench/web_footprint.py [--requests 50]
"""

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PAGES = {
    "cras.passos": [
        "/sima/",
        "/sima/rede/organizacoes/",
        "/sima/rede/municipios/",
        "/conta/",
        "/conta/sessoes/",
    ],
    # SIMA's casework pages (issue 13): the case list, the inbox, the network's work.
    "creas.passos": [
        "/sima/casos/",
        "/sima/encaminhamentos/",
        "/sima/tarefas/",
        "/sima/agenda/?ver=mes",
        "/sima/familias/",
        "/sima/transferencias/",
    ],
    "coord.creas.passos": ["/sima/supervisao/"],
    "admin.mg": ["/sima/", "/sima/rede/municipios/3147907/", "/conta/usuarios/"],
    "auditor.mg": ["/sima/auditoria/", "/sima/lgpd/", "/sima/lgpd/incidentes/"],
}
# The public portal (Wagtail), read by an anonymous visitor, and a lesson by a professional.
PORTAL_PAGES = [
    "/",
    "/noticias/",
    "/conteudos/fluxo-de-atendimento-na-rede-de-protecao/",
    "/estatisticas/",
    "/estatisticas/?municipio=3147907",
    "/ajuda/?municipio=3147907&necessidade=crianca",
    "/busca/?q=viol%C3%AAncia",
]
LESSON = (
    "/formacao/atendimento-a-pessoa-em-situacao-de-violencia/fundamentos-do-atendimento-em-rede/"
    "acolhimento-e-escuta-sem-revitimizacao/"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def login(base, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/conta/entrar/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    opener.open(
        urllib.request.Request(
            f"{base}/conta/entrar/", data=data, headers={"Referer": f"{base}/conta/entrar/"}
        )
    )
    return opener


def timed(opener, url, n):
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        body = opener.open(url).read()
        times.append((time.perf_counter() - start) * 1000)
        size = len(body)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    password = os.environ.get("SERDH_DEMO_PASSWORD", "Acesso@Demo2026")
    data_dir = tempfile.mkdtemp(prefix="serdh-bench-")
    port = free_port()
    env = {
        **os.environ,
        "SERDH_ENV": "development",
        "SERDH_DATA_DIR": data_dir,
        "SERDH_DEBUG": "false",
    }
    # The demo data first (its own process), then the two production processes: the web
    # server and the worker, each started on its own as in docs/operations.md.
    subprocess.run(
        [sys.executable, "-m", "serdh.cli", "demo", "--no-serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker_process = subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", "worker", "--verbosity", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        worker = [worker_process.pid]
        time.sleep(2)
        idle = {"server": rss_kib(server.pid), "worker": sum(rss_kib(p) for p in worker)}
        css = len(urllib.request.urlopen(f"{base}/static/serdh/css/serdh.css").read())
        anon = urllib.request.build_opener()
        base_median, base_p95, _ = timed(anon, f"{base}/healthz", args.requests)
        print(f"requests per page: {args.requests}; stylesheet: {css / 1024:.1f} KiB")
        print(f"{'page':<42}{'KiB (html+css)':>15}{'median ms':>11}{'p95 ms':>9}{'x baseline':>11}")
        print(f"{'/healthz (baseline)':<42}{'':>15}{base_median:>11.1f}{base_p95:>9.1f}{1:>11.1f}")

        def row(opener, who, path):
            median, p95, size = timed(opener, base + path, args.requests)
            label = f"{who} {path}"[:41]
            print(
                f"{label:<42}{(size + css) / 1024:>15.1f}{median:>11.1f}{p95:>9.1f}"
                f"{median / base_median:>11.1f}"
            )

        for path in PORTAL_PAGES:
            row(anon, "anonymous", path)
        for username, paths in {**PAGES, "cras.passos ": [LESSON]}.items():
            opener = login(base, username.strip(), password)
            for path in paths:
                row(opener, username.strip(), path)
        loaded = {"server": rss_kib(server.pid), "worker": sum(rss_kib(p) for p in worker)}
        print(
            f"RSS after start: server {idle['server'] / 1024:.0f} MiB, "
            f"worker {idle['worker'] / 1024:.0f} MiB"
        )
        total = (loaded["server"] + loaded["worker"]) / 1024
        print(
            f"RSS after load:  server {loaded['server'] / 1024:.0f} MiB, "
            f"worker {loaded['worker'] / 1024:.0f} MiB, together {total:.0f} MiB "
            f"(budget 300 MiB)"
        )
    finally:
        for process in (server, worker_process):
            process.send_signal(signal.SIGINT)
        for process in (server, worker_process):
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
