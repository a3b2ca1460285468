//! `baseline fmt`: `terraform fmt`. Rewrites `.tf`, `.tfvars`, `.tftest.hcl` and `.tfmock.hcl`
//! files in Terraform's canonical style (`crate::fmt`), with Terraform's options, output and
//! exit codes: the names of the files it changed on stdout (`--list`), a unified diff
//! (`--diff`), nothing written with `--check` (exit 3 when a file is not formatted), standard
//! input formatted to standard output with `-`, and a file that does not parse left alone and
//! reported with its line and span (exit 2). Directories are read as Terraform reads a module
//! (hidden and editor backup files skipped); `--recursive` descends into subdirectories.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{CommandError, ExitStatus, Printer};
use crate::cli::FmtArgs;
use crate::diag::{Diag, Diags, SourceMap, Span};

/// The file name endings `terraform fmt` formats.
const EXTENSIONS: &[&str] = &[".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"];

/// What one run does with each file, from the flags as Terraform combines them.
struct Mode {
    list: bool,
    write: bool,
    diff: bool,
}

pub fn run(p: &Printer, args: &FmtArgs) -> Result<ExitStatus, CommandError> {
    // Every error of `fmt` (a missing path, a file of another kind) exits 2, as Terraform's.
    formatted(p, args).or_else(|e| {
        e.print(p);
        Ok(ExitStatus::Invalid)
    })
}

fn formatted(p: &Printer, args: &FmtArgs) -> Result<ExitStatus, CommandError> {
    let stdin = args.targets.first().is_some_and(|t| t.as_os_str() == "-");
    let mut mode = Mode { list: args.list && !stdin, write: args.write && !stdin, diff: args.diff };
    if args.check {
        // The list tells whether anything needs formatting; nothing is written.
        mode.list = true;
        mode.write = false;
    }
    let mut out = String::new();
    let mut sources = SourceMap::default();
    let mut diags = Diags::new();
    if stdin {
        let mut text = String::new();
        if std::io::stdin().read_to_string(&mut text).is_err() {
            return Err(CommandError::message("baseline::fmt::read", "cannot read standard input as UTF-8", None));
        }
        process("<stdin>", text, &mode, &mut out, &mut sources, &mut diags);
    } else {
        let targets = if args.targets.is_empty() { vec![PathBuf::from(".")] } else { args.targets.clone() };
        for t in &targets {
            let shown = relative(t);
            let meta = std::fs::metadata(t).map_err(|_| {
                CommandError::message("baseline::fmt::missing", format!("no file or directory at {shown}"), None)
            })?;
            if meta.is_dir() {
                dir(t, args.recursive, &mode, &mut out, &mut sources, &mut diags)?;
            } else if EXTENSIONS.iter().any(|e| shown.ends_with(e)) {
                file(t, &mode, &mut out, &mut sources, &mut diags)?;
            } else {
                // Said, and the other targets still formatted, as Terraform does.
                diags.push(Diag::error(
                    "baseline::fmt::extension",
                    format!("{shown}: only .tf, .tfvars, .tftest.hcl and .tfmock.hcl files can be formatted"),
                ));
            }
        }
    }
    let unformatted = !out.is_empty();
    // With --check the list is printed only when asked for (never for standard input) and only
    // when every file could be read, as Terraform does.
    if !args.check || (args.list && !stdin && !diags.has_errors()) {
        p.out(&out);
    }
    if diags.has_errors() {
        p.diags(&sources, &diags);
        return Ok(ExitStatus::Invalid);
    }
    Ok(if args.check && unformatted { ExitStatus::NotFormatted } else { ExitStatus::Success })
}

/// The files of `path` in name order, as Terraform reads a module's directory.
fn dir(
    path: &Path,
    recursive: bool,
    mode: &Mode,
    out: &mut String,
    sources: &mut SourceMap,
    diags: &mut Diags,
) -> Result<(), CommandError> {
    let entries = std::fs::read_dir(path).map_err(|e| {
        CommandError::message("baseline::fmt::read", format!("cannot read directory {}: {e}", relative(path)), None)
    })?;
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for e in entries {
        let name = e.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Hidden files, vim's backups and emacs' autosaves, as Terraform skips them.
        if name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#')) {
            continue;
        }
        if e.is_dir() {
            if recursive {
                dir(&e, recursive, mode, out, sources, diags)?;
            }
        } else if EXTENSIONS.iter().any(|x| name.ends_with(x)) {
            file(&e, mode, out, sources, diags)?;
        }
    }
    Ok(())
}

