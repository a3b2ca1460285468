//! The differential test of the expression language (issue 24): every expression of
//! `tests/differential/expressions/*.txt`, as Terraform 1.11 evaluated it
//! (`tests/differential/expressions.golden.jsonl`, recorded by `record-expressions.py`), is
//! evaluated by baseline the same way: the preamble and its fixtures beside
//! `output "vNNNN" { value = EXPR, sensitive = true }`, `plan --out`, then `show --format json`
//! of that plan, whose `output_changes` give the value (`after`) and the unknown marks
//! (`after_unknown`). An expression Terraform refuses must make baseline's `validate` or `plan`
//! fail.
//!
//! Every difference must be listed in `tests/differential/known-differences.txt`, and every
//! listed one must still differ: the list only shrinks.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Ctx;
use serde_json::Value as Json;

/// `text` as JSON. Without serde_json's `arbitrary_precision`, a number beyond f64's range
/// (Terraform prints `1.5e300 * 1e10` with all its 311 digits) is an error, so such numbers
/// are read as the string `"number TEXT"` instead, on both sides of the comparison.
fn parse_json(text: &str) -> serde_json::Result<Json> {
    serde_json::from_str(text).or_else(|_| serde_json::from_str(&quote_huge_numbers(text)))
}

fn quote_huge_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '-' || c.is_ascii_digit() {
            let mut number = c.to_string();
            while let Some(&d) = chars.peek() {
                if !(d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-')) {
                    break;
                }
                number.push(d);
                chars.next();
            }
            if number.parse::<f64>().is_ok_and(f64::is_finite) {
                out.push_str(&number);
            } else {
                out.push_str(&format!("\"number {number}\""));
            }
        } else {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// One recorded expression.
struct Golden {
    file: String,
    line: u64,
    expr: String,
    error: bool,
    value: Json,
    unknown: Json,
}

impl Golden {
    fn key(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// What baseline made of one expression.
#[derive(Debug)]
enum Outcome {
    Value { value: Json, unknown: Json },
    Error(String),
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

fn goldens() -> Vec<Golden> {
    let text = std::fs::read_to_string(root().join("expressions.golden.jsonl")).expect("golden file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let j = parse_json(l).expect("golden line is JSON");
            Golden {
                file: j["file"].as_str().expect("file").to_string(),
                line: j["line"].as_u64().expect("line"),
                expr: j["expr"].as_str().expect("expr").to_string(),
                error: j["error"].as_bool().expect("error"),
                value: j["value"].clone(),
                unknown: j["unknown"].clone(),
            }
        })
        .collect()
}

/// The listed differences: `file:line` or expression text, each with its reason after `  # `.
fn known_differences() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("known-differences.txt")).expect("known differences");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split_once("  # ").map_or(l, |(key, _)| key).trim().to_string())
        .collect()
}

/// The preamble, the fixtures and `outputs` (name, expression) as one configuration's files.
fn config_files(outputs: &[(String, &str)]) -> Vec<(String, Vec<u8>)> {
    let corpus = root().join("expressions");
    let mut files = vec![("preamble.tf".to_string(), std::fs::read(corpus.join("preamble.tf")).expect("preamble"))];
    let mut stack = vec![PathBuf::from("files")];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(corpus.join(&rel)).expect("fixtures") {
            let entry = entry.expect("fixture entry");
            let path = rel.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(entry.path()).expect("fixture")));
            }
        }
    }
    let mut tf = String::new();
    for (name, expr) in outputs {
        tf.push_str(&format!("output \"{name}\" {{\n  value = {expr}\n  sensitive = true\n}}\n\n"));
    }
    files.push(("expr.tf".to_string(), tf.into_bytes()));
    files
}

/// Writes the configuration of `outputs` into a fresh context.
fn write_config(outputs: &[(String, &str)]) -> (Ctx, PathBuf) {
    let ctx = Ctx::new();
    let dir = ctx.dir.path().join("cfg");
    for (rel, bytes) in config_files(outputs) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file's path has a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write config");
    }
    (ctx, dir)
}

