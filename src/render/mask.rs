//! Masking account ids and other patterns in any output, for plans posted in public places.

use regex::Regex;

/// Replaces matches of its patterns in text.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    patterns: Vec<(Regex, &'static str)>,
}

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
        Ok(Masker { patterns })
    }

    /// True when there is nothing to mask.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `s` with every match replaced.
    pub fn apply(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (re, with) in &self.patterns {
            out = re.replace_all(&out, *with).into_owned();
        }
        out
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
}