fn file(
    path: &Path,
    mode: &Mode,
    out: &mut String,
    sources: &mut SourceMap,
    diags: &mut Diags,
) -> Result<(), CommandError> {
    let shown = relative(path);
    let bytes = std::fs::read(path)
        .map_err(|e| CommandError::message("baseline::fmt::read", format!("cannot read {shown}: {e}"), None))?;
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(Diag::error("baseline::fmt::encoding", format!("{shown} is not valid UTF-8; it was left as it is")));
        return Ok(());
    };
    if let Some(formatted) = process(&shown, text.clone(), mode, out, sources, diags) {
        if mode.write && formatted != text {
            // Through a symbolic link to the file it names, as Terraform writes: replacing the
            // link itself would leave the file unformatted and the link a copy.
            let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            crate::fsutil::write_atomic(&target, formatted.as_bytes()).map_err(|e| {
                CommandError::message("baseline::fmt::write", format!("cannot write {shown}: {e}"), None)
            })?;
        }
    }
    Ok(())
}

/// Formats one file's `text`: lists it and adds its diff to `out` when it changes, or adds the
/// result itself when the mode asks for neither and writes nothing; `None` (and a diagnostic) when it does not parse, so it is left as it is.
fn process(
    name: &str,
    text: String,
    mode: &Mode,
    out: &mut String,
    sources: &mut SourceMap,
    diags: &mut Diags,
) -> Option<String> {
    // Only a file that parses is formatted: the formatter works on tokens, and would make
    // drastic changes to one it misreads.
    if let Err(e) = crate::config::parse_native(&text) {
        let off = e.location().offset();
        let len = text.len();
        let id = sources.add(name.to_string(), text);
        let span = Span::new(id, off.min(len)..(off + 1).min(len));
        diags.push(
            Diag::error("baseline::fmt::syntax", format!("syntax error: {}", e.message()))
                .at(Some(span), "here")
                .help("the file was left as it is"),
        );
        return None;
    }
    let formatted = match crate::fmt::format(&text) {
        Ok(f) => f,
        Err(e) => {
            let id = sources.add(name.to_string(), text.clone());
            let at = e.offset.min(text.len());
            diags.push(
                Diag::error("baseline::fmt::token", format!("cannot format {name}: {}", e.message))
                    .at(Some(Span::new(id, at..(at + 1).min(text.len()))), "here"),
            );
            return None;
        }
    };
    if formatted != text {
        if mode.list {
            out.push_str(name);
            out.push('\n');
        }
        if mode.diff {
            let diff = similar::TextDiff::from_lines(&text, &formatted);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("old/{name}"), &format!("new/{name}"))
                    .to_string(),
            );
        }
    }
    // Nothing else asked (standard input, or `--list=false --write=false`): the result itself,
    // ending in a newline as Terraform's output of it does.
    if !mode.list && !mode.write && !mode.diff {
        out.push_str(&formatted);
        if !formatted.ends_with('\n') {
            out.push('\n');
        }
    }
    Some(formatted)
}

/// `path` as Terraform shows it: relative to the working directory where it can be.
fn relative(path: &Path) -> String {
    let Ok(cwd) = std::env::current_dir() else { return path.display().to_string() };
    let abs = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let norm = |p: &Path| -> Vec<std::ffi::OsString> {
        let mut parts: Vec<std::ffi::OsString> = Vec::new();
        for c in p.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                other => parts.push(other.as_os_str().to_os_string()),
            }
        }
        parts
    };
    let (a, b) = (norm(&abs), norm(&cwd));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for part in &a[common..] {
        rel.push(part);
    }
    if rel.as_os_str().is_empty() {
        ".".to_string()
    } else {
        rel.display().to_string()
    }
}
