//! Diagnostics: source files, spans, and user-facing errors and warnings that accumulate so a
//! run reports every mistake at once.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity as MSeverity, SourceCode};

/// Index of a loaded source file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span covering `range` of `file`.
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span { file, start: range.start, end: range.end }
    }
}

/// `(translated range, original range)` pairs of a translated file, in translated order.
pub type OffsetMap = Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>;

/// One loaded file: its display name and full text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    /// The text spans index into (for a translated file, the translation).
    pub text: Arc<String>,
    /// For a file read through a translation (`*.tf.json`): the file's own text and the
    /// `(translated range, original range)` pairs, in translated order. Diagnostics show the
    /// original.
    pub original: Option<(Arc<String>, OffsetMap)>,
}

impl SourceFile {
    /// A span of this file mapped to the text the user wrote: `(text, start, end)`.
    pub fn shown(&self, start: usize, end: usize) -> (Arc<String>, usize, usize) {
        let Some((text, map)) = &self.original else { return (self.text.clone(), start, end) };
        let at = |g: usize, is_end: bool| -> usize {
            let probe = if is_end && g > 0 { g - 1 } else { g };
            let i = map.partition_point(|(gen, _)| gen.start <= probe);
            let Some((gen, orig)) = i.checked_sub(1).and_then(|i| map.get(i)) else {
                return map.first().map_or(0, |m| m.1.start);
            };
            (orig.start + g.saturating_sub(gen.start)).min(orig.end)
        };
        let (s, e) = (at(start, false), at(end, true));
        (text.clone(), s, e.max(s))
    }
}

/// All files read in one run; spans point into these.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: String) -> FileId {
        self.files.push(SourceFile { name: name.into(), text: Arc::new(text), original: None });
        FileId((self.files.len() - 1) as u32)
    }

    /// Adds a file read through a translation: spans index `translated`; diagnostics show
    /// `original` through `map` (see [`SourceFile::original`]).
    pub fn add_translated(
        &mut self,
        name: impl Into<String>,
        original: String,
        translated: String,
        map: OffsetMap,
    ) -> FileId {
        self.files.push(SourceFile {
            name: name.into(),
            text: Arc::new(translated),
            original: Some((Arc::new(original), map)),
        });
        FileId((self.files.len() - 1) as u32)
    }

    /// The file with id `id`. Ids only come from `add` on this map.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in load order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// `file:line` of a span's start, for messages that point at a second place.
    pub fn location(&self, span: Span) -> String {
        let f = self.get(span.file);
        let (text, start, _) = f.shown(span.start, span.end);
        let upto = text.get(..start).unwrap_or(&text);
        format!("{}:{}", f.name, upto.matches('\n').count() + 1)
    }

    /// The text a span covers (empty if out of range).
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).text.get(span.start..span.end).unwrap_or("")
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One user-facing problem, optionally located in a source file.
#[derive(Debug, Clone)]
pub struct Diag {
    pub severity: Severity,
    /// Stable code such as `baseline::config::unknown_attribute`.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    /// Text shown under the underlined span.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diag {
    /// An error with a code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diag {
        Diag { severity: Severity::Error, code, message: message.into(), span: None, label: None, help: None }
    }

    /// A warning with a code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diag {
        Diag { severity: Severity::Warning, ..Diag::error(code, message) }
    }

    /// Points the diagnostic at `span`, with `label` under it.
    pub fn at(mut self, span: Option<Span>, label: impl Into<String>) -> Diag {
        self.span = span;
        self.label = Some(label.into());
        self
    }

    /// Adds a help line telling the user what to do.
    pub fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line unless one is already set.
    pub fn help_if_none(mut self, help: impl Into<String>) -> Diag {
        if self.help.is_none() {
            self.help = Some(help.into());
        }
        self
    }

    /// Adds a help line only when `help` is `Some`.
    pub fn maybe_help(mut self, help: Option<String>) -> Diag {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}

/// An accumulating list of diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Diags(pub Vec<Diag>);