/// The first diagnostic's message (the `×` line) and its code, shortened.
fn first_error_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let code = lines.next().unwrap_or("(no message)");
    let message = text.lines().map(str::trim).find_map(|l| l.strip_prefix("× ")).unwrap_or("");
    format!("{message} [{code}]").chars().take(200).collect()
}

/// Runs baseline in the configuration directory `dir` (as Terraform was: `path.module` is
/// `.`), with `ctx`'s state and sandbox account.
fn run_in(ctx: &Ctx, dir: &Path, args: &[&str]) -> common::Run {
    let state = ctx.state().display().to_string();
    let sandbox = ctx.sandbox().display().to_string();
    let mut full: Vec<&str> = args.to_vec();
    if args.first() == Some(&"plan") {
        full.extend(["--sandbox", "--state", &state, "--sandbox-file", &sandbox]);
    }
    // No region: the preamble has nothing of the AWS provider, so it needs none.
    common::Run::of(common::bare(dir, &full, &[]).output().expect("run baseline"))
}

/// Plans `outputs` in one configuration; the output changes of the plan, or why it failed.
fn plan_outputs(outputs: &[(String, &str)]) -> Result<serde_json::Map<String, Json>, String> {
    let (ctx, dir) = write_config(outputs);
    let run = run_in(&ctx, &dir, &["plan", ".", "--out", "p"]);
    if run.code != 0 {
        return Err(first_error_line(&run.stderr));
    }
    let show = run_in(&ctx, &dir, &["show", "p", "--format", "json"]);
    if show.code != 0 {
        return Err(format!("show failed: {}", first_error_line(&show.stderr)));
    }
    let doc = parse_json(&show.stdout).map_err(|e| format!("show -json is not JSON: {e}"))?;
    Ok(doc["output_changes"].as_object().cloned().unwrap_or_default())
}

/// The outcome of each of `items` (index, expression), planned together; a failing plan is
/// split in halves until the expressions that fail are alone.
fn evaluate(items: &[(usize, &str)]) -> Vec<(usize, Outcome)> {
    let outputs: Vec<(String, &str)> = items.iter().map(|(i, e)| (format!("v{:04}", i + 1), *e)).collect();
    match plan_outputs(&outputs) {
        Ok(changes) => items
            .iter()
            .zip(&outputs)
            .map(|((i, _), (name, _))| {
                // An output planned as null may be left out of the plan, as Terraform does.
                let change = changes.get(name);
                let value = change.map_or(Json::Null, |c| c["after"].clone());
                let unknown = change.map_or(Json::Bool(false), |c| c["after_unknown"].clone());
                (*i, Outcome::Value { value, unknown })
            })
            .collect(),
        Err(message) if items.len() == 1 => vec![(items[0].0, Outcome::Error(message))],
        Err(_) => {
            let (a, b) = items.split_at(items.len() / 2);
            std::thread::scope(|s| {
                let left = s.spawn(|| evaluate(a));
                let mut right = evaluate(b);
                let mut out = left.join().expect("evaluation thread");
                out.append(&mut right);
                out
            })
        }
    }
}

/// Whether baseline refuses `expr` (validate or plan fails), with its message; else what it
/// gives (boxed: a JSON value is large).
fn refuses(expr: &str) -> Result<String, Box<Outcome>> {
    let (ctx, dir) = write_config(&[("v".to_string(), expr)]);
    let validate = run_in(&ctx, &dir, &["validate", "."]);
    if validate.code != 0 {
        return Ok(first_error_line(&validate.stderr));
    }
    drop(ctx);
    match plan_outputs(&[("v".to_string(), expr)]) {
        Err(message) => Ok(message),
        Ok(changes) => {
            let change = changes.get("v");
            Err(Box::new(Outcome::Value {
                value: change.map_or(Json::Null, |c| c["after"].clone()),
                unknown: change.map_or(Json::Bool(false), |c| c["after_unknown"].clone()),
            }))
        }
    }
}

