#!/usr/bin/env python3
"""Records what Terraform makes of every expression of the corpus (issue 24).

Each expression of tests/differential/expressions/*.txt is planned by `terraform` in a
temporary directory holding the preamble (preamble.tf), the fixtures (files/) and

    output "v" {
      value     = EXPR
      sensitive = true
    }

then `terraform show -json` of the saved plan gives `output_changes.v.change`: the value
(`after`) and its unknown marks (`after_unknown`), or the plan failed (`error`). The results go
to expressions.golden.jsonl, one JSON object a line, sorted by file and line. Numbers keep the
exact text Terraform printed.

Usage: python3 tests/differential/record-expressions.py [-j THREADS] [FILE.txt ...]
(with files named, only their expressions are re-recorded; the others' lines are kept).
Standard library only.
"""

import argparse
import concurrent.futures
import decimal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "expressions")
GOLDEN = os.path.join(HERE, "expressions.golden.jsonl")

HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_-]*)\s*$")
CLOSERS = re.compile(r"^[\s)\]}]+$")


def parse_corpus(path):
    """(line, expression) pairs of one corpus file: one expression a line, `#` comments and
    blank lines skipped; a line ending in a heredoc opener runs to its closing marker, and a
    following line made only of closing brackets belongs to it too."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        expr = [line.rstrip()]
        m = HEREDOC.search(line)
        if m:
            marker = m.group(1)
            i += 1
            while i < len(lines) and lines[i].strip() != marker:
                expr.append(lines[i])
                i += 1
            if i < len(lines):
                expr.append(lines[i])
            if i + 1 < len(lines) and CLOSERS.match(lines[i + 1]):
                i += 1
                expr.append(lines[i].rstrip())
        out.append((start + 1, "\n".join(expr)))
        i += 1
    return out


class Num:
    """A JSON number kept as the text Terraform printed."""

    def __init__(self, text):
        self.text = text


def keep_number(text):
    return Num(text)


def dump(value):
    """JSON text of `value`, numbers as they were read, keys in the order they were read."""
    if isinstance(value, Num):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dump(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def output_block(expr):
    return 'output "v" {\n  value = ' + expr + '\n  sensitive = true\n}\n'


def record(job):
    name, line, expr = job
    with tempfile.TemporaryDirectory(prefix="tfexpr") as d:
        shutil.copy(os.path.join(CORPUS, "preamble.tf"), os.path.join(d, "preamble.tf"))
        shutil.copytree(os.path.join(CORPUS, "files"), os.path.join(d, "files"))
        with open(os.path.join(d, "expr.tf"), "w", encoding="utf-8") as f:
            f.write(output_block(expr))
        env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1")
        plan = subprocess.run(
            ["terraform", "plan", "-no-color", "-input=false", "-lock=false", "-out=p"],
            cwd=d, capture_output=True, text=True, env=env,
        )
        result = {"file": name, "line": line, "expr": expr}
        if plan.returncode != 0:
            summary = next(
                (l.strip()[len("Error: "):] if l.strip().startswith("Error: ") else l.strip()
                 for l in (plan.stderr + plan.stdout).splitlines() if l.strip().startswith("Error")),
                "plan failed",
            )
            result.update(error=True, value=None, unknown=False, message=summary)
            return result
        show = subprocess.run(
            ["terraform", "show", "-no-color", "-json", "p"], cwd=d, capture_output=True, text=True, env=env,
        )
        if show.returncode != 0:
            raise RuntimeError(f"{name}:{line}: terraform show failed: {show.stderr}")
        doc = json.loads(show.stdout, parse_float=keep_number, parse_int=keep_number)
        change = doc.get("output_changes", {}).get("v")
        if change is None:
            # Terraform plans no change for an output whose value is null.
            result.update(error=False, value=None, unknown=False)
        else:
            result.update(error=False, value=change.get("after"), unknown=change.get("after_unknown", False))
        return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", type=int, default=8, help="parallel terraform runs (default 8)")
    ap.add_argument("files", nargs="*", help="corpus files to re-record (default: all)")
    args = ap.parse_args()
    if shutil.which("terraform") is None:
        sys.exit("terraform is not on PATH: nothing recorded")
    version = subprocess.run(["terraform", "version", "-json"], capture_output=True, text=True).stdout
    print("terraform", json.loads(version)["terraform_version"], file=sys.stderr)

    names = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    chosen = [os.path.basename(f) for f in args.files] or names
    jobs = [(n, line, expr) for n in chosen for line, expr in parse_corpus(os.path.join(CORPUS, n))]

    kept = []
    if args.files and os.path.exists(GOLDEN):
        for text in open(GOLDEN, encoding="utf-8"):
            entry = json.loads(text)
            if entry["file"] not in chosen and entry["file"] in names:
                kept.append((entry["file"], entry["line"], text.rstrip("\n")))

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        results = list(pool.map(record, jobs))

    lines = kept + [(r["file"], r["line"], dump(r)) for r in results]
    lines.sort(key=lambda t: (t[0], t[1]))
    with open(GOLDEN, "w", encoding="utf-8") as f:
        for _, _, text in lines:
            f.write(text + "\n")
    errors = sum(1 for r in results if r["error"])
    print(f"{len(results)} expressions recorded ({errors} refused by terraform) in {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    main()
