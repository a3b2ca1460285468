//! Masking account ids and other patterns in any output, for plans posted in public places.

use regex::Regex;

/// Replaces matches of its patterns in text, and values of sensitive variables.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    patterns: Vec<(Regex, &'static str)>,
    /// Sensitive values: a quoted occurrence (`"s3cret"`) or a bare one becomes
    /// `(sensitive value)`, as Terraform prints them.
    secrets: Option<Regex>,
}

/// What a sensitive value prints as.
pub const SENSITIVE: &str = "(sensitive value)";

impl Masker {
    /// A masker for 12-digit account ids (when `account_ids`) and each regex in `extra`.
    pub fn new(account_ids: bool, extra: &[String]) -> Result<Masker, regex::Error> {
        let mut patterns = Vec::new();
        if account_ids {
            // \b keeps longer digit runs (timestamps, ids) intact.
            patterns.push((Regex::new(r"\b\d{12}\b")?, "************"));
        }
        for e in extra {
            patterns.push((Regex::new(e)?, "***"));
        }
        Ok(Masker { patterns, secrets: None })
    }

    /// Also hides each of `values` (longest first, so one secret inside another is hidden
    /// whole). Values shorter than three characters are not hidden: they would hide common
    /// text everywhere.
    pub fn hide(&mut self, values: &[String]) {
        let mut all: Vec<&String> = values.iter().filter(|v| v.chars().count() >= 3).collect();
        all.sort_by_key(|v| std::cmp::Reverse(v.len()));
        all.dedup();
        if all.is_empty() {
            return;
        }
        let alts: Vec<String> = all.iter().map(|v| regex::escape(v)).collect();
        let alt = alts.join("|");
        let old = self.secrets.as_ref().map(|r| r.as_str().to_string());
        let pattern = match old {
            Some(o) => format!("{o}|\"(?:{alt})\"|(?:{alt})"),
            None => format!("\"(?:{alt})\"|(?:{alt})"),
        };
        self.secrets = Regex::new(&pattern).ok();
    }

    /// `s` with every pattern match replaced, but sensitive values kept (for data the user
    /// asked for in a machine format, which marks them instead).
    pub fn apply_patterns(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (re, with) in &self.patterns {
            out = re.replace_all(&out, *with).into_owned();
        }
        out
    }

    /// True when there is nothing to mask.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty() && self.secrets.is_none()
    }

    /// `s` with every sensitive value and every match replaced.
    pub fn apply(&self, s: &str) -> String {
        let hidden = match &self.secrets {
            Some(re) => re.replace_all(s, SENSITIVE).into_owned(),
            None => s.to_string(),
        };
        self.apply_patterns(&hidden)
    }
}

/// One masker shared by every printer of a run: sensitive values found while loading the
/// configuration are hidden from then on, wherever the run prints.
#[derive(Debug, Clone, Default)]
pub struct SharedMask(std::sync::Arc<std::sync::RwLock<Masker>>);

impl SharedMask {
    /// Shares `m`.
    pub fn new(m: Masker) -> SharedMask {
        SharedMask(std::sync::Arc::new(std::sync::RwLock::new(m)))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Masker> {
        // A poisoned lock still holds a whole masker (it is replaced whole under the lock).
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }

    /// See [`Masker::apply`].
    pub fn apply(&self, s: &str) -> String {
        self.read().apply(s)
    }

    /// See [`Masker::apply_patterns`].
    pub fn apply_patterns(&self, s: &str) -> String {
        self.read().apply_patterns(s)
    }

    /// See [`Masker::hide`].
    pub fn hide(&self, values: &[String]) {
        self.0.write().unwrap_or_else(|p| p.into_inner()).hide(values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_account_ids_but_not_longer_numbers() {
        let m = Masker::new(true, &[]).unwrap();
        assert_eq!(
            m.apply("arn:aws:iam::123456789012:role/x 1234567890123"),
            "arn:aws:iam::************:role/x 1234567890123"
        );
        let m = Masker::new(false, &["InspectorEvents-[a-z0-9-]+".into()]).unwrap();
        assert_eq!(m.apply("role/InspectorEvents-ap-northeast-1 ok"), "role/*** ok");
        assert!(Masker::new(false, &["(".into()]).is_err());
    }

    #[test]
    fn sensitive_values_print_as_terraform_prints_them() {
        let mut m = Masker::new(false, &[]).unwrap();
        m.hide(&["hunter2".into(), "hunter2-long".into(), "ab".into()]);
        assert_eq!(m.apply(r#"password = "hunter2""#), "password = (sensitive value)");
        assert_eq!(m.apply(r#"url = "https://x/hunter2-long?q""#), r#"url = "https://x/(sensitive value)?q""#);
        assert_eq!(m.apply("ab stays"), "ab stays", "too short to hide");
        assert_eq!(m.apply_patterns(r#""hunter2""#), r#""hunter2""#, "machine formats mark instead");
        m.hide(&["second".into()]);
        assert_eq!(m.apply("hunter2 second"), "(sensitive value) (sensitive value)");
    }
}
