#!/usr/bin/env python3
"""Scale benchmark: prints figures, asserts nothing (targets live in issue notes, not tests).

Sandbox part, for each size N (default 1000 5000 10000 20000 resources): generates a
configuration as users write it (per key of a for_each map: a role, a rule, and a target that
references both, `aws_iam_role.r[each.key].arn`), then times `validate`, `apply` from an empty
account, and a no-change `plan`, each with its peak memory (max RSS of the process); then
`validate` and `apply` of a plain configuration of the same size (roles and rules, no
cross-references). Last, how each figure grows from one size to the next and first to last.

estate part (--estate RUNS [--delay MS]): the scale issue's estate (`benches/estate/main.tf`:
role with inline policy, rule, target, Inspector v2 enablement and filter in each of 14
regions) against moto: calls per
resource of a no-change plan and its wall time beside the issue's sequential boto3 script (98
calls), medians of RUNS alternating runs; with --delay, again with every request held MS ms by
a local proxy, as a round trip to AWS would (moto alone answers one request at a time in about
2 ms, so there the ratio follows the number of calls, not what concurrency saves).

moto part (--moto N): applies the first configuration (N resources) to a moto server, then
prints the API calls per managed resource of a no-change `plan` (baseline's own count) and its
wall time beside a sequential boto3 read of the same objects (GetRole, DescribeRule and
ListTargetsByRule per key), both in the same run.

Usage: python3 benches/scale.py [--sizes 1000 5000] [--moto 300] [--estate 5 --delay 30]
                                [--bin target/release/baseline]
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


def sandbox_part(binary: str, sizes, repeat: int):
    """Times each command on each size, then prints how each figure grows between sizes."""
    cols = [("validate", True), ("apply", True), ("plan", True), ("validate", False), ("apply", False)]
    print(f"times in ms, peak memory in MB; 'plain': the same without cross-references; "
          f"validate and plan: medians of {repeat} runs")
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
                    # validate and plan change nothing: the median of `repeat` runs (apply once).
                    tries = [run(cmd) for _ in range(1 if what == "apply" else repeat)]
                    for r in tries:
                        if r[2] != 0:
                            sys.exit(f"{what} of {size} resources failed ({r[2]}):\n{r[3][-2000:]}")
                    row[(what, refs)] = sorted(tries)[len(tries) // 2]
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
    server, url, env = moto_server()
    venv = os.path.join(ROOT, ".venv-moto", "bin")
    try:
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


ESTATE = os.path.join(ROOT, "benches", "estate", "main.tf")
# The estate's regions: the default of its `regions` variable.
with open(ESTATE) as f:
    REGIONS = re.findall(r'"([a-z]{2}-[a-z]+-\d)"', f.read().split('variable "regions"')[1].split("}")[0])

# The scale issue's sequential script: per region GetRole, ListRolePolicies, GetRolePolicy,
# DescribeRule, ListTargetsByRule, BatchGetAccountStatus and ListFilters (98 calls).
ESTATE_BOTO3 = """
import boto3, time
regions = {regions!r}
start = time.monotonic()
iam = boto3.client('iam', endpoint_url='{url}', region_name='us-east-1')
clients = {{r: (boto3.client('events', endpoint_url='{url}', region_name=r),
               boto3.client('inspector2', endpoint_url='{url}', region_name=r)) for r in regions}}
t = time.monotonic()
for r in regions:
    ev, i2 = clients[r]
    iam.get_role(RoleName='scan-' + r)
    for name in iam.list_role_policies(RoleName='scan-' + r)['PolicyNames']:
        iam.get_role_policy(RoleName='scan-' + r, PolicyName=name)
    ev.describe_rule(Name='weekly-scan')
    ev.list_targets_by_rule(Rule='weekly-scan')
    i2.batch_get_account_status(accountIds=['123456789012'])
    i2.list_filters()
