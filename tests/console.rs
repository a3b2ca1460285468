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

/// Each expected line is what `terraform console` 1.11.4 printed for the same input.
#[test]
fn piped_expressions_print_as_terraform_console_prints_them() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let input =
        "0.1 + 0.2\nlocal.names\n\"${1 + 1}\"\ntype(1)\n{a = 1, b = \"x\"}\nissensitive(var.secret)\n\"a\\nb\"\n";
    let run = console(&dir, input, None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let want = "0.3\n[\n  \"web-0\",\n  \"web-1\",\n]\n2\nnumber\n{\n  \"a\" = 1\n  \"b\" = \"x\"\n}\ntrue\n<<EOT\na\nb\nEOT\n";
    assert_eq!(run.stdout, want);
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
/// with a failure, as Terraform's does.
#[test]
fn an_error_stops_a_piped_run() {
    let ctx = Ctx::new();
    let dir = ctx.config("c", &[("main.tf", CONFIG)]);
    let run = console(&dir, "1 + 1\nnosuch(1)\n2 + 2\n", None);
    assert_ne!(run.code, 0);
    assert_eq!(run.stdout, "2\n");
    assert!(run.stderr.contains("nosuch") && run.stderr.contains("<console-input>"), "{}", run.stderr);
}
