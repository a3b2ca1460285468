//! Terraform's JSON configuration syntax (`*.tf.json`), read by translating it into the native
//! syntax with a map from every translated piece back to the JSON it came from, so that
//! diagnostics point into the JSON file.
//!
//! Which properties are blocks and which are arguments follows Terraform's JSON rules: the
//! top-level keys are block types with their labels nested as object keys; inside a body, a
//! property is a block when the schema (of the resource type, or of the block kind) says so.
//! Strings are templates (`"${var.x}"`), except where Terraform reads them as expressions or
//! references (`depends_on`, `provider`, a variable's `type`, `ignore_changes`,
//! `replace_triggered_by`, `from`/`to`, `providers`). A `"//"` property is a comment.

use std::ops::Range;

use crate::addr::Mode;
use crate::diag::Diag;
use crate::resources;
use crate::schema::BlockType;

/// A JSON value with its byte range.
#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    span: Range<usize>,
}

#[derive(Debug, Clone)]
enum Kind {
    Null,
    Bool(bool),
    /// The number as written.
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    /// Properties in order, each with the key's range.
    Obj(Vec<(String, Range<usize>, Node)>),
}

/// The translation of one file: native-syntax text, and `(generated range, JSON range)`
/// pairs in generated order.
#[derive(Debug, Clone, Default)]
pub struct Translated {
    pub text: String,
    pub map: Vec<(Range<usize>, Range<usize>)>,
}

/// Translates a `.tf.json` file; `Err` is a diagnostic message with the byte offset of the
/// mistake in the JSON.
pub fn translate(json: &str) -> Result<Translated, (String, usize)> {
    let mut p = Parser { s: json.as_bytes(), i: 0 };
    p.ws();
    let root = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(("unexpected text after the JSON value".into(), p.i));
    }
    let Kind::Obj(props) = &root.kind else {
        return Err(("a .tf.json file holds one JSON object".into(), root.span.start));
    };
    let mut e = Emitter::default();
    for (key, kspan, v) in props {
        if key == "//" {
            continue;
        }
        let labels = match key.as_str() {
            "resource" | "data" => 2,
            "variable" | "output" | "provider" | "module" | "check" => 1,
            "locals" | "terraform" | "moved" | "import" | "removed" => 0,
            _ => return Err((format!("`{key}` is not a block type of a configuration"), kspan.start)),
        };
        e.blocks(key, kspan, v, labels, &mut Vec::new(), &Ctx::top(key))?;
    }
    Ok(Translated { text: e.out, map: e.map })
}

/// What the body being translated is, to tell blocks from arguments.
#[derive(Clone)]
enum Ctx {
    /// A resource or data source body, or a nested block of one: these block types.
    Schema(&'static [BlockType], bool),
    /// A block kind with fixed nested block types `(name, labels)`.
    Fixed(&'static [(&'static str, usize)]),
    /// Only arguments.
    Args,
}

impl Ctx {
    fn top(kind: &str) -> Ctx {
        match kind {
            "variable" => Ctx::Fixed(&[("validation", 0)]),
            "output" => Ctx::Fixed(&[("precondition", 0)]),
            "provider" => Ctx::Fixed(&[("assume_role", 0), ("endpoints", 0), ("default_tags", 0), ("ignore_tags", 0)]),
            "terraform" => Ctx::Fixed(&[("required_providers", 0), ("backend", 1), ("cloud", 0)]),
            "removed" => Ctx::Fixed(&[("lifecycle", 0)]),
            "check" => Ctx::Fixed(&[("assert", 0)]),
            _ => Ctx::Args,
        }
    }

