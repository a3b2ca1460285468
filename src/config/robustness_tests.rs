//! Robustness: configurations built at random from fragments of the language (and byte
//! noise) go through reading, checking, the graph and evaluation without a panic. The seeds
//! are fixed, so a failure reproduces; a case that once failed is kept below by name.

use super::load_sources;
use crate::diag::Diags;

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const EXPRS: &[&str] = &[
    "var.x",
    "local.l",
    "\"s-${var.x}\"",
    "[for i in var.list : upper(i) if i != \"\"]",
    "{for k, v in var.map : k => v...}",
    "var.list[*].name",
    "aws_iam_role.r.arn",
    "module.m.out",
    "jsonencode({a = [1, 2, var.x]})",
    "try(var.map.nope, 0)",
    "can(regex(\"[\", \"x\"))",
    "true ? 1 : nosuch(2)",
    "false && var.x",
    "\"%{ for x in var.list ~}${x}%{ endfor }\"",
    "<<-EOT\n  a ${var.x}\n  EOT\n",
    "coalesce(null, \"\", var.x)",
    "element([], 0)",
    "1 / 0",
    "self.name",
    "each.key",
    "count.index",
    "path.module",
    "tomap(var.list)",
    "formatdate(\"YYYY\", \"nope\")",
    "setproduct(var.list, var.list)",
    "substr(\"abc\", -10, 100)",
    "range(0, 5000)",
    "yamldecode(\"a: [\")",
    "templatefile(\"/nonexistent\", {})",
];

const BLOCKS: &[&str] = &[
    "variable \"x\" {\n  type = string\n  default = EXPR\n  validation {\n    condition = EXPR\n    error_message = \"m\"\n  }\n}\n",
    "variable \"list\" {\n  type = list(object({ name = optional(string, \"n\") }))\n  default = [{}]\n}\n",
    "variable \"map\" {\n  type = map(any)\n  default = {}\n}\n",
    "locals {\n  l = EXPR\n}\n",
    "output \"o\" {\n  value = EXPR\n}\n",
    "resource \"aws_iam_role\" \"r\" {\n  name = EXPR\n  assume_role_policy = EXPR\n  dynamic \"inline_policy\" {\n    for_each = EXPR\n    content {\n      name = inline_policy.key\n      policy = EXPR\n    }\n  }\n  lifecycle {\n    postcondition {\n      condition = EXPR\n      error_message = \"e\"\n    }\n  }\n}\n",
    "resource \"aws_cloudwatch_event_rule\" \"w\" {\n  count = EXPR\n  schedule_expression = EXPR\n}\n",
    "data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    actions = EXPR\n  }\n}\n",
    "moved {\n  from = aws_iam_role.a\n  to = aws_iam_role.r\n}\n",
    "check \"c\" {\n  assert {\n    condition = EXPR\n    error_message = \"c\"\n  }\n}\n",
    "module \"m\" {\n  source = \"./nowhere\"\n  x = EXPR\n}\n",
    "resource \"aws_iam_role\" \"r\" {\n",
    "}}}\n",
    "locals { a = [for x in : x] }\n",
];

fn generate(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..(1 + rng.next() % 6) {
        let mut block = rng.pick(BLOCKS).to_string();
        while let Some(i) = block.find("EXPR") {
            let e = rng.pick(EXPRS);
            block.replace_range(i..i + 4, e);
        }
        // Now and then, damage the text at a random place.
        if rng.next().is_multiple_of(5) && !block.is_empty() {
            let mut cut = (rng.next() % block.len() as u64) as usize;
            while !block.is_char_boundary(cut) {
                cut -= 1;
            }
            block.truncate(cut);
        }
        out.push_str(&block);
    }
    out
}

/// Everything `validate` runs, on one set of files.
fn check(files: Vec<(String, String)>) {
    let (mut config, mut diags) = load_sources(files);
    let (vars, d) = super::vars::resolve(&mut config, &[], &[]);
    diags.extend(d);
    super::check_references(&config, &mut diags);
    let graph = crate::graph::Graph::build(&config, &mut diags);
    let mut values = Diags::new();
    crate::plan::check_values(&config, &graph, &vars, &mut values);
    // Rendering every diagnostic must not panic either.
    diags.extend(values);
    let _ = crate::diag::render_all(&config.sources, &diags, false);
}

#[test]
fn random_configurations_never_panic() {
    let mut rng = Rng(0x5eed_ba5e);
    for _ in 0..400 {
        let text = generate(&mut rng);
        check(vec![("main.tf".into(), text)]);
    }
}

#[test]
fn random_json_configurations_never_panic() {
    let mut rng = Rng(0x0dd_c0de);
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"resource\"",
        "\"aws_iam_role\"",
        "\"r\"",
        "\"name\"",
        "\"${var.x}\"",
        "\"variable\"",
        "\"x\"",
        "\"default\"",
        "1",
        "null",
        "true",
        "\"//\"",
        "\"depends_on\"",
        "\"a.b\"",
        "\"\\u00e9\"",
    ];
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..(rng.next() % 40) {
            text.push_str(rng.pick(&pieces));
        }
        check(vec![("main.tf.json".into(), text)]);
    }
}

/// Cases that once went wrong, kept as they were found.
#[test]
fn kept_cases_never_panic() {
    for text in [
        // A column past 65,535 (the renderer's limit).
        format!("locals {{\n  x = \"{}\" + nosuch.thing\n}}\n", "a".repeat(70_000)),
        // Nested encodings of a constant (exponential growth).
        format!("locals {{\n  x = {}\"x\"{}\n}}\n", "jsonencode(".repeat(40), ")".repeat(40)),
    ] {
        check(vec![("main.tf".into(), text)]);
    }
}

/// Property: any text at all, and any sequence of the language's fragments, goes through
/// everything `validate` runs without a panic. proptest shrinks a failure to a small input
/// and keeps it in `proptest-regressions/config/robustness_tests.txt`, committed with the
/// fix, so every later run tries it first.
mod property {
    use proptest::prelude::*;

    const FRAGMENTS: &[&str] = &[
        "resource",
        "data",
        "\"aws_iam_role\"",
        "\"aws_cloudwatch_event_rule\"",
        "\"r\"",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "=",
        "name",
        "${",
        "var.x",
        "local.",
        "each.key",
        "count.index",
        "jsonencode",
        "for",
        "in",
        ":",
        "=>",
        "if",
        "?",
        "...",
        "\n",
        "\"",
        ",",
        "#",
        "/*",
        "*/",
        "<<EOF\nx\nEOF\n",
        "1.5e999",
        "-",
        "!",
        "%{",
        "null",
        "true",
        "é",
        "\u{0}",
        "dynamic",
        "content",
        "lifecycle",
        "variable",
        "locals",
        "output",
        "module",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn any_text_is_a_diagnostic_never_a_panic(text in "\\PC{0,200}") {
            super::check(vec![("main.tf".into(), text)]);
        }

        #[test]
        fn any_sequence_of_fragments_is_a_diagnostic_never_a_panic(
            parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80)
        ) {
            super::check(vec![("main.tf".into(), parts.join(" "))]);
        }
    }
}
