#!/usr/bin/env python3
"""Records what `terraform fmt` (1.11.4) prints, exits with and leaves in a directory for each
command line of tests/fmt/commands/cases.txt, run in a fresh copy of the files described in
tests/fmt/commands/tree.json; writes tests/fmt/commands/golden.json for tests/fmt_command.rs.
Needs `terraform` on PATH; standard library only.

Usage: python3 tests/fmt/record-commands.py
"""

import json
import os
import shlex
import subprocess
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "commands")


def tree_files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            with open(p, encoding="utf-8", newline="") as f:
                out[os.path.relpath(p, root)] = f.read()
    return dict(sorted(out.items()))


def main():
    with open(os.path.join(HERE, "tree.json"), encoding="utf-8") as f:
        tree = json.load(f)
    with open(os.path.join(HERE, "cases.txt"), encoding="utf-8") as f:
        cases = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    golden = []
    env = dict(os.environ, NO_COLOR="1", CHECKPOINT_DISABLE="1")
    for line in cases:
        stdin = None
        args = shlex.split(line)
        if "<" in args:
            i = args.index("<")
            stdin = tree[args[i + 1]]
            args = args[:i]
        with tempfile.TemporaryDirectory() as tmp:
            for path, text in tree.items():
                p = os.path.join(tmp, path)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
            run = subprocess.run(
                ["terraform", "fmt", "-no-color", *args],
                cwd=tmp,
                env=env,
                input=None if stdin is None else stdin.encode("utf-8"),
                capture_output=True,
            )
            # Bytes, decoded as they are: text mode would turn CRLF into LF.
            stdout = run.stdout.decode("utf-8", errors="replace")
            changed = {k: v for k, v in tree_files(tmp).items() if tree.get(k) != v}
        golden.append({"args": line, "stdout": stdout, "code": run.returncode, "changed": changed})
        print(f"{line}: exit {run.returncode}")
    with open(os.path.join(HERE, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