    /// The nested block `name` and its label count, with the context of its body.
    fn block(&self, kind: &str, name: &str, labels: &[String]) -> Option<(usize, Ctx)> {
        match self {
            Ctx::Schema(blocks, top) => {
                if *top {
                    match name {
                        "lifecycle" => return Some((0, Ctx::Fixed(&[("precondition", 0), ("postcondition", 0)]))),
                        "dynamic" => return Some((1, Ctx::Args)),
                        "provisioner" => return Some((1, Ctx::Args)),
                        "connection" => return Some((0, Ctx::Args)),
                        _ => {}
                    }
                }
                let _ = (kind, labels);
                blocks.iter().find(|b| b.name == name).map(|b| (0, Ctx::Schema(b.blocks, false)))
            }
            Ctx::Fixed(list) => list.iter().find(|(n, _)| *n == name).map(|(_, l)| {
                (
                    *l,
                    if name == "lifecycle" {
                        Ctx::Fixed(&[("precondition", 0), ("postcondition", 0)])
                    } else {
                        Ctx::Args
                    },
                )
            }),
            Ctx::Args => None,
        }
    }
}

/// Arguments whose JSON string is an expression, not a template.
fn expression_string(kind: &str, name: &str) -> bool {
    matches!(
        (kind, name),
        (_, "depends_on" | "provider" | "ignore_changes" | "replace_triggered_by")
            | ("variable", "type")
            | ("moved" | "removed", "from" | "to")
            | ("import", "to")
            | ("dynamic", "iterator")
            | ("module", "providers")
    )
}

#[derive(Default)]
struct Emitter {
    out: String,
    map: Vec<(Range<usize>, Range<usize>)>,
}

impl Emitter {
    fn emit(&mut self, text: &str, from: &Range<usize>) {
        let start = self.out.len();
        self.out.push_str(text);
        self.map.push((start..self.out.len(), from.clone()));
    }

    /// Blocks of type `kind` whose `labels_left` labels are the next levels of object keys
    /// (an array at any level lists several).
    fn blocks(
        &mut self,
        kind: &str,
        kspan: &Range<usize>,
        v: &Node,
        labels_left: usize,
        labels: &mut Vec<(String, Range<usize>)>,
        ctx: &Ctx,
    ) -> Result<(), (String, usize)> {
        match &v.kind {
            Kind::Arr(items) => {
                for item in items {
                    self.blocks(kind, kspan, item, labels_left, labels, ctx)?;
                }
                Ok(())
            }
            Kind::Obj(props) if labels_left > 0 => {
                for (key, ks, inner) in props {
                    if key == "//" {
                        continue;
                    }
                    labels.push((key.clone(), ks.clone()));
                    self.blocks(kind, kspan, inner, labels_left - 1, labels, ctx)?;
                    labels.pop();
                }
                Ok(())
            }
            Kind::Obj(props) => {
                self.emit(kind, kspan);
                for (l, ls) in labels.iter() {
                    self.out.push(' ');
                    self.emit(&quote(l), ls);
                }
                // Baseline's own types, then any other type of the provider.
                let schema = |mode: Mode, t: &str| {
                    let own = match mode {
                        Mode::Managed => resources::resource_type(t).map(|r| r.schema()),
                        Mode::Data => resources::data_source(t).map(|r| r.schema()),
                    };
                    own.or_else(|| crate::schema::catalogue::schema(mode, t))
                        .map(|s| Ctx::Schema(s.blocks, true))
                        .unwrap_or(Ctx::Args)
                };
                let ctx = match (kind, labels.first()) {
                    ("resource", Some((t, _))) => schema(Mode::Managed, t),
                    ("data", Some((t, _))) => schema(Mode::Data, t),
                    _ => ctx.clone(),
                };
                self.out.push_str(" {\n");
                self.body(kind, props, &ctx)?;
                self.emit("}", &(v.span.end.saturating_sub(1)..v.span.end));
                self.out.push('\n');
                Ok(())
            }
            _ => Err((format!("a `{kind}` block must be a JSON object"), v.span.start)),
        }
    }

