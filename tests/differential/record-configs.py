#!/usr/bin/env python3
"""Records what Terraform plans for each configuration of tests/differential/configs/ (issue 24).

Each folder under configs/ is one configuration. A folder with `step1/`, `step2/`... sub-folders
is applied step by step against the same state (each step is a whole configuration); any other
folder is one step. A step holding a file named `PLAN_ONLY` is planned but not applied.

For each step, in a working directory that carries the state over from the previous step:
`terraform init`, `terraform plan -json -out=p` (diagnostics: error or not, the first error's
summary, the warnings' summaries), `terraform show -json p` (resource changes: address and
actions; output changes: actions, `after`, `after_unknown`, `sensitive`), then `terraform apply p`
(whether it failed, and the first error's summary), `terraform show -json` of the state (each
output's recorded type and sensitivity) and what `terraform output` prints. The result is written to
configs.golden.json, keys sorted, numbers kept as Terraform wrote them.

Usage: python3 tests/differential/record-configs.py [NAME...]   (needs `terraform` on PATH;
stdlib only; only the named configurations when names are given, the others kept as recorded).
"""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "configs")
GOLDEN = os.path.join(HERE, "configs.golden.json")


class Num:
    """A JSON number kept as its text, so the golden has Terraform's exact digits."""

    def __init__(self, text):
        self.text = text


def loads(text):
    return json.loads(text, parse_float=Num, parse_int=Num)


def dumps(v, indent=0):
    """JSON with sorted keys, two-space indent, `Num` written as its text."""
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(v, Num):
        return v.text
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(v[k], indent + 1)}" for k in sorted(v)]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(pad + dumps(x, indent + 1) for x in v) + "\n" + end + "]"
    return json.dumps(v, ensure_ascii=False)


def steps_of(config):
    subs = sorted(
        (d for d in os.listdir(config) if d.startswith("step") and os.path.isdir(os.path.join(config, d))),
        key=lambda d: int(d[4:]),
    )
    return [(d, os.path.join(config, d)) for d in subs] or [("main", config)]


def tf(args, cwd):
    env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1", NO_COLOR="1")
    env.pop("TF_LOG", None)
    return subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True)


def diagnostics(stream):
    """(first error summary or None, sorted warning summaries) from a `-json` stream."""
    error, warnings = None, []
    for line in stream.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("type") != "diagnostic":
            continue
        d = msg.get("diagnostic", {})
        if d.get("severity") == "error" and error is None:
            error = d.get("summary", "")
        elif d.get("severity") == "warning":
            warnings.append(d.get("summary", ""))
    return error, sorted(warnings)


def record_step(name, src, work):
    # The step's configuration replaces the previous one; the state and .terraform stay.
    for entry in os.listdir(work):
        if entry in ("terraform.tfstate", ".terraform", ".terraform.lock.hcl"):
            continue
        path = os.path.join(work, entry)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    for entry in os.listdir(src):
        if entry.startswith("step") and os.path.isdir(os.path.join(src, entry)):
            continue
        s = os.path.join(src, entry)
        (shutil.copytree if os.path.isdir(s) else shutil.copy)(s, os.path.join(work, entry))
    out = {"step": name}
    init = tf(["init", "-input=false", "-backend=false", "-no-color"], work)
    if init.returncode != 0:
        out["error"] = "init: " + (init.stderr.strip().splitlines() or [""])[0]
        return out, False
    plan = tf(["plan", "-json", "-input=false", "-out=p"], work)
    error, warnings = diagnostics(plan.stdout)
    if plan.returncode != 0 and error is None:
        error = (plan.stderr.strip().splitlines() or ["plan failed"])[0]
    out["error"] = error
    out["warnings"] = warnings
    if plan.returncode != 0:
        return out, False
    show = tf(["show", "-json", "p"], work)
    if show.returncode != 0:
        raise RuntimeError(f"{name}: show failed: {show.stderr}")
    doc = loads(show.stdout)
    out["resources"] = sorted(
        ({"address": rc["address"], "actions": rc["change"]["actions"]} for rc in doc.get("resource_changes", [])),
        key=lambda r: r["address"],
    )
    outputs = {}
    for k, oc in (doc.get("output_changes") or {}).items():
        outputs[k] = {
            "actions": oc["actions"],
            "after": oc.get("after"),
            "after_unknown": oc.get("after_unknown", False),
            "sensitive": oc.get("after_sensitive", False) is True,
        }
    out["outputs"] = outputs
    # The planned outputs' types (given once a value is wholly known) and sensitivity.
    planned = (doc.get("planned_values") or {}).get("outputs") or {}
    out["planned_outputs"] = {k: {"type": o.get("type"), "sensitive": o.get("sensitive", False)} for k, o in planned.items()}
    if os.path.exists(os.path.join(src, "PLAN_ONLY")):
        out["applied"] = False
        return out, True
    apply = tf(["apply", "-json", "-input=false", "p"], work)
    apply_error, _ = diagnostics(apply.stdout)
    if apply.returncode != 0 and apply_error is None:
        apply_error = (apply.stderr.strip().splitlines() or ["apply failed"])[0]
    out["applied"] = True
    out["apply_error"] = apply_error
    if apply.returncode == 0:
        # The outputs as the state records them: each one's type (list or tuple, map or
        # object) and whether it is sensitive.
        state = tf(["show", "-json"], work)
        if state.returncode != 0:
            raise RuntimeError(f"{name}: show of the state failed: {state.stderr}")
        recorded = (loads(state.stdout).get("values") or {}).get("outputs") or {}
        out["state_outputs"] = {k: {"type": o.get("type"), "sensitive": o.get("sensitive", False)} for k, o in recorded.items()}
        # What `terraform output` prints (lists as `tolist(…)`, sensitive values hidden); with
        # no outputs it prints a warning, which baseline writes to standard error instead.
        if recorded:
            out["output_text"] = tf(["output", "-no-color"], work).stdout
    return out, apply.returncode == 0


def record(config):
    with tempfile.TemporaryDirectory(prefix="record-configs-") as work:
        steps = []
        for name, src in steps_of(os.path.join(CONFIGS, config)):
            result, ok = record_step(name, src, work)
            steps.append(result)
            if not ok:
                break
        return config, steps


def main():
    names = sys.argv[1:] or sorted(d for d in os.listdir(CONFIGS) if os.path.isdir(os.path.join(CONFIGS, d)))
    golden = {}
    if sys.argv[1:] and os.path.exists(GOLDEN):
        with open(GOLDEN) as f:
            golden = loads(f.read())
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for config, steps in pool.map(record, names):
            golden[config] = steps
            print(f"{config}: " + ", ".join(f"{s['step']}={'error' if s.get('error') else 'ok'}" for s in steps))
    with open(GOLDEN, "w") as f:
        f.write(dumps(golden) + "\n")


if __name__ == "__main__":
    main()
