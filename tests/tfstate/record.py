#!/usr/bin/env python3
"""Records states as Terraform writes them, for tests/tfstate.rs (issue 25).

Each folder here holding a `main.tf` is applied by `terraform` 1.11.4 in a temporary copy; the
state it wrote is saved as `terraform.tfstate` in the folder and `terraform state list`'s output
as `state-list.txt`. A folder holding only a state (hand-written: another provider's, or an old
format) gets its `state-list.txt` from `terraform state list -state=…`. Needs `terraform` on
PATH; standard library only.

Usage: python3 tests/tfstate/record.py
"""

import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def tf(args, cwd):
    env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1", NO_COLOR="1")
    run = subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"terraform {' '.join(args)}: {run.stderr}")
    return run.stdout


def main():
    for name in sorted(os.listdir(HERE)):
        src = os.path.join(HERE, name)
        if not os.path.isdir(src):
            continue
        if not os.path.exists(os.path.join(src, "main.tf")):
            state = os.path.join(src, "terraform.tfstate")
            if os.path.exists(state):
                with open(os.path.join(src, "state-list.txt"), "w") as f:
                    f.write(tf(["state", "list", f"-state={state}"], src))
                print(f"{name}: state list recorded")
            continue
        with tempfile.TemporaryDirectory(prefix="record-tfstate-") as work:
            shutil.copytree(src, work, dirs_exist_ok=True)
            for stale in ("terraform.tfstate", "state-list.txt"):
                if os.path.exists(os.path.join(work, stale)):
                    os.remove(os.path.join(work, stale))
            tf(["init", "-input=false"], work)
            tf(["apply", "-auto-approve", "-input=false"], work)
            shutil.copy(os.path.join(work, "terraform.tfstate"), os.path.join(src, "terraform.tfstate"))
            with open(os.path.join(src, "state-list.txt"), "w") as f:
                f.write(tf(["state", "list"], work))
        print(f"{name}: recorded")


if __name__ == "__main__":
    main()