    fn body(&mut self, kind: &str, props: &[(String, Range<usize>, Node)], ctx: &Ctx) -> Result<(), (String, usize)> {
        for (key, ks, v) in props {
            if key == "//" {
                continue;
            }
            if kind == "dynamic" && key == "content" {
                // The content's blocks are those of the generated type, unknown here: read its
                // arguments; nested dynamic blocks inside are rare in JSON.
                self.blocks("content", ks, v, 0, &mut Vec::new(), &Ctx::Args)?;
                continue;
            }
            if let Some((labels, inner)) = ctx.block(kind, key, &[]) {
                self.blocks(key, ks, v, labels, &mut Vec::new(), &inner)?;
                continue;
            }
            self.emit(&ident_or_quoted(key), ks);
            self.out.push_str(" = ");
            if expression_string(kind, key) {
                self.expression(v)?;
            } else {
                self.value(v);
            }
            self.out.push('\n');
        }
        Ok(())
    }

    /// A value whose strings are expressions (`"aws_iam_role.a"` is a reference).
    fn expression(&mut self, v: &Node) -> Result<(), (String, usize)> {
        match &v.kind {
            Kind::Str(s) => self.emit(s, &v.span),
            Kind::Arr(items) => {
                self.emit("[", &(v.span.start..v.span.start + 1));
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.expression(x)?;
                }
                self.emit("]", &(v.span.end - 1..v.span.end));
            }
            Kind::Obj(props) => {
                self.emit("{", &(v.span.start..v.span.start + 1));
                for (key, ks, x) in props {
                    self.emit(key, ks);
                    self.out.push_str(" = ");
                    self.expression(x)?;
                    self.out.push('\n');
                }
                self.emit("}", &(v.span.end - 1..v.span.end));
            }
            _ => self.value(v),
        }
        Ok(())
    }

    /// A value in the native syntax: strings as templates.
    fn value(&mut self, v: &Node) {
        match &v.kind {
            Kind::Null => self.emit("null", &v.span),
            Kind::Bool(b) => self.emit(if *b { "true" } else { "false" }, &v.span),
            Kind::Num(n) => self.emit(n, &v.span),
            Kind::Str(s) => self.emit(&quote(s), &v.span),
            Kind::Arr(items) => {
                self.emit("[", &(v.span.start..v.span.start + 1));
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(x);
                }
                self.emit("]", &(v.span.end - 1..v.span.end));
            }
            Kind::Obj(props) => {
                self.emit("{", &(v.span.start..v.span.start + 1));
                self.out.push('\n');
                for (key, ks, x) in props {
                    if key == "//" {
                        continue;
                    }
                    self.emit(&quote(key), ks);
                    self.out.push_str(" = ");
                    self.value(x);
                    self.out.push('\n');
                }
                self.emit("}", &(v.span.end - 1..v.span.end));
            }
        }
    }
}

/// A native-syntax quoted template of `s`. Its `${ ... }` and `%{ ... }` sequences stay
/// templates, as in JSON: their text is copied as is (the expression's own quotes are quotes).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = (c == '$' || c == '%') && chars.get(i + 1) == Some(&'{');
        // `$${` and `%%{` are escapes for a literal `${` / `%{`.
        let escaped = opens && i > 0 && chars[i - 1] == c;
        if opens && !escaped {
            let end = template_end(&chars, i + 2);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
        i += 1;
    }
    out.push('"');
    out
}

