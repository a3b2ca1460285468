//! `baseline fmt` as `terraform fmt`: for each command line of `tests/fmt/commands/cases.txt`,
//! run in a fresh copy of the files of `tree.json`, what it prints on stdout, its exit code and
//! the files it changes are what Terraform 1.11.4 printed, exited with and changed
//! (`golden.json`, recorded by `tests/fmt/record-commands.py`): `-check`, `-diff`, `-list`,
//! `-write`, `-recursive`, standard input, files given by name, hidden and backup files skipped,
//! a file that does not parse (exit 2, left as it is), a missing path or another kind of file.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.insert(rel, std::fs::read_to_string(&p).unwrap());
        }
    }
}

#[test]
fn fmt_prints_exits_and_writes_as_terraform_fmt() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt/commands");
    let tree: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(here.join("tree.json")).unwrap()).unwrap();
    let golden: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(here.join("golden.json")).unwrap()).unwrap();
    assert!(golden.len() >= 30, "{}", golden.len());
    let mut problems = Vec::new();
    for case in &golden {
        let line = case["args"].as_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in &tree {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let mut words: Vec<&str> = line.split_whitespace().collect();
        let stdin = match words.iter().position(|w| *w == "<") {
            Some(i) => {
                let file = words[i + 1];
                words.truncate(i);
                Some(tree[file].clone())
            }
            None => None,
        };
        let args: Vec<&str> = ["fmt"].into_iter().chain(words).collect();
        let mut cmd = common::bare(dir.path(), &args, &[]);
        cmd.env("NO_COLOR", "1").stdin(std::process::Stdio::piped());
        let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            input.write_all(stdin.unwrap_or_default().as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let code = out.status.code().unwrap_or(-1);
        let mut after = BTreeMap::new();
        files(dir.path(), dir.path(), &mut after);
        let changed: BTreeMap<String, String> = after.into_iter().filter(|(k, v)| tree.get(k) != Some(v)).collect();
        let want_changed: BTreeMap<String, String> = serde_json::from_value(case["changed"].clone()).unwrap();
        if stdout != case["stdout"].as_str().unwrap() {
            problems.push(format!(
                "{line}: stdout\n--- terraform\n{}\n--- baseline\n{stdout}",
                case["stdout"].as_str().unwrap()
            ));
        }
        if code != case["code"].as_i64().unwrap() as i32 {
            problems.push(format!(
                "{line}: exit {code}, terraform {}\n{}",
                case["code"],
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if changed != want_changed {
            problems.push(format!("{line}: changed files {:?}, terraform {:?}", changed.keys(), want_changed.keys()));
        }
        // A file that does not parse is reported with its line.
        if line.contains("broken") {
            assert!(String::from_utf8_lossy(&out.stderr).contains("bad.tf:"), "{line}");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// A file reached through a symbolic link is formatted where it is, the link kept, as
/// `terraform fmt` does (checked with Terraform 1.11.4: it lists `a/x.tf` only, since the file
/// the link names is formatted by then, and leaves the link a link).
#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::write(dir.path().join("common/x.tf"), "a=1\nbb=2\n").unwrap();
    std::os::unix::fs::symlink("../common/x.tf", dir.path().join("a/x.tf")).unwrap();
    let out = common::bare(dir.path(), &["fmt", "-recursive"], &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a/x.tf\n");
    assert!(std::fs::symlink_metadata(dir.path().join("a/x.tf")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.path().join("common/x.tf")).unwrap(), "a  = 1\nbb = 2\n");
}
