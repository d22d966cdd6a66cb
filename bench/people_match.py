"""Person matching benchmark (issue 15): our deduplicator (``serdh people dedupe``) against
Splink 5 (DuckDB backend, unsupervised) on generated Brazilian-style person records with
ground truth (bench/people_data.py), at each size given.

For each size: generate the records (fixed seed) into a temporary directory, run each method
in its own subprocess on the same CSV (so that wall time and peak memory, the child's
ru_maxrss from wait4, are its own), and score its clusters with pairwise precision, recall
and F1 (bench/people_eval.py). Splink is clustered at several match-probability thresholds
from one prediction run; its row shows the whole run's wall time and memory.

Needs the bench extra (duckdb, splink):

    source scripts/_venv.sh bench
    .venv/bin/python bench/people_match.py --persons 20000 200000 [--seed 15] [--skip-splink]

Our method is run as ``serdh people dedupe INPUT.csv --out OUTPUT.csv`` (output columns
record_id, person_id, match_probability); when it is missing or fails, the table says so
and Splink still runs.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from people_data import write_dataset
from people_eval import pairwise
from people_splink import THRESHOLDS, read_result

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
HEADER = (
    "| persons | records | true pairs | method | threshold | precision % | recall % | F1 % "
    "| wall s | peak MB |\n|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_child(cmd: list[str], log_path: Path) -> dict:
    """Run cmd to completion; its exit code, wall seconds and peak RSS (MB, with its own
    children), from wait4 so that earlier children do not count."""
    started = time.perf_counter()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "rc": proc.returncode,
        "seconds": time.perf_counter() - started,
        "peak_mb": usage.ru_maxrss / 1024,  # KiB on Linux
    }


def log_tail(path: Path, lines: int = 8) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return "\n".join("    " + line for line in text[-lines:])


def serdh_command() -> str | None:
    local = ROOT / ".venv" / "bin" / "serdh"
    return str(local) if local.exists() else shutil.which("serdh")


def run_ours(csv_path: Path, work: Path, truth: dict) -> dict:
    serdh = serdh_command()
    if serdh is None:
        return {"error": "the serdh command is not installed (source scripts/_venv.sh bench)"}
    out, log = work / "ours.csv", work / "ours.log"
    say(f"  ours: serdh people dedupe {csv_path.name} …")
    run = run_child([serdh, "people", "dedupe", str(csv_path), "--out", str(out)], log)
    if run["rc"] != 0 or not out.exists():
        text = log.read_text(encoding="utf-8", errors="replace")
        reason = (
            "`serdh people dedupe` does not exist yet"
            if "Unknown command" in text
            else f"`serdh people dedupe` failed (exit {run['rc']})"
        )
        return {"error": f"{reason}; last lines of its output:\n{log_tail(log)}"}
    with out.open(encoding="utf-8", newline="") as fh:
        pred = {row["record_id"]: row["person_id"] for row in csv.DictReader(fh)}
    return run | {"metrics": {None: pairwise(pred, truth)}}


def run_splink(csv_path: Path, work: Path, truth: dict, thresholds) -> dict:
    out_dir, log = work / "splink", work / "splink.log"
    say(f"  splink: training, predicting, clustering at {', '.join(map(str, thresholds))} …")
    cmd = [
        sys.executable,
        str(BENCH / "people_splink.py"),
        str(csv_path),
        "--out-dir",
        str(out_dir),
        "--thresholds",
        *map(str, thresholds),
    ]
    run = run_child(cmd, log)
    if run["rc"] != 0:
        return {"error": f"Splink failed (exit {run['rc']}):\n{log_tail(log, 15)}"}
    result = read_result(out_dir)
    metrics = {t: pairwise(result["clusters"][t], truth) for t in result["thresholds"]}
    return run | {"metrics": metrics, "version": result["version"], "times": result["times"]}


def rows(n_persons, n_records, true_pairs, name, result) -> list[str]:
    lead = f"| {n_persons:,} | {n_records:,} | {true_pairs:,} | {name} |"
    if "error" in result:
        return [f"{lead} – | – | – | – | – | – |"]
    out = []
    for threshold, m in result["metrics"].items():
        out.append(
            f"{lead} {'–' if threshold is None else threshold} | {100 * m['precision']:.2f} "
            f"| {100 * m['recall']:.2f} | {100 * m['f1']:.2f} | {result['seconds']:.1f} "
            f"| {result['peak_mb']:,.0f} |"
        )
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Person matching: serdh against Splink.")
    parser.add_argument("--persons", type=int, nargs="+", default=[20000, 200000])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    parser.add_argument("--keep", type=Path, help="keep the data and outputs in this directory")
    args = parser.parse_args(argv)

    table, notes = [HEADER], []
    for n in args.persons:
        with tempfile.TemporaryDirectory(prefix="people_match_") as tmp:
            work = args.keep / str(n) if args.keep else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            csv_path = work / "records.csv"
            say(f"{n:,} persons (seed {args.seed}): generating …")
            started = time.perf_counter()
            n_records, truth = write_dataset(
                n,
                args.seed,
                csv_path,
                work / "truth.csv",
                lambda done, total: say(f"  generating: {done:,}/{total:,} persons"),
            )
            true_pairs = pairwise({}, truth)["true_pairs"]
            say(
                f"  {n_records:,} records, {true_pairs:,} true pairs "
                f"({time.perf_counter() - started:.1f} s)"
            )
            results = []
            if not args.skip_ours:
                results.append(("serdh", run_ours(csv_path, work, truth)))
            if not args.skip_splink:
                results.append(("splink", run_splink(csv_path, work, truth, args.thresholds)))
            first_row = len(table)
            for name, result in results:
                label = f"splink {result['version']}" if "version" in result else name
                table.extend(rows(n, n_records, true_pairs, label, result))
                if "error" in result:
                    notes.append(f"{n:,} persons, {name}: {result['error']}")
                if "times" in result:
                    t = result["times"]
                    notes.append(
                        f"{n:,} persons, Splink's own times (s): loading {t['loading']:.1f}, "
                        f"training {t['training']:.1f}, predicting {t['predicting']:.1f}, "
                        f"clustering {t['clustering']:.1f} (all thresholds), "
                        f"total {t['total']:.1f}"
                    )
            say("\n".join(table[first_row:]))
    print("\n".join(table))
    if notes:
        print("\n" + "\n".join(f"- {note}" for note in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
