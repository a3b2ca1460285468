#!/usr/bin/env python3
"""Regenerates aws-provider.txt: every resource type and data source of the Terraform AWS
provider, with its arguments, nested blocks, their types, which are required, and which
blocks take at most one item, from the provider schema that the PyPI package
cdktf-cdktf-provider-aws carries in its jsii assembly.

    pip download cdktf-cdktf-provider-aws==21.22.1 --no-deps -d /tmp/cdktf
    python3 src/schema/generate.py /tmp/cdktf/cdktf_cdktf_provider_aws-21.22.1-py3-none-any.whl

21.22.1 is built from provider 6.25.0. The output is sorted and stable, so a regeneration
shows in review as a plain diff. Format (read by `schema/catalogue.rs`):

    resource aws_TYPE            one line per type: `resource` or `data`, then its name
                                 (and `provider aws` for the provider block's arguments)
     NAME TYPE FLAG              an attribute: FLAG is R (required), O (optional) or C (set
                                 only by AWS); TYPE is Terraform's type syntax
     NAME block:1|block:n FLAG   a nested block (at most one item, or any number); R means
                                 at least one is required; its contents follow, one space
                                 deeper. block:any takes any content.
     NAME object:1|object:n|object:map FLAG
                                 an attribute whose value is an object (or a list or map
                                 of them), its attributes following one space deeper

Computed attributes of nested blocks are not in the assembly and not listed.
"""

import io
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

TARGET = Path(__file__).with_name("aws-provider.txt")
RESOURCE = "cdktf.TerraformResource"
DATA = "cdktf.TerraformDataSource"
LINK = re.compile(r"\{@link \S+ (aws_\w+)\}")
ANCHOR = re.compile(r"\{@link https://registry\.terraform\.io/\S+#(\w+) ")


def load(path: str) -> dict:
    with zipfile.ZipFile(path) as whl:
        name = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
        blob = whl.read(name)
    with tarfile.open(fileobj=io.BytesIO(blob)) as tgz:
        member = tgz.extractfile("package/.jsii")
        assert member is not None
        return json.load(member)


def snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def tf_name(prop: dict) -> str:
    docs = prop.get("docs", {})
    for text in (docs.get("summary", ""), docs.get("remarks", "")):
        m = ANCHOR.search(text)
        if m:
            return m.group(1)
    return snake(prop["name"])


def strip(ty: dict) -> dict:
    """A union with IResolvable is the type itself (cdktf adds it for tokens)."""
    if "union" in ty:
        rest = [t for t in ty["union"]["types"] if t.get("fqn") != "cdktf.IResolvable"]
        if len(rest) == 1:
            return rest[0]
    return ty


def type_syntax(ty: dict) -> str | None:
    """Terraform's syntax for a primitive or a collection of them; None for objects."""
    ty = strip(ty)
    if "primitive" in ty:
        return {"string": "string", "number": "number", "boolean": "bool", "any": "any"}[ty["primitive"]]
    if "collection" in ty:
        inner = type_syntax(ty["collection"]["elementtype"])
        if inner is None:
            return None
        kind = {"array": "list", "map": "map"}[ty["collection"]["kind"]]
        return f"{kind}({inner})"
    return None


def body(types: dict, fqn: str, depth: int, out: list[str], getters: dict | None = None) -> None:
    iface = types[fqn]
    props = list(iface.get("properties", []))
    for parent in iface.get("interfaces", []):
        if parent in types:
            props += types[parent].get("properties", [])
    seen = set()
    lines = []
    for prop in props:
        name = tf_name(prop)
        if name in seen:
            continue
        seen.add(name)
        flag = "O" if prop.get("optional") else "R"
        ty = strip(prop["type"])
        block = prop.get("docs", {}).get("summary", "").endswith("block.")
        syntax = type_syntax(ty)
        pad = " " * depth
        if syntax == "any" and block:
            lines.append((name, [f"{pad}{name} block:any {flag}"]))
        elif syntax is not None:
            lines.append((name, [f"{pad}{name} {syntax} {flag}"]))
        else:
            kind = "block" if block else "object"
            if "fqn" in ty:
                count, inner = "1", ty["fqn"]
            elif ty.get("collection", {}).get("kind") == "map":
                count, inner = "map", strip(ty["collection"]["elementtype"])["fqn"]
            else:
                count, inner = "n", strip(ty["collection"]["elementtype"])["fqn"]
            sub: list[str] = [f"{pad}{name} {kind}:{count} {flag}"]
            body(types, inner, depth + 1, sub)
            lines.append((name, sub))
    for name in sorted(getters or {}):
        if name not in seen:
            lines.append((name, [f"{' ' * depth}{name} {getters[name]} C"]))
    for _, ls in sorted(lines):
        out.extend(ls)


# The types cdktf gives attribute getters that are not plain collections.
GETTER_TYPES = {
    "cdktf.IResolvable": "bool",
    "cdktf.StringMap": "map(string)",
    "cdktf.NumberMap": "map(number)",
    "cdktf.BooleanMap": "map(bool)",
    "cdktf.AnyMap": "map(any)",
}


def computed(cls: dict) -> dict:
    """The class's attribute getters; those without a config property are set by AWS."""
    out = {}
    props = cls.get("properties", [])
    inputs = {p["name"][: -len("Input")] for p in props if p["name"].endswith("Input")}
    for p in props:
        if p.get("static") or p["name"].endswith("Input") or p["name"] in inputs:
            continue
        syntax = type_syntax(p["type"]) or GETTER_TYPES.get(p["type"].get("fqn", ""), "any")
        out[snake(p["name"])] = syntax
    return out


def main() -> None:
    assembly = load(sys.argv[1])
    types = assembly["types"]
    version = assembly["version"]
    entries = []
    for cls in types.values():
        if cls["kind"] != "class" or cls.get("base") not in (RESOURCE, DATA):
            continue
        m = LINK.search(cls["docs"]["summary"])
        if not m:
            continue
        kind = "resource" if cls["base"] == RESOURCE else "data"
        config = next(p for p in cls["initializer"]["parameters"] if p["name"] == "config")
        out = [f"{kind} {m.group(1)}"]
        body(types, config["type"]["fqn"], 1, out, computed(cls))
        entries.append((kind, m.group(1), out))
    provider = next(c for c in types.values() if c["kind"] == "class" and c.get("base") == "cdktf.TerraformProvider")
    config = next(p for p in provider["initializer"]["parameters"] if p["name"] == "config")
    out = ["provider aws"]
    body(types, config["type"]["fqn"], 1, out)
    entries.append(("provider", "aws", out))
    entries.sort()
    head = [
        f"# The Terraform AWS provider's schema, from cdktf-cdktf-provider-aws {version}.",
        "# Generated by src/schema/generate.py; never edited by hand.",
    ]
    TARGET.write_text("\n".join(head + [line for _, _, out in entries for line in out]) + "\n")
    print(f"{sum(1 for e in entries if e[0] == 'resource')} resources, "
          f"{sum(1 for e in entries if e[0] == 'data')} data sources -> {TARGET}")


if __name__ == "__main__":
    main()
