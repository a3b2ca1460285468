//! `baseline console`: expressions from standard input, evaluated against the configuration
//! and the state, printed as `terraform console` prints them.

mod common;

use std::path::Path;

use common::Ctx;

/// Runs `baseline console` in `dir` with `input` on standard input.
fn console(dir: &Path, input: &str, state: Option<&Path>) -> common::Run {
    let mut args = vec!["console"];
    let state_arg;
    if let Some(s) = state {
        state_arg = s.display().to_string();
        args.extend(["--state", &state_arg]);
    }
    let mut cmd = common::bare(dir, &args, &[]);
    cmd.stdin(std::process::Stdio::piped());
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    common::Run::of(child.wait_with_output().unwrap())
}

const CONFIG: &str = r#"
variable "name" {
  default = "web"
}
variable "secret" {
  default   = "s3cr3t"
  sensitive = true
}
locals {
  names = [for i in range(2) : "${var.name}-${i}"]
}
resource "terraform_data" "t" {
  input = local.names
}
"#;

/// Each expected text is what `terraform console` 1.11.4 printed for the same input.
#[test]
fn piped_expressions_print_as_terraform_console_prints_them() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let cases = [
        ("0.1 + 0.2", "0.3\n"),
        ("local.names", "[\n  \"web-0\",\n  \"web-1\",\n]\n"),
        ("\"${1 + 1}\"", "2\n"),
        ("type(1)", "number\n"),
        ("{a = 1, b = \"x\"}", "{\n  \"a\" = 1\n  \"b\" = \"x\"\n}\n"),
        ("issensitive(var.secret)", "true\n"),
        ("\"a\\nb\"", "<<EOT\na\nb\nEOT\n"),
    ];
    for (input, want) in cases {
        let run = console(&dir, &format!("{input}\n"), None);
        assert_eq!((run.code, run.stdout.as_str()), (0, want), "{input}: {}", run.transcript());
    }
}

/// From a pipe, as Terraform's console: every line is evaluated, only the last one's value
/// is printed (an empty last line prints an empty line).
#[test]
fn a_pipe_prints_only_the_last_value() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let run = console(&dir, "\"a\"\n\"b\"\n\"c\"\n", None);
    assert_eq!((run.code, run.stdout.as_str()), (0, "\"c\"\n"), "{}", run.transcript());
    let run = console(&dir, "\"a\"\n\n", None);
    assert_eq!((run.code, run.stdout.as_str()), (0, "\n"), "{}", run.transcript());
}

/// The state's resources are values; a resource the state lacks is unknown.
#[test]
fn resources_come_from_the_state() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let run = console(&dir, "terraform_data.t.output\n", Some(&ctx.state()));
    assert_eq!(run.stdout, "(known after apply)\n", "{}", run.transcript());
    ctx.apply_ok(&dir);
    let run = console(&dir, "terraform_data.t.output[1]\n", Some(&ctx.state()));
    assert_eq!(run.stdout, "\"web-1\"\n", "{}", run.transcript());
}

/// A mistake is a diagnostic on stderr naming the console input, and a piped run stops there
/// with a failure and no value, as Terraform's does.
#[test]
fn an_error_stops_a_piped_run() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let run = console(&dir, "1 + 1\nnosuch(1)\n2 + 2\n", None);
    assert_ne!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("nosuch") && run.stderr.contains("<console-input>"), "{}", run.stderr);
}

/// Every expression of `tests/differential/console.txt` prints what `terraform console` 1.11.4
/// printed for it (`console.golden.jsonl`, recorded by `record-console.py`): types as
/// `type()` shows them, lists, sets and maps as `tolist(…)`, `toset(…)`, `tomap(…)`, and `==`
/// telling a list from a tuple and a map from an object.
#[test]
fn the_console_corpus_prints_as_terraform_console_prints_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential");
    let ctx = Ctx::new();
    let preamble = std::fs::read_to_string(root.join("expressions/preamble.tf")).unwrap();
    let dir = ctx.config("corpus", &[("main.tf", &preamble)]);
    common::copy_dir(&root.join("expressions/files"), &dir.join("files"));
    let golden = std::fs::read_to_string(root.join("console.golden.jsonl")).unwrap();
    let mut wrong = Vec::new();
    let mut total = 0;
    for line in golden.lines() {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let expr = g["expr"].as_str().unwrap();
        total += 1;
        let run = console(&dir, &format!("{expr}\n"), None);
        let (ok, stdout) = (g["ok"] == serde_json::json!(true), g["stdout"].as_str().unwrap_or(""));
        if (run.code == 0) != ok || (ok && run.stdout != stdout) {
            wrong.push(format!(
                "line {}: {expr}\n  terraform: {stdout:?}\n  baseline:  {:?} {}",
                g["line"], run.stdout, run.stderr
            ));
        }
    }
    assert!(total >= 70, "the corpus has {total} expressions");
    assert!(wrong.is_empty(), "{} of {total} differ:\n{}", wrong.len(), wrong.join("\n"));
}
