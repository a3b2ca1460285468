#!/usr/bin/env python3
"""Records what `terraform console` prints for each expression of console.txt (issue 24).

Each expression is piped, alone, into `terraform console` run in a temporary directory of its own
holding
expressions/preamble.tf and expressions/files/; its standard output and whether it failed go
to console.golden.jsonl, one JSON object a line, in the order of console.txt.

Usage: python3 tests/differential/record-console.py   (needs `terraform` on PATH; stdlib only)
"""

import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "console.txt")
GOLDEN = os.path.join(HERE, "console.golden.jsonl")
PREAMBLE = os.path.join(HERE, "expressions", "preamble.tf")
FILES = os.path.join(HERE, "expressions", "files")


def expressions():
    with open(CORPUS) as f:
        return [(n, l.rstrip("\n")) for n, l in enumerate(f, 1) if l.strip() and not l.startswith("#")]


def record(line, expr):
    # A directory each: the console locks the (empty) state of its directory.
    with tempfile.TemporaryDirectory(prefix="record-console-") as work:
        shutil.copy(PREAMBLE, os.path.join(work, "main.tf"))
        shutil.copytree(FILES, os.path.join(work, "files"))
        return run_in(work, line, expr)


def run_in(work, line, expr):
    env = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1", NO_COLOR="1")
    run = subprocess.run(["terraform", "console"], cwd=work, env=env, input=expr + "\n", capture_output=True, text=True)
    return {"line": line, "expr": expr, "ok": run.returncode == 0, "stdout": run.stdout if run.returncode == 0 else ""}


def main():
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda le: record(*le), expressions()))
    with open(GOLDEN, "w") as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(results)} expressions, {sum(not r['ok'] for r in results)} failed")


if __name__ == "__main__":
    main()
