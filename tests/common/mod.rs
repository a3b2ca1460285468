//! Shared test context: a temp directory holding the state, the sandbox account and any
//! config written by the test, and a runner that captures exit code, stdout and stderr.

#![allow(dead_code)]

pub mod moto;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// The result of one baseline run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!("exit: {}\n----- stdout -----\n{}----- stderr -----\n{}", self.code, self.stdout, self.stderr)
    }
}

/// One test's private world.
pub struct Ctx {
    pub dir: tempfile::TempDir,
}

impl Ctx {
    pub fn new() -> Ctx {
        Ctx { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// The state file read as baseline holds it: one entry per object under `resources`,
    /// each with its `address`, `type`, `attributes`, `provider`, `region` (Terraform's file
    /// groups instances under their resource; see `state::tfstate`).
    pub fn state_view(&self) -> serde_json::Value {
        state_view(&self.state())
    }

    pub fn state(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    pub fn sandbox(&self) -> PathBuf {
        self.dir.path().join("sandbox.json")
    }

    /// The article's example directory.
    pub fn example() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inspector-classic")
    }

    /// Writes `files` into a fresh config directory named `name` and returns it.
    pub fn config(&self, name: &str, files: &[(&str, &str)]) -> PathBuf {
        let d = self.dir.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        for (f, text) in files {
            std::fs::write(d.join(f), text).unwrap();
        }
        d
    }

    /// A copy of the example with `edit` applied to its main.hcl.
    pub fn example_with(&self, name: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
        let text = std::fs::read_to_string(Ctx::example().join("main.hcl")).unwrap();
        let edited = edit(text.clone());
        assert_ne!(text, edited, "the edit changed nothing");
        self.config(name, &[("main.hcl", &edited)])
    }

    /// Runs baseline with `args`; plan/apply/destroy get this context's state and sandbox.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Like `run`, with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut full: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if matches!(args.first(), Some(&"plan" | &"apply" | &"destroy" | &"import")) {
            full.push("--sandbox".into());
        }
        self.run_raw(&full.iter().map(String::as_str).collect::<Vec<_>>(), env)
    }

    /// Runs baseline with exactly `args` (plus this context's state and sandbox paths).
    pub fn run_raw(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let owned: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.run_with(args, &owned)
    }

    /// Runs baseline with exactly `args` and the environment pairs `env` (no sandbox flag).
    pub fn run_with(&self, args: &[&str], env: &[(String, String)]) -> Run {
        let mut cmd = Command::cargo_bin("baseline").expect("binary");
        cmd.args(args);
        if matches!(args.first(), Some(&"plan" | &"apply" | &"destroy" | &"import")) {
            cmd.arg("--state").arg(self.state()).arg("--sandbox-file").arg(self.sandbox());
        }
        if matches!(args.first(), Some(&"state")) {
            cmd.arg("--state").arg(self.state());
        }
        cmd.env("NO_COLOR", "1")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .env_remove("BASELINE_SANDBOX_FAIL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.stdin(std::process::Stdio::null());
        let out = cmd.output().expect("run baseline");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: self.scrub(&String::from_utf8_lossy(&out.stdout)),
            stderr: self.scrub(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    /// Hides this test's temp path and the checkout path.
    fn scrub(&self, s: &str) -> String {
        s.replace(&self.dir.path().display().to_string(), "[TMP]").replace(env!("CARGO_MANIFEST_DIR"), "[REPO]")
    }

    /// Edits the sandbox account file, as a change made outside baseline.
    pub fn edit_sandbox(&self, f: impl FnOnce(&mut serde_json::Value)) {
        let text = std::fs::read_to_string(self.sandbox()).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        f(&mut v);
        std::fs::write(self.sandbox(), serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }

    pub fn sandbox_json(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(self.sandbox()).unwrap()).unwrap()
    }

    /// Addresses listed by `baseline state list`.
    pub fn state_list(&self) -> Vec<String> {
        let r = self.run(&["state", "list"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.lines().map(str::to_string).collect()
    }

    /// Applies `dir` with --auto-approve and asserts success.
    pub fn apply_ok(&self, dir: &Path) -> Run {
        let r = self.run(&["apply", dir.to_str().unwrap(), "--auto-approve"]);
        assert_eq!(r.code, 0, "apply failed:\n{}", r.transcript());
        r
    }
}

/// Snapshot settings hiding durations and timestamps.
pub fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"after \d+s", "after [N]s");
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]");
    s.add_filter(r"pid \d+", "pid [PID]");
    s.set_prepend_module_to_snapshot(false);
    s
}

/// baseline with exactly `args`, run in `dir` with the environment pairs `env`: no state,
/// sandbox or region added (for tests of defaults, backends and processes to signal or kill).
pub fn bare(dir: &Path, args: &[&str], env: &[(String, String)]) -> Command {
    let mut cmd = Command::cargo_bin("baseline").expect("binary");
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("BASELINE_SANDBOX_FAIL")
        .env_remove("BASELINE_SANDBOX_FILE")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(std::process::Stdio::null());
    cmd
}

impl Run {
    /// The exit code and output of a finished process.
    pub fn of(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// An Inspector v2 filter `aws_inspector2_filter.f{i}` named `suppress-{i}` (AWS chooses its
/// ARN: a second create of it makes a second filter).
pub fn suppression_filter(i: usize) -> String {
    format!(
        r#"
resource "aws_inspector2_filter" "f{i}" {{
  name   = "suppress-{i}"
  action = "SUPPRESS"
  filter_criteria {{
    severity {{
      comparison = "EQUALS"
      value      = "INFORMATIONAL"
    }}
  }}
}}
"#
    )
}

/// The state file at `path` read as baseline holds it (see [`Ctx::state_view`]); null when there
/// is none.
pub fn state_view(path: &Path) -> serde_json::Value {
    match std::fs::read(path) {
        Ok(bytes) => {
            let state = baseline::state::from_bytes(&bytes, path).expect("the state loads");
            serde_json::to_value(&state).expect("a state serialises")
        }
        Err(_) => serde_json::Value::Null,
    }
}

/// Copies the directory `from` (with its subdirectories) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