/// The index after the `}` closing a template sequence whose body starts at `from`, skipping
/// braces inside quoted strings of the expression.
fn template_end(chars: &[char], from: usize) -> usize {
    let (mut depth, mut in_str, mut i) = (1usize, false, from);
    while i < chars.len() {
        match (in_str, chars[i]) {
            (true, '\\') => i += 1,
            (true, '"') => in_str = false,
            (false, '"') => in_str = true,
            (false, '{') => depth += 1,
            (false, '}') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

fn ident_or_quoted(key: &str) -> String {
    let ident = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ident {
        key.to_string()
    } else {
        quote(key)
    }
}

/// A small JSON parser that keeps byte ranges.
struct Parser<'s> {
    s: &'s [u8],
    i: usize,
}

type PResult<T> = Result<T, (String, usize)>;

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn err<T>(&self, msg: &str) -> PResult<T> {
        Err((msg.to_string(), self.i))
    }

    fn value(&mut self) -> PResult<Node> {
        let start = self.i;
        let kind = match self.s.get(self.i) {
            None => return self.err("unexpected end of the file"),
            Some(b'{') => {
                self.i += 1;
                let mut props = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let ks = self.i;
                        let key = self.string()?;
                        let kspan = ks..self.i;
                        self.ws();
                        if self.s.get(self.i) != Some(&b':') {
                            return self.err("expected `:` after a property name");
                        }
                        self.i += 1;
                        self.ws();
                        let v = self.value()?;
                        props.push((key, kspan, v));
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return self.err("expected `,` or `}`"),
                        }
                    }
                }
                Kind::Obj(props)
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value()?);
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return self.err("expected `,` or `]`"),
                        }
                    }
                }
                Kind::Arr(items)
            }
            Some(b'"') => Kind::Str(self.string()?),
            Some(b't') if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Kind::Bool(true)
            }
            Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Kind::Bool(false)
            }
            Some(b'n') if self.s[self.i..].starts_with(b"null") => {
                self.i += 4;
                Kind::Null
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                while self.i < self.s.len() && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                if text.parse::<f64>().is_err() {
                    return Err((format!("{text} is not a number"), start));
                }
                Kind::Num(text)
            }
            Some(_) => return self.err("expected a JSON value"),
        };
        Ok(Node { kind, span: start..self.i })
    }

    fn string(&mut self) -> PResult<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return self.err("expected a string");
        }
        let start = self.i;
        self.i += 1;
        loop {
            match self.s.get(self.i) {
                None => return Err(("unterminated string".into(), start)),
                Some(b'\\') => self.i += 2,
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(_) => self.i += 1,
            }
        }
        let raw = std::str::from_utf8(&self.s[start..self.i]).map_err(|_| ("invalid UTF-8".to_string(), start))?;
        serde_json::from_str::<String>(raw).map_err(|e| (format!("invalid string: {e}"), start))
    }
}

/// The diagnostic for a JSON syntax mistake at byte `at` of the file.
pub fn syntax_error(file: crate::diag::FileId, msg: &str, at: usize, len: usize) -> Diag {
    let span = crate::diag::Span::new(file, at.min(len)..(at + 1).min(len));
    Diag::error("baseline::config::syntax", format!("JSON syntax error: {msg}")).at(Some(span), "here")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_blocks_labels_arguments_and_expression_strings() {
        let json = r#"{
          "//": "generated",
          "variable": { "region": { "type": "string", "default": "us-east-1" } },
          "resource": {
            "aws_iam_role": {
              "r": {
                "name": "role-${var.region}",
                "assume_role_policy": "{\"Version\":\"2012-10-17\"}",
                "inline_policy": [{ "name": "a", "policy": "{}" }],
                "depends_on": ["aws_iam_role.other"],
                "lifecycle": { "ignore_changes": ["tags"] }
              }
            }
          }
        }"#;
        let t = translate(json).unwrap();
        assert!(t.text.contains("variable \"region\" {\ntype = string\ndefault = \"us-east-1\"\n}"), "{}", t.text);
        assert!(t.text.contains("name = \"role-${var.region}\""), "{}", t.text);
        assert!(t.text.contains("inline_policy {\nname = \"a\""), "{}", t.text);
        assert!(t.text.contains("depends_on = [aws_iam_role.other]"), "{}", t.text);
        assert!(t.text.contains("lifecycle {\nignore_changes = [tags]"), "{}", t.text);
        assert!(hcl_edit::parser::parse_body(&t.text).is_ok(), "{}", t.text);
        // Every generated piece maps into the JSON.
        assert!(t.map.iter().all(|(_, j)| j.end <= json.len()));
    }

    #[test]
    fn syntax_errors_carry_their_offset() {
        let (msg, at) = translate("{\"resource\": [1,}").unwrap_err();
        assert!(msg.contains("expected"), "{msg}");
        assert_eq!(at, 16);
        assert!(translate("[]").is_err());
        assert!(translate("{\"nonsense\": {}}").unwrap_err().0.contains("not a block type"));
    }
}
