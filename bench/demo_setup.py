"""How long a person waits for the demo (issue 18: under 3 minutes on a 2-core machine).

Clones the repository into a temporary folder and runs ``scripts/demo --no-serve`` there
(virtual environment, install, migrations, demo data) as someone trying SER-DH would, then
once more (the second start, everything in place). Prints each phase as the script prints it,
with the seconds since the start, and the totals. ``--runs N`` repeats the fresh clone and
prints the median. The install reads the package index pip is configured with (here a local
mirror); on a real link, add the download time.

    .venv/bin/python bench/demo_setup.py [--runs 1]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_demo(clone, env):
    start = time.monotonic()
    phases = []
    process = subprocess.Popen(
        ["scripts/demo", "--no-serve"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:
        line = line.strip().split("\r")[-1]
        if line and not line.startswith("WARNING") and "%" not in line:
            phases.append((time.monotonic() - start, line))
    if process.wait() != 0:
        sys.exit(f"scripts/demo failed in {clone}")
    return time.monotonic() - start, phases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    fresh, again = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="serdh-demo-bench-") as tmp:
            clone = Path(tmp) / "serdh"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SERDH_", "VIRTUAL"))}
            env["SERDH_DATA_DIR"] = str(clone / "var")
            seconds, phases = run_demo(clone, env)
            fresh.append(seconds)
            print(f"run {run + 1}: fresh clone ready in {seconds:.1f} s")
            for at, line in phases[:12]:
                print(f"  {at:6.1f} s  {line[:90]}")
            seconds, _phases = run_demo(clone, env)
            again.append(seconds)
            print(f"run {run + 1}: second start ready in {seconds:.1f} s")
    print(
        f"median of {args.runs}: fresh clone {statistics.median(fresh):.1f} s "
        f"(goal < 180 s), second start {statistics.median(again):.1f} s"
    )


if __name__ == "__main__":
    main()
