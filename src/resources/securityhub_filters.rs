//! What `aws_securityhub_automation_rule`'s `criteria` and `aws_securityhub_insight`'s
//! `filters` share: the filter blocks of each kind, the blocks generated from the table of
//! finding filters (`services::securityhub::criteria`), and the conversion between stored
//! blocks and the API's JSON, driven by the schema.

use serde_json::{Map, Value as Json};

use crate::schema::{self, Attr, BlockType, Ty};
use crate::services::securityhub::criteria::{MAP_COMPARISONS, STRING_COMPARISONS};

static STRING_FILTER: &[Attr] = &[
    Attr::required("comparison", Ty::String).validate(|v| schema::one_of(v, &STRING_COMPARISONS)),
    Attr::required("value", Ty::String),
];
static NUMBER_FILTER: &[Attr] = &[
    Attr::optional("eq", Ty::Number),
    Attr::optional("gt", Ty::Number),
    Attr::optional("gte", Ty::Number),
    Attr::optional("lt", Ty::Number),
    Attr::optional("lte", Ty::Number),
];
static DATE_FILTER: &[Attr] = &[Attr::optional("end", Ty::String), Attr::optional("start", Ty::String)];
static DATE_RANGE: &[Attr] = &[
    Attr::required("unit", Ty::String).validate(|v| schema::one_of(v, &["DAYS"])),
    Attr::required("value", Ty::Number),
];
static DATE_BLOCKS: &[BlockType] = &[BlockType::new("date_range", DATE_RANGE).single()];
static MAP_FILTER: &[Attr] = &[
    Attr::required("comparison", Ty::String).validate(|v| schema::one_of(v, &MAP_COMPARISONS)),
    Attr::required("key", Ty::String),
    Attr::required("value", Ty::String),
];

pub(crate) const fn string(name: &'static str) -> BlockType {
    BlockType::new(name, STRING_FILTER).set()
}
pub(crate) const fn number(name: &'static str) -> BlockType {
    BlockType::new(name, NUMBER_FILTER).set()
}
pub(crate) const fn date(name: &'static str) -> BlockType {
    BlockType::new(name, DATE_FILTER).set().blocks(DATE_BLOCKS)
}
pub(crate) const fn map(name: &'static str) -> BlockType {
    BlockType::new(name, MAP_FILTER).set()
}

/// Builds the automation rule's criteria blocks from the table: the members it offers,
/// named as the provider names them.
macro_rules! rule_blocks {
    (@acc [$($out:expr,)*]) => { &[$($out,)*] };
    (@acc [$($out:expr,)*] $field:ident $api:literal $kind:ident - $insight:tt, $($rest:tt)*) => {
        rule_blocks!(@acc [$($out,)*] $($rest)*)
    };
    (@acc [$($out:expr,)*] $field:ident $api:literal $kind:ident $rule:literal $insight:tt, $($rest:tt)*) => {
        rule_blocks!(@acc [$($out,)* $crate::resources::securityhub_filters::$kind($rule),] $($rest)*)
    };
    ($($rows:tt)*) => { rule_blocks!(@acc [] $($rows)*) };
}

/// The automation rule's criteria blocks.
pub(crate) static RULE_CRITERIA: &[BlockType] = crate::with_finding_filters!(rule_blocks);

/// `snake_case` → `PascalCase`, the API's member naming.
pub(crate) fn pascal(s: &str) -> String {
    s.split('_').filter(|w| !w.is_empty()).map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

/// A block list of objects (as stored) → the API's JSON: each block becomes a list of
/// objects with PascalCase keys, `single` blocks a bare object; null attributes and empty
/// blocks are left out (map attributes are copied as they are).
pub(crate) fn to_api(bt: &BlockType, items: &Json) -> Json {
    let convert = |item: &Json| {
        let mut m = Map::new();
        for a in bt.attrs {
            if let Some(v) = item.get(a.name).filter(|v| !v.is_null()) {
                m.insert(pascal(a.name), v.clone());
            }
        }
        for inner in bt.blocks {
            if let Some(list) = item.get(inner.name).and_then(Json::as_array).filter(|l| !l.is_empty()) {
                m.insert(pascal(inner.name), to_api(inner, &Json::Array(list.clone())));
            }
        }
        Json::Object(m)
    };
    let list: Vec<Json> = items.as_array().into_iter().flatten().map(convert).collect();
    if bt.max_items == Some(1) {
        list.into_iter().next().unwrap_or(Json::Null)
    } else {
        Json::Array(list)
    }
}

/// The API's JSON → a stored block list (the inverse of [`to_api`]).
pub(crate) fn from_api(bt: &BlockType, v: &Json) -> Json {
    let convert = |item: &Json| {
        let mut m = Map::new();
        for a in bt.attrs {
            let v = item.get(pascal(a.name)).cloned().unwrap_or(Json::Null);
            m.insert(a.name.to_string(), if a.ty == Ty::Number { plain_number(v) } else { v });
        }
        for inner in bt.blocks {
            let x = item.get(pascal(inner.name)).cloned().unwrap_or(Json::Null);
            m.insert(inner.name.to_string(), from_api(inner, &x));
        }
        Json::Object(m)
    };
    match v {
        Json::Array(items) => Json::Array(items.iter().map(convert).collect()),
        Json::Null => Json::Array(vec![]),
        one => Json::Array(vec![convert(one)]),
    }
}

/// A number as Terraform writes it: a whole number without a fraction (the API's doubles
/// read back as `5.0` where the configuration says `5`).
fn plain_number(v: Json) -> Json {
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Json::from(f as i64),
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::securityhub::criteria::{Kind, CRITERIA};

    /// The generated blocks are the table's rule members, in its order, of their kinds, and
    /// each block's name is its API member's in snake_case.
    #[test]
    fn the_rule_blocks_follow_the_table() {
        let rows: Vec<_> = CRITERIA.iter().filter(|c| c.rule.is_some()).collect();
        assert_eq!(RULE_CRITERIA.len(), rows.len());
        for (b, c) in RULE_CRITERIA.iter().zip(rows) {
            assert_eq!(Some(b.name), c.rule);
            assert_eq!(pascal(b.name), c.api);
            let kind = match (b.attrs.len(), b.blocks.len()) {
                (2, 0) => Kind::String,
                (5, 0) => Kind::Number,
                (2, 1) => Kind::Date,
                (3, 0) => Kind::Map,
                _ => panic!("{}: unexpected shape", b.name),
            };
            assert_eq!(kind, c.kind, "{}", b.name);
        }
    }
}
