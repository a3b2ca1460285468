#!/usr/bin/env python3
"""Extract the TestFormat table of hashicorp/hcl hclwrite/format_test.go
(input/want pairs, all Go raw strings) into tests/fmt/hclwrite_format_cases.txt.

Usage: git -C <hcl mirror> show v2.23.0:hclwrite/format_test.go | tests/fmt/extract_hclwrite_cases.py

File format: each case is
    ~~~~ input NN
    <input text>
    ~~~~ want NN
    <expected text>
and the text of a section is everything between its marker line and the next
marker line (or end of file) minus the single newline that precedes the next
marker. A final "~~~~ end" marker closes the last section.
"""
import re, sys
src = sys.stdin.read()
start = src.index("func TestFormat(")
end = src.index("for i, test := range tests", start)
table = src[start:end]
strs = re.findall(r"`([^`]*)`", table)
assert len(strs) % 2 == 0, len(strs)
out = []
for i in range(0, len(strs), 2):
    n = i // 2
    out.append(f"~~~~ input {n:02d}\n{strs[i]}\n")
    out.append(f"~~~~ want {n:02d}\n{strs[i+1]}\n")
out.append("~~~~ end\n")
sys.stdout.write("".join(out))
