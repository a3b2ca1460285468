//! `baseline fmt`'s formatter (`src/fmt/`) held to Terraform 1.11.4's `terraform fmt`:
//! Terraform's own fixtures (`internal/command/testdata/{fmt,tftest-fmt,tfmock-fmt}`, in
//! `tests/fmt/terraform/`), the inline samples of its `fmt_test.go` (`terraform-inline/`),
//! cases recorded from the `terraform` binary by `tests/fmt/record.sh` (`extra/`), the
//! `TestFormat` table of hashicorp/hcl v2.23.0's `hclwrite/format_test.go`
//! (`hclwrite_format_cases.txt`, extracted by `extract_hclwrite_cases.py`), and inputs that must
//! never panic. The command's behaviour (flags, output, exit codes) is in `tests/fmt_command.rs`.

use std::fs;
use std::path::{Path, PathBuf};

// Terraform's fixtures and the recorded cases.

/// Cases (file names of inputs) that are known not to match, with reasons.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// All `<name>_in.<ext>` files of a directory, paired with `<name>_out.<ext>`.
fn pairs(dir: &str) -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pos) = name.find("_in.") {
            let want = format!("{}_out.{}", &name[..pos], &name[pos + 4..]);
            out.push((dir.join(&name), dir.join(want)));
        }
    }
    out.sort();
    out
}

