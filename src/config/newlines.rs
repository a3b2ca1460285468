//! Newlines where HCL ignores them and the parser does not. HCL ignores line breaks inside
//! parentheses, brackets, `for` expressions in braces and template interpolations (`${ … }`),
//! so a long conditional may be broken after its `:`, as the most used label module writes it:
//!
//! ```hcl
//! x = { for k in ks : k => c == "none" ? a[k] :
//!   c == "upper" ? upper(a[k]) : lower(a[k]) }
//! ```
//!
//! The parser (`hcl-edit`) refuses some of these. When a file fails to parse, it is parsed
//! again with those newlines (and the line comments among them) made spaces: the text keeps its
//! length and every byte offset, so spans still point into the file as written. Nothing else
//! changes: strings, heredocs and block bodies are left as they are.

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Frame {
    /// `( … )`, `[ … ]`, `{ for … }`, `${ … }` / `%{ … }`: newlines are insignificant.
    Loose(u8),
    /// An object constructor or a block body: newlines separate items.
    Strict,
    /// Inside a quoted string.
    Quoted,
}

/// The text with the newlines HCL ignores made spaces, or `None` when there is none to change.
pub fn relaxed(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut stack: Vec<Frame> = vec![Frame::Strict];
    let mut changed = false;
    let mut i = 0;
    while i < b.len() {
        let top = *stack.last().unwrap_or(&Frame::Strict);
        let c = b[i];
        if top == Frame::Quoted {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' | b'%' if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') => i += 2,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    stack.push(Frame::Loose(b'}'));
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        let loose = matches!(top, Frame::Loose(_));
        match c {
            b'"' => stack.push(Frame::Quoted),
            b'(' => stack.push(Frame::Loose(b')')),
            b'[' => stack.push(Frame::Loose(b']')),
            b'{' => stack.push(if starts_for(&b[i + 1..]) { Frame::Loose(b'}') } else { Frame::Strict }),
            b')' | b']' | b'}' if stack.len() > 1 => {
                stack.pop();
            }
            b'#' => {
                i = comment_end(b, i, loose, &mut out, &mut changed);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = comment_end(b, i, loose, &mut out, &mut changed);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = match text[i + 2..].find("*/") {
                    Some(end) => i + 2 + end + 2,
                    None => b.len(),
                };
                continue;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                if let Some(end) = heredoc_end(text, i) {
                    i = end;
                    continue;
                }
            }
            b'\n' | b'\r' if loose => {
                out[i] = b' ';
                changed = true;
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced, each by a space: still UTF-8.
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// True when the text after a `{` starts a `for` expression.
fn starts_for(rest: &[u8]) -> bool {
    let t = rest.iter().position(|c| !c.is_ascii_whitespace()).map_or(&[][..], |p| &rest[p..]);
    t.starts_with(b"for") && t.get(3).is_some_and(|c| c.is_ascii_whitespace())
}

/// Skips a line comment starting at `i`; in a loose frame, blanks it and its newline (else
/// the code after it would join the comment). Returns where scanning goes on.
fn comment_end(b: &[u8], i: usize, loose: bool, out: &mut [u8], changed: &mut bool) -> usize {
    let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
    if loose {
        for x in &mut out[i..end] {
            *x = b' ';
        }
        if end < b.len() {
            out[end] = b' ';
        }
        *changed = true;
    }
    end + 1
}

/// The end of a heredoc starting at `i` (`<<EOT` or `<<-EOT`), just after its closing line's
/// newline is kept out of it (that newline ends the heredoc and must stay); `None` when this
/// is not one.
fn heredoc_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let marker: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if marker.is_empty() {
        return None;
    }
    let first_nl = text[i..].find('\n')? + i;
    let mut at = first_nl + 1;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        if text[at..line_end].trim() == marker {
            return Some(line_end + 1);
        }
        at = line_end + 1;
    }
    Some(text.len())
}

#[cfg(test)]
mod tests {
    use super::relaxed;

    fn parses(text: &str) -> bool {
        hcl_edit::parser::parse_body(text).is_ok()
    }

    /// The label module's conditional broken after `:` inside a `for`: refused as written,
    /// read once relaxed, every byte where it was.
    #[test]
    fn a_conditional_broken_inside_a_for_expression_parses() {
        let text =
            "x = { for k in ks : k => c == \"none\" ? a[k] :\n  c == \"upper\" ? upper(a[k]) : lower(a[k]) }\ny = 1\n";
        assert!(!parses(text), "the parser refuses it; if it stops refusing, this module can go");
        let r = relaxed(text).expect("a newline to change");
        assert_eq!(r.len(), text.len());
        assert!(parses(&r), "{r}");
        // The newline between the attributes stays.
        assert!(r.ends_with("}\ny = 1\n"), "{r}");
    }

    /// Strings, heredocs, block bodies and object constructors keep their newlines; a line
    /// comment in a loose frame is blanked with its newline.
    #[test]
    fn only_the_newlines_hcl_ignores_change() {
        let text = concat!(
            "a = [\n  1, # one\n  2,\n]\n",
            "b = <<EOT\nline ${x}\nEOT\n",
            "c = { k = 1\n  j = 2 }\n",
            "d = \"x\\n${ y }\"\n",
            "block {\n  e = 1\n}\n",
        );
        let r = relaxed(text).expect("changes");
        assert_eq!(r.len(), text.len());
        assert!(r.starts_with("a = [   1,         2, ]\n"), "{r}");
        assert!(r.contains("b = <<EOT\nline ${x}\nEOT\n"), "{r}");
        assert!(r.contains("c = { k = 1\n  j = 2 }\n"), "{r}");
        assert!(r.contains("block {\n  e = 1\n}\n"), "{r}");
        assert!(parses(&r), "{r}");
        assert_eq!(relaxed("a = 1\nb = \"(\"\n"), None);
    }
}