end = time.monotonic()
print(end - t, end - start)
"""


def moto_server():
    """Starts a moto server on a free port; returns (process, url, environment for baseline)."""
    venv = os.path.join(ROOT, ".venv-moto", "bin")
    if not os.path.exists(os.path.join(venv, "moto_server")):
        sys.exit("no .venv-moto: run `bash .ci/run` once first")
    port = free_port()
    server = subprocess.Popen([os.path.join(venv, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1", NO_COLOR="1")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, url, env


def delaying_proxy(target: str, delay: float):
    """A threaded HTTP proxy on 127.0.0.1 in front of `target` that holds every request for
    `delay` seconds first, as a round trip to a distant region would (moto answers in about
    2 ms and one request at a time, which hides what concurrency buys against AWS). Returns
    (server, url); stop it with server.shutdown()."""
    import http.server
    import threading
    import urllib.request

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without this, Nagle's algorithm and delayed
        # ACKs would add 40 ms to each response, more than the delay being modelled.
        disable_nagle_algorithm = True

        def forward(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(delay)
            req = urllib.request.Request(target + self.path, data=body if body else None, method=self.command)
            for k, v in self.headers.items():
                if k.lower() not in ("content-length", "connection", "accept-encoding"):
                    req.add_header(k, v)
            try:
                resp = urllib.request.urlopen(req)
            except urllib.error.HTTPError as e:
                resp = e
            data = resp.read()
            self.send_response(resp.status)
            for k, v in resp.headers.items():
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def estate_part(binary: str, runs: int, delay_ms: int):
    """The scale issue's estate (70 resources in 14 regions) against moto: calls per resource
    of a no-change plan, and its wall time beside the sequential boto3 script, alternating;
    with delay_ms, every request first waits that long (a round trip to AWS)."""
    server, url, env = moto_server()
    proxy = None
    if delay_ms:
        proxy, url = delaying_proxy(url, delay_ms / 1000)
        env = dict(env, AWS_ENDPOINT_URL=url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(ESTATE, os.path.join(tmp, "main.tf"))
            a = run([binary, "apply", tmp, "--auto-approve"], env=env)
            if a[2] != 0:
                sys.exit(f"apply of the estate against moto failed:\n{a[3][-2000:]}")
            script = ESTATE_BOTO3.format(regions=REGIONS, url=url)
            python = os.path.join(ROOT, ".venv-moto", "bin", "python")
            plans, scripts, wholes, procs, calls = [], [], [], [], -1
            for _ in range(runs):
                p = run([binary, "plan", tmp, "--detailed-exitcode"], env=env)
                if p[2] != 0:
                    sys.exit(f"the estate's plan was not clean ({p[2]}):\n{p[3][-2000:]}")
                found = re.search(r"baseline made (\d+) AWS API call", p[3])
                calls = int(found.group(1)) if found else -1
                plans.append(p[0])
                start = time.monotonic()
                b = subprocess.run([python, "-c", script], env=env, capture_output=True, text=True)
                # The script's process from exec to exit, as the plan's is timed.
                procs.append(time.monotonic() - start)
                calls_only, whole = (b.stdout.split() + ["nan", "nan"])[:2]
                scripts.append(float(calls_only))
                wholes.append(float(whole))
            median = lambda xs: sorted(xs)[len(xs) // 2]
            plan, boto, whole, proc = median(plans), median(scripts), median(wholes), median(procs)
            serial = median([run([binary, "plan", tmp, "--parallelism", "1"], env=env)[0] for _ in range(runs)])
            where = f"moto behind {delay_ms} ms per request" if delay_ms else "moto"
            print(f"estate ({where}): 70 resources in 14 regions; no-change plan {plan * 1000:.0f} ms, {calls} API calls "
                  f"({calls / 70:.2f} per resource); sequential boto3 script (98 calls) {boto * 1000:.0f} ms "
                  f"(plan / boto3 = {plan / boto:.2f}x), {whole * 1000:.0f} ms with its 29 clients made "
                  f"(plan / boto3 = {plan / whole:.2f}x), {proc * 1000:.0f} ms as a process from exec to exit, "
                  f"as the plan is timed (plan / boto3 = {plan / proc:.2f}x); medians of {runs}; the plan's "
                  f"time is the whole process, clients and configuration included; with --parallelism 1: "
                  f"{serial * 1000:.0f} ms")
    finally:
        if proxy:
            proxy.shutdown()
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000, 20000])
    ap.add_argument("--moto", type=int, default=0, metavar="N", help="also measure N resources against moto")
    ap.add_argument("--repeat", type=int, default=3, metavar="N", help="runs of validate and plan per size")
    ap.add_argument("--estate", type=int, default=0, metavar="RUNS",
                    help="also measure the 14-region estate against moto, RUNS plans beside RUNS boto3 reads")
    ap.add_argument("--delay", type=int, default=0, metavar="MS",
                    help="with --estate, also measure with every request held MS ms (a round trip to AWS)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "baseline"))
    args = ap.parse_args()
    if args.bin == os.path.join(ROOT, "target", "release", "baseline"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.sizes:
        sandbox_part(args.bin, args.sizes, args.repeat)
    if args.moto:
        moto_part(args.bin, args.moto)
    if args.estate:
        estate_part(args.bin, args.estate, 0)
        if args.delay:
            estate_part(args.bin, args.estate, args.delay)


if __name__ == "__main__":
    main()