fn check_dir(dir: &str, min_cases: usize) {
    let cases = pairs(dir);
    assert!(cases.len() >= min_cases, "expected at least {min_cases} cases in {dir}, found {}", cases.len());
    let mut failures = Vec::new();
    for (input, want_path) in &cases {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let src = fs::read_to_string(input).unwrap();
        let want = fs::read_to_string(want_path).unwrap();
        let known = KNOWN_FAILURES.iter().any(|(n, _)| *n == name);
        let got = match baseline::fmt::format(&src) {
            Ok(g) => g,
            Err(e) => {
                if !known {
                    failures.push(format!("{name}: error {e}"));
                }
                continue;
            }
        };
        if got != want {
            if !known {
                failures.push(format!("{name}: output differs\n--- want\n{want}\n--- got\n{got}\n---"));
            }
            continue;
        }
        // Idempotence: formatting the expected output changes nothing --
        // except where Terraform itself is not idempotent, in which case
        // record.sh stored Terraform's second pass next to the output.
        let out2 = want_path.with_file_name(name.replacen("_in.", "_out2.", 1));
        let unparseable = want_path
            .with_extension(format!("{}.unparseable", want_path.extension().unwrap_or_default().to_string_lossy()));
        let second = baseline::fmt::format(&want);
        if unparseable.exists() {
            if second.is_ok() {
                failures.push(format!("{name}: Terraform rejects the output, we format it"));
            }
        } else {
            let want2 = fs::read_to_string(&out2).unwrap_or_else(|_| want.clone());
            match second {
                Ok(again) if again == want2 => {}
                Ok(again) => failures.push(format!("{name}: second pass differs:\n{again}")),
                Err(e) => failures.push(format!("{name}: output does not reformat: {e}")),
            }
        }
        if known {
            failures.push(format!("{name}: listed as a known failure but passes"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{dir}: {} cases passed", cases.len());
}

#[test]
fn terraform_fixtures() {
    check_dir("tests/fmt/terraform", 5);
}

#[test]
fn terraform_inline_samples() {
    check_dir("tests/fmt/terraform-inline", 2);
}

#[test]
fn extra_recorded_cases() {
    check_dir("tests/fmt/extra", 1);
}

/// Every prefix (at char boundaries) of every input must produce Ok or Err
/// without panicking, for both entry points.
#[test]
fn prefixes_never_panic() {
    let mut dirs = vec!["tests/fmt/terraform", "tests/fmt/terraform-inline", "tests/fmt/extra"];
    dirs.sort();
    for dir in dirs {
        for (input, _) in pairs(dir) {
            let src = fs::read_to_string(&input).unwrap();
            for (i, _) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
                let prefix = &src[..i];
                let _ = baseline::fmt::format(prefix);
                let _ = baseline::fmt::format_hclwrite(prefix);
            }
        }
    }
}

// hclwrite's TestFormat table.

/// Case numbers known not to match, with reasons.
const KNOWN_TABLE_FAILURES: &[(usize, &str)] = &[];

fn load() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt/hclwrite_format_cases.txt");
    let text = fs::read_to_string(path).unwrap();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(marker) = line.strip_prefix("~~~~ ") {
            if let Some((m, mut body)) = cur.take() {
                // Drop the newline that precedes the marker line.
                body.pop();
                sections.push((m, body));
            }
            cur = Some((marker.trim_end().to_string(), String::new()));
        } else if let Some((_, body)) = cur.as_mut() {
            body.push_str(line);
        }
    }
    let mut cases = Vec::new();
    let mut it = sections.into_iter();
    while let (Some((mi, input)), Some((mw, want))) = (it.next(), it.next()) {
        assert!(mi.starts_with("input") && mw.starts_with("want"), "{mi} / {mw}");
        cases.push((input, want));
    }
    cases
}

#[test]
fn hclwrite_format_table() {
    let cases = load();
    assert_eq!(cases.len(), 61);
    let mut failures = Vec::new();
    for (i, (input, want)) in cases.iter().enumerate() {
        let got = baseline::fmt::format_hclwrite(input);
        let known = KNOWN_TABLE_FAILURES.iter().any(|(n, _)| *n == i);
        match (got == *want, known) {
            (true, false) => {}
            (true, true) => failures.push(format!("case {i:02}: known failure now passes")),
            (false, true) => {}
            (false, false) => {
                failures.push(format!("case {i:02}\n--- input\n{input}\n--- want\n{want}\n--- got\n{got}\n---"))
            }
        }
        if got == *want {
            let again = baseline::fmt::format_hclwrite(&got);
            if again != got {
                failures.push(format!("case {i:02}: not idempotent:\n{again}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `format` (Terraform's pipeline) must agree with plain hclwrite formatting
/// on every table input that is a valid config body and contains nothing
/// Terraform rewrites (interpolation-only values, unquoted labels).
#[test]
fn hclwrite_table_through_terraform_format() {
    let mut valid = 0;
    for (i, (input, want)) in load().iter().enumerate() {
        let Ok(got) = baseline::fmt::format(input) else {
            continue;
        };
        valid += 1;
        if !input.contains("\"${") {
            assert_eq!(&got, want, "case {i:02}");
        }
    }
    eprintln!("{valid} table inputs are valid config bodies");
}

// Robustness.

fn both(src: &str) {
    let _ = baseline::fmt::format(src);
    let _ = baseline::fmt::format_hclwrite(src);
}

#[test]
fn deep_nesting_is_rejected_or_formatted_without_overflow() {
    for n in [10usize, 150, 199, 200, 201, 5_000, 100_000] {
        both(&format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)));
        both(&format!("a = {}1\n", "-".repeat(n)));
        both(&format!("a = x{}\n", "[*]".repeat(n)));
        both(&format!("a = \"{}x{}\"\n", "${\"".repeat(n), "\"}".repeat(n)));
        // Indentation makes hclwrite's output quadratic in the nesting depth
        // of multi-line input, so only the rejecting entry point gets huge n.
        let blocks = format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n));
        let _ = baseline::fmt::format(&blocks);
        if n <= 5_000 {
            let _ = baseline::fmt::format_hclwrite(&blocks);
        }
        both(&format!("a = {}\n", "(".repeat(n)));
    }
    // Moderate nesting is fine.
    let ok = baseline::fmt::format(&format!("a = {}1{}\n", "[".repeat(150), "]".repeat(150)));
    assert!(ok.is_ok());
    let ok = baseline::fmt::format(&format!("{}{}", "b {\n".repeat(150), "}\n".repeat(150)));
    assert!(ok.is_ok());
}

#[test]
fn random_fragments_never_panic() {
    const FRAGS: &[&str] = &[
        "a",
        "b",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "=",
        "==",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "\"",
        "${",
        "%{",
        "~}",
        "$${",
        "$",
        "%",
        "\\",
        "\\u00e9",
        "<<EOT\n",
        "<<-EOT\n",
        "EOT",
        "#",
        "//",
        "/*",
        "*/",
        ".",
        "...",
        ",",
        ":",
        "::",
        "?",
        "!",
        "-",
        "+",
        "*",
        "1",
        "1.5e3",
        "true",
        "null",
        "for",
        "in",
        "if",
        "endif",
        "=>",
        "é",
        "🇬🇧",
        "\u{feff}",
        "'",
        ";",
        "&",
        "variable",
        "type",
        "\"string\"",
        "list",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            s.push_str(FRAGS[(next() % FRAGS.len() as u64) as usize]);
        }
        both(&s);
    }
}