fn show(value: &Json, unknown: &Json) -> String {
    let v = serde_json::to_string(value).unwrap_or_default();
    if *unknown == Json::Bool(false) {
        v
    } else {
        format!("{v} (unknown: {})", serde_json::to_string(unknown).unwrap_or_default())
    }
}

#[test]
fn expressions_evaluate_as_terraform_does() {
    let goldens = goldens();
    assert!(goldens.len() >= 450, "the corpus has {} expressions", goldens.len());
    let known = known_differences();

    // Every expression Terraform evaluates, as outputs of one configuration.
    let accepted: Vec<(usize, &str)> =
        goldens.iter().enumerate().filter(|(_, g)| !g.error).map(|(i, g)| (i, g.expr.as_str())).collect();
    let mut outcomes: BTreeMap<usize, Result<Outcome, String>> =
        evaluate(&accepted).into_iter().map(|(i, o)| (i, Ok(o))).collect();

    // Every expression Terraform refuses, each in its own configuration, a few at a time.
    let refused: Vec<usize> = goldens.iter().enumerate().filter(|(_, g)| g.error).map(|(i, _)| i).collect();
    let threads = 4;
    let results: Vec<(usize, Result<String, Box<Outcome>>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<usize> = refused.iter().copied().skip(t).step_by(threads).collect();
                let goldens = &goldens;
                s.spawn(move || mine.into_iter().map(|i| (i, refuses(&goldens[i].expr))).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("refusal thread")).collect()
    });
    for (i, r) in results {
        let accepted = |o: Box<Outcome>| match *o {
            Outcome::Value { value, unknown } => show(&value, &unknown),
            Outcome::Error(message) => message,
        };
        outcomes.insert(i, r.map(Outcome::Error).map_err(accepted));
    }

    let mut matched = 0;
    let mut unlisted = Vec::new();
    let mut differing = BTreeSet::new();
    let mut report = String::new();
    for (i, g) in goldens.iter().enumerate() {
        let outcome = outcomes.get(&i).expect("every expression has an outcome");
        let difference = match (g.error, outcome) {
            (true, Ok(Outcome::Error(_))) => None,
            (true, Err(accepted)) => Some(format!("terraform refuses it; baseline gives {accepted}")),
            (false, Ok(Outcome::Error(message))) => {
                Some(format!("terraform: {}\n      baseline refuses it: {message}", show(&g.value, &g.unknown)))
            }
            (false, Ok(Outcome::Value { value, unknown })) if *value == g.value && *unknown == g.unknown => None,
            (false, Ok(Outcome::Value { value, unknown })) => {
                Some(format!("terraform: {}\n      baseline:  {}", show(&g.value, &g.unknown), show(value, unknown)))
            }
            (true, Ok(Outcome::Value { .. })) | (false, Err(_)) => {
                unreachable!("refused expressions are checked alone")
            }
        };
        match difference {
            None => matched += 1,
            Some(d) => {
                let listed = known.contains(&g.key()) || known.contains(g.expr.trim());
                report.push_str(&format!(
                    "{} {}: {}\n      {d}\n",
                    if listed { "  (listed)" } else { "UNLISTED" },
                    g.key(),
                    g.expr.replace('\n', "\\n")
                ));
                differing.insert(g.key());
                differing.insert(g.expr.trim().to_string());
                if !listed {
                    unlisted.push(g.key());
                }
            }
        }
    }
    let total = goldens.len();
    println!("{report}");
    println!(
        "{matched} of {total} expressions give Terraform's result ({:.1} %)",
        100.0 * matched as f64 / total as f64
    );

    let now_matching: Vec<&String> = known.iter().filter(|k| !differing.contains(*k)).collect();
    assert!(
        unlisted.is_empty() && now_matching.is_empty(),
        "differences not in tests/differential/known-differences.txt: {unlisted:?}\n\
         listed but matching now (or not in the corpus; remove them from the list): {now_matching:?}"
    );
}