impl Diags {
    /// An empty list.
    pub fn new() -> Diags {
        Diags(Vec::new())
    }
    /// Appends one diagnostic, unless the same one is already there (a local value
    /// evaluated for several resources reports its mistake once).
    pub fn push(&mut self, d: Diag) {
        let dup = self.0.iter().any(|x| x.code == d.code && x.message == d.message && x.span == d.span);
        if !dup {
            self.0.push(d);
        }
    }
    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diags) {
        for d in other.0 {
            self.push(d);
        }
    }
    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Error).count()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// "did you mean" suggestion: the candidate closest to `word`, if close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// A single diagnostic made renderable by miette, carrying its own source file.
#[derive(Debug)]
pub struct Rendered {
    diag: Diag,
    source: Option<NamedSource<Arc<String>>>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diag.code))
    }
    fn severity(&self) -> Option<MSeverity> {
        Some(match self.diag.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diag.span?;
        let len = span.end.saturating_sub(span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new(self.diag.label.clone(), span.start, len))))
    }
}

/// Turns a diagnostic into a miette-renderable value with its source attached.
pub fn to_miette(sources: &SourceMap, diag: &Diag) -> Rendered {
    let mut diag = diag.clone();
    let source = diag.span.as_mut().map(|s| {
        let f = sources.get(s.file);
        let (text, start, end) = f.shown(s.start, s.end);
        (s.start, s.end) = (start, end);
        let language = if f.original.is_some() { "json" } else { "hcl" };
        // The renderer cannot draw columns past 65,535: show a window of a long line instead.
        let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
        if start - line_start > MAX_COLUMN {
            let line_no = text[..start].matches('\n').count() + 1;
            let from = floor_char(&text, start.saturating_sub(WINDOW));
            let to = ceil_char(&text, (end + WINDOW).min(text.len()));
            let window = text[from..to].lines().next().unwrap_or("").to_string();
            (s.start, s.end) = (start - from, (end - from).min(window.len()));
            let name = format!("{} (line {line_no}, from column {})", f.name, from - line_start + 1);
            return NamedSource::new(name, Arc::new(window)).with_language(language);
        }
        NamedSource::new(f.name.clone(), text).with_language(language)
    });
    Rendered { diag, source }
}

/// Columns past this are shown through a window of the line.
const MAX_COLUMN: usize = 4096;
/// How much of a long line is shown on each side of the span.
const WINDOW: usize = 80;

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Renders every diagnostic (errors and warnings) to one string for stderr, followed by a
/// count line when there are errors.
pub fn render_all(sources: &SourceMap, diags: &Diags, color: bool) -> String {
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = handler(theme);
    let mut out = String::new();
    for d in &diags.0 {
        let r = to_miette(sources, d);
        if handler.render_report(&mut out, &r).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, d.message));
        }
    }
    let n = diags.error_count();
    if n > 0 {
        out.push_str(&format!("{n} error{} found.\n", if n == 1 { "" } else { "s" }));
    }
    out
}

/// Renders one error (no source) the same way as configuration diagnostics.
/// The diagnostic renderer: 100 columns, lines broken only at spaces, so a path or an
/// address in a message or hint is never cut in the middle.
fn handler(theme: miette::GraphicalTheme) -> miette::GraphicalReportHandler {
    miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

pub fn render_error(code: &'static str, message: &str, help: Option<&str>, color: bool) -> String {
    let mut d = Diag::error(code, message);
    d.help = help.map(str::to_string);
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = handler(theme);
    let mut out = String::new();
    let r = to_miette(&SourceMap::default(), &d);
    if handler.render_report(&mut out, &r).is_err() {
        out = format!("Error: {message}\n");
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_path_in_a_hint_is_never_cut_in_the_middle() {
        let path = format!("/home/runner/work/{}/terraform.tfstate", "security-baseline-".repeat(6));
        let out = render_error(
            "baseline::x",
            "something failed",
            Some(&format!("move it with `baseline state push {path}`")),
            false,
        );
        assert!(out.contains(&path), "{out}");
    }
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let c = ["schedule_expression", "event_pattern", "description"];
        assert_eq!(did_you_mean("schedule_expresion", c).as_deref(), Some("did you mean `schedule_expression`?"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
