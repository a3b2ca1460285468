//! Rendering plans for people. Renderers read a computed [`crate::plan::Plan`]; they never
//! decide what changes.

pub mod json;
pub mod markdown;
pub mod mask;
pub mod text;

/// Terminal styling; everything reads correctly with colour off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    /// Green (creations).
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    /// Red (destructions).
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    /// Yellow (updates).
    pub fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    /// Bold (headings).
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}
