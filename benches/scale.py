#!/usr/bin/env python3
"""Scale benchmark: prints figures, asserts nothing (targets live in issue notes, not tests).

Sandbox part, for each size N (default 1000 5000 10000 20000 resources): generates a
configuration as users write it (per key of a for_each map: a role, a rule, and a target that
references both, `aws_iam_role.r[each.key].arn`), then times `validate`, `apply` from an empty
account, and a no-change `plan`, each with its peak memory (max RSS of the process); then
`validate` and `apply` of a plain configuration of the same size (roles and rules, no
cross-references). Last, how each figure grows from one size to the next and first to last.

moto part (--moto N): applies the first configuration (N resources) to a moto server, then
prints the API calls per managed resource of a no-change `plan` (baseline's own count) and its
wall time beside a sequential boto3 read of the same objects (GetRole, DescribeRule and
ListTargetsByRule per key), both in the same run.

Usage: python3 benches/scale.py [--sizes 1000 5000] [--moto 300] [--bin target/release/baseline]
Run `bash .ci/run` once first for the moto venv (.venv-moto).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


ROLE = """resource "aws_iam_role" "r" {{
  for_each           = local.keys
  name               = "bench-${{each.key}}"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "events.amazonaws.com" }} }}] }})
}}

resource "aws_cloudwatch_event_rule" "e" {{
  for_each            = local.keys
  name                = "bench-${{each.key}}"
  schedule_expression = "rate(1 day)"
}}
"""

TARGET = """
resource "aws_cloudwatch_event_target" "t" {{
  for_each  = local.keys
  rule      = aws_cloudwatch_event_rule.e[each.key].name
  target_id = "t"
  arn       = "arn:aws:sns:us-east-1:123456789012:bench"
  role_arn  = aws_iam_role.r[each.key].arn
}}
"""


def config(n: int, refs: bool = True) -> tuple[str, int]:
    """A configuration of about n resources and its exact size. With refs (as users write it),
    per key a role, a rule, and a target referencing both (`aws_iam_role.r[each.key].arn`);
    without, per key a role and a rule, and nothing references another resource."""
    per_key = 3 if refs else 2
    n_keys = max(1, n // per_key)
    keys = ", ".join(f'"k{i:05d}"' for i in range(n_keys))
    text = f'provider "aws" {{ region = "us-east-1" }}\n\nlocals {{\n  keys = toset([{keys}])\n}}\n\n'
    text += ROLE.format() + (TARGET.format() if refs else "")
    return text, n_keys * per_key


def run(cmd, env=None, cwd=None):
    """Runs cmd; returns (seconds, peak RSS in MB, exit code, stderr)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    err = p.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.monotonic() - start
    return secs, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err


def sandbox_part(binary: str, sizes):
    """Times each command on each size, then prints how each figure grows between sizes."""
    cols = [("validate", True), ("apply", True), ("plan", True), ("validate", False), ("apply", False)]
    print("times in ms, peak memory in MB; 'plain': the same without cross-references")
    head = "".join(f"{w + ('' if r else ' plain'):>22}" for w, r in cols)
    print(f"{'resources':>9}{head}")
    figures = {}
    for n in sizes:
        row = {}
        for refs in (True, False):
            text, size = config(n, refs)
            with tempfile.TemporaryDirectory() as tmp:
                d = os.path.join(tmp, "cfg")
                os.mkdir(d)
                with open(os.path.join(d, "main.tf"), "w") as f:
                    f.write(text)
                sb = os.path.join(tmp, "sandbox.json")
                common = ["--sandbox", "--sandbox-file", sb]
                steps = [("validate", [binary, "validate", d]), ("apply", [binary, "apply", d, "--auto-approve", *common])]
                if refs:
                    steps.append(("plan", [binary, "plan", d, "--detailed-exitcode", *common]))
                for what, cmd in steps:
                    r = run(cmd)
                    if r[2] != 0:
                        sys.exit(f"{what} of {size} resources failed ({r[2]}):\n{r[3][-2000:]}")
                    row[(what, refs)] = r
        figures[n] = row
        cells = "".join(f"{row[c][0] * 1000:>14.0f} {row[c][1]:>6.0f}MB" for c in cols)
        print(f"{config(n)[1]:>9}{cells}")
    pairs = [(a, b) for a, b in zip(sizes, sizes[1:])] + ([(sizes[0], sizes[-1])] if len(sizes) > 2 else [])
    for a, b in pairs:
        growth = ", ".join(
            f"{w}{'' if r else ' plain'} {figures[b][(w, r)][0] / figures[a][(w, r)][0]:.1f}x" for w, r in cols
        )
        print(f"growth {a} -> {b}: {growth}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def moto_part(binary: str, rules: int):
    venv = os.path.join(ROOT, ".venv-moto", "bin")
    if not os.path.exists(os.path.join(venv, "moto_server")):
        sys.exit("no .venv-moto: run `bash .ci/run` once first")
    port = free_port()
    server = subprocess.Popen([os.path.join(venv, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1", NO_COLOR="1")
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as tmp:
            text, n = config(rules)
            keys = n // 3
            with open(os.path.join(tmp, "main.tf"), "w") as f:
                f.write(text)
            a = run([binary, "apply", tmp, "--auto-approve"], env=env)
            if a[2] != 0:
                sys.exit(f"apply against moto failed:\n{a[3][-2000:]}")
            p = run([binary, "plan", tmp, "--detailed-exitcode"], env=env)
            calls = re.search(r"baseline made (\d+) AWS API call", p[3])
            calls = int(calls.group(1)) if calls else -1
            script = f"""
import boto3, time
iam = boto3.client('iam', endpoint_url='{url}', region_name='us-east-1')
ev = boto3.client('events', endpoint_url='{url}', region_name='us-east-1')
t = time.monotonic()
for i in range({keys}):
    k = 'bench-k%05d' % i
    iam.get_role(RoleName=k)
    ev.describe_rule(Name=k)
    ev.list_targets_by_rule(Rule=k)
print(time.monotonic() - t)
"""
            b = subprocess.run([os.path.join(venv, "python"), "-c", script], env=env, capture_output=True, text=True)
            boto = float(b.stdout.strip() or "nan")
            print(f"moto: {n} resources; no-change plan {p[0]:.2f} s, {calls} API calls "
                  f"({calls / n:.2f} per resource); sequential boto3 read of the same objects {boto:.2f} s "
                  f"(plan / boto3 = {p[0] / boto:.2f}x)")
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000, 20000])
    ap.add_argument("--moto", type=int, default=0, metavar="N", help="also measure N resources against moto")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "baseline"))
    args = ap.parse_args()
    if args.bin == os.path.join(ROOT, "target", "release", "baseline"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.sizes:
        sandbox_part(args.bin, args.sizes)
    if args.moto:
        moto_part(args.bin, args.moto)


if __name__ == "__main__":
    main()
