//! Rendering plans for people. Renderers read a computed [`crate::plan::Plan`]; they never
//! decide what changes.

pub mod console;
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
    /// `s` in `style` when colour is on. Callers pad `s` before painting: escape codes have
    /// no width, so padding a painted string would miscount.
    fn paint(&self, style: anstyle::Style, s: &str) -> String {
        if self.color {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }
    /// Green (creations).
    pub fn green(&self, s: &str) -> String {
        self.paint(anstyle::AnsiColor::Green.on_default(), s)
    }
    /// Red (destructions).
    pub fn red(&self, s: &str) -> String {
        self.paint(anstyle::AnsiColor::Red.on_default(), s)
    }
    /// Yellow (updates).
    pub fn yellow(&self, s: &str) -> String {
        self.paint(anstyle::AnsiColor::Yellow.on_default(), s)
    }
    /// Bold (headings).
    pub fn bold(&self, s: &str) -> String {
        self.paint(anstyle::Style::new().bold(), s)
    }
}
