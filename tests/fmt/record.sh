#!/bin/sh
# Regenerates the expected outputs of the extra cases from the real
# `terraform fmt` (Terraform 1.11.4): for every tests/fmt/extra/NAME_in.EXT,
# copies it to a temporary NAME.EXT, runs `terraform fmt -list=false` on that
# file, and stores the rewritten file as tests/fmt/extra/NAME_out.EXT.
# (A file is used rather than `terraform fmt -`, because stdin mode prints the
# result through the CLI UI, which appends a newline when the result lacks one.)
# Inputs terraform rejects are reported and get no _out file.
#
# Terraform's fmt is not always idempotent (e.g. "${"${x}"}" loses one level
# per run, and some rewrites produce output that no longer parses), so the
# second pass is recorded too: when `terraform fmt` of NAME_out.EXT differs
# from it, the result goes to NAME_out2.EXT; when terraform rejects
# NAME_out.EXT, an empty marker NAME_out.EXT.unparseable is written instead.
set -u
cd "$(dirname "$0")/extra" || exit 1
command -v terraform >/dev/null || { echo "terraform not on PATH" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
for in in *_in.*; do
  [ -e "$in" ] || continue
  out=$(printf '%s' "$in" | sed 's/_in\./_out./')
  work="$tmp/$(printf '%s' "$in" | sed 's/_in\./\./')"
  cp "$in" "$work"
  out2=$(printf '%s' "$in" | sed 's/_in\./_out2./')
  rm -f "$out2" "$out.unparseable"
  if terraform fmt -no-color -list=false "$work" > "$tmp/log" 2>&1; then
    cp "$work" "$out"
    if terraform fmt -no-color -list=false "$work" > "$tmp/log" 2>&1; then
      cmp -s "$work" "$out" || cp "$work" "$out2"
    else
      : > "$out.unparseable"
    fi
  else
    echo "terraform fmt rejected $in:" >&2
    cat "$tmp/log" >&2
    rm -f "$out"
    status=1
  fi
  rm -f "$work"
done
exit $status
