//! Attribute schemas of resource types: types, presence, replacement rules, validation and
//! semantic comparison.

use std::ops::Range;

use serde_json::Value as Json;

use crate::lang::Value;

pub mod catalogue;
#[cfg(test)]
mod conformance_tests;

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Number,
    Bool,
    /// Ordered list of strings.
    StringList,
    /// Unordered set of strings (compared and shown sorted).
    StringSet,
    /// Map of string to string (tags).
    StringMap,
    /// Map of string to set of strings (tag selectors with several values).
    StringSetMap,
    /// Any value, kept as written (Terraform's `dynamic` pseudo-type: `terraform_data`'s
    /// `input`, and the arguments of types baseline does not manage yet, checked when they are).
    Dynamic,
}

impl Ty {
    /// The language's type of values of this attribute: what an unknown one stands for.
    pub fn lang_type(self) -> crate::lang::Type {
        use crate::lang::Type as T;
        let strings = || Box::new(T::String);
        match self {
            Ty::String => T::String,
            Ty::Number => T::Number,
            Ty::Bool => T::Bool,
            Ty::StringList => T::List(strings()),
            Ty::StringSet => T::Set(strings()),
            Ty::StringMap => T::Map(strings()),
            Ty::StringSetMap => T::Map(Box::new(T::Set(strings()))),
            Ty::Dynamic => T::Dynamic,
        }
    }

    /// How the type is spelled in messages.
    pub fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Bool => "bool",
            Ty::StringList => "list of strings",
            Ty::StringSet => "set of strings",
            Ty::StringMap => "map of strings",
            Ty::StringSetMap => "map of sets of strings",
            Ty::Dynamic => "value of any type",
        }
    }
}

/// Who sets an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The config must set it.
    Required,
    /// The config may set it; unset means null (or the default).
    Optional,
    /// The config may set it; unset means the cloud chooses.
    OptionalComputed,
    /// Only the cloud sets it.
    Computed,
}

/// A static default for an unset optional attribute.
#[derive(Debug, Clone, Copy)]
pub enum Default {
    Str(&'static str),
    Int(i64),
    Bool(bool),
}

/// Why a value is rejected. `range` is a byte range inside a string value, when the problem
/// is one part of it (a cron field).
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub message: String,
    pub help: Option<String>,
    pub range: Option<Range<usize>>,
}

impl Invalid {
    /// A rejection with just a message.
    pub fn new(message: impl Into<String>) -> Invalid {
        Invalid { message: message.into(), help: None, range: None }
    }
}

/// A value check, run on known values only.
pub type Validator = fn(&Json) -> Result<(), Invalid>;

/// One attribute of a resource type or nested block.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: &'static str,
    pub ty: Ty,
    pub presence: Presence,
    /// Changing it replaces the resource.
    pub force_new: bool,
    /// A JSON document compared by meaning and shown pretty-printed.
    pub json: bool,
    pub default: Option<Default>,
    pub validate: Option<Validator>,
    /// Shown in the plan next to the value (schedule expressions in plain words).
    pub explain: Option<fn(&str) -> Option<String>>,
    /// An empty string (a number: zero; a bool: false; a JSON document: `{}` too) means "not
    /// set", as the provider reads it: a configured empty value is unset, and an unset one
    /// matches a recorded zero value.
    pub empty_is_unset: bool,
    /// Another resource type may write it (`aws_sns_topic_policy` writes a topic's `policy`),
    /// or the planner derives it (`tags_all`, which a state from before it existed lacks): its
    /// drift is reported only when the configuration sets it.
    pub shared: bool,
    /// A secret by nature (a password, a token): printed as `(sensitive value)` wherever a
    /// person reads, marked in the JSON plan, whatever the configuration says.
    pub sensitive: bool,
    /// An IAM policy document of this kind: the plan's review says what a new or changed one
    /// allows.
    pub policy: Option<crate::policy::DocumentKind>,
    /// A policy document the provider records with `"Version"` first (its
    /// `LegacyPolicyNormalize`: inline policies), instead of in key order.
    pub version_first: bool,
    /// A computed copy of another argument, made by apply (`terraform_data`'s `output` of
    /// `input`): known after apply whenever that argument is set on a new object or changes,
    /// null on a new object without it.
    pub mirrors: Option<&'static str>,
    /// Unknown until apply but never null then (cty's `RefineNotNull`, as `terraform_data`
    /// plans its `id`): `x.id == null` is already `false` in the plan.
    pub not_null: bool,
    /// A schedule expression: its explanation (`explain`) is the schedule in words, which
    /// the plan's schedule notes collect (other explanations only annotate the value).
    pub schedule: bool,
    /// The form two values are compared in, where the provider suppresses a difference
    /// between spellings of one thing (a KMS key named by its ARN or by its id).
    pub canonical: Option<fn(&str) -> String>,
}

impl Attr {
    /// What the attribute is while unknown: unknown of its type, refined as not null where
    /// it is.
    pub fn unknown(&self) -> crate::lang::Value {
        let t = crate::lang::Typed::of(&self.ty.lang_type());
        crate::lang::Value::Unknown(if self.not_null { t.not_null() } else { t })
    }

    const fn new(name: &'static str, ty: Ty, presence: Presence) -> Attr {
        Attr {
            name,
            ty,
            presence,
            force_new: false,
            json: false,
            default: None,
            validate: None,
            explain: None,
            empty_is_unset: false,
            shared: false,
            sensitive: false,
            policy: None,
            version_first: false,
            mirrors: None,
            not_null: false,
            schedule: false,
            canonical: None,
        }
    }
    /// A required attribute.
    pub const fn required(name: &'static str, ty: Ty) -> Attr {
        Attr::new(name, ty, Presence::Required)
    }
    /// An optional attribute.
    pub const fn optional(name: &'static str, ty: Ty) -> Attr {
        Attr::new(name, ty, Presence::Optional)
    }
    /// An optional attribute the cloud fills in when unset.
    pub const fn optional_computed(name: &'static str, ty: Ty) -> Attr {
        Attr::new(name, ty, Presence::OptionalComputed)
    }
    /// An attribute only the cloud sets.
    pub const fn computed(name: &'static str, ty: Ty) -> Attr {
        Attr::new(name, ty, Presence::Computed)
    }
    /// Changing the attribute replaces the resource.
    pub const fn force_new(mut self) -> Attr {
        self.force_new = true;
        self
    }
    /// The attribute is a JSON document compared by meaning.
    pub const fn json(mut self) -> Attr {
        self.json = true;
        self
    }
    /// Default used when the config leaves the attribute unset.
    pub const fn default(mut self, d: Default) -> Attr {
        self.default = Some(d);
        self
    }
    /// Adds a validator.
    pub const fn validate(mut self, f: Validator) -> Attr {
        self.validate = Some(f);
        self
    }
    /// Adds a plain-words explanation for the plan.
    pub const fn explain(mut self, f: fn(&str) -> Option<String>) -> Attr {
        self.explain = Some(f);
        self
    }
    /// A schedule expression, explained in words by `f`: the plan's schedule notes read it.
    pub const fn schedule(mut self, f: fn(&str) -> Option<String>) -> Attr {
        self.explain = Some(f);
        self.schedule = true;
        self
    }
    /// An empty string is read as unset (`permissions_boundary = ""`), as the provider does.
    pub const fn empty_is_unset(mut self) -> Attr {
        self.empty_is_unset = true;
        self
    }
    /// Marks a computed attribute never null once known (see [`Attr::not_null`]).
    pub const fn not_null(mut self) -> Attr {
        self.not_null = true;
        self
    }
    /// Another resource type may write the attribute; unset, its drift is not reported.
    pub const fn shared(mut self) -> Attr {
        self.shared = true;
        self
    }
    /// Marks the attribute a secret by nature (see [`Attr::sensitive`]).
    pub const fn sensitive(mut self) -> Attr {
        self.sensitive = true;
        self
    }
    /// Marks the attribute an IAM policy document of `kind` (see [`Attr::policy`]).
    pub const fn policy(mut self, kind: crate::policy::DocumentKind) -> Attr {
        self.policy = Some(kind);
        self
    }
    /// Marks a policy document recorded with `"Version"` first (see [`Attr::version_first`]).
    pub const fn version_first(mut self) -> Attr {
        self.version_first = true;
        self
    }
    /// Marks a computed attribute a copy of argument `source` (see [`Attr::mirrors`]).
    pub const fn mirrors(mut self, source: &'static str) -> Attr {
        self.mirrors = Some(source);
        self
    }
    /// Compares values in the form `f` gives them (see [`Attr::canonical`]).
    pub const fn canonical(mut self, f: fn(&str) -> String) -> Attr {
        self.canonical = Some(f);
        self
    }
    /// True if the config may set the attribute.
    pub fn configurable(&self) -> bool {
        self.presence != Presence::Computed
    }
    /// True if the cloud may choose the value.
    pub fn computed_by_cloud(&self) -> bool {
        matches!(self.presence, Presence::Computed | Presence::OptionalComputed)
    }
    /// The default as JSON.
    pub fn default_json(&self) -> Option<Json> {
        self.default.map(|d| match d {
            Default::Str(s) => Json::from(s),
            Default::Int(i) => Json::from(i),
            Default::Bool(b) => Json::from(b),
        })
    }
}

/// A nested block type (`inline_policy { ... }`), stored as a list of objects.
#[derive(Debug, Clone, Copy)]
pub struct BlockType {
    pub name: &'static str,
    pub attrs: &'static [Attr],
    /// Order-insensitive: compared and shown sorted.
    pub set: bool,
    pub min_items: usize,
    pub max_items: Option<usize>,
    pub force_new: bool,
    /// When no block is configured, the live blocks are kept (not managed here).
    pub keep_live_when_unset: bool,
    /// Blocks nested inside this one.
    pub blocks: &'static [BlockType],
    /// Takes any content (a block of a type baseline does not manage whose schema leaves it
    /// open).
    pub open: bool,
}

impl BlockType {
    /// A block type with these attributes; the other settings at their usual values.
    pub const fn new(name: &'static str, attrs: &'static [Attr]) -> BlockType {
        BlockType {
            name,
            attrs,
            set: false,
            min_items: 0,
            max_items: None,
            force_new: false,
            keep_live_when_unset: false,
            blocks: &[],
            open: false,
        }
    }
    /// Items compare as a set.
    pub const fn set(mut self) -> BlockType {
        self.set = true;
        self
    }
    /// At most one block.
    pub const fn single(mut self) -> BlockType {
        self.max_items = Some(1);
        self
    }
    /// At most `n` blocks.
    pub const fn max_items(mut self, n: usize) -> BlockType {
        self.max_items = Some(n);
        self
    }
    /// At least one block is required.
    pub const fn required(mut self) -> BlockType {
        self.min_items = 1;
        self
    }
    /// Changing the blocks replaces the resource.
    pub const fn force_new(mut self) -> BlockType {
        self.force_new = true;
        self
    }
    /// Unset means "not managed here".
    pub const fn keep_live_when_unset(mut self) -> BlockType {
        self.keep_live_when_unset = true;
        self
    }
    /// Any content accepted.
    pub const fn open(mut self) -> BlockType {
        self.open = true;
        self
    }
    /// Blocks nested inside.
    pub const fn blocks(mut self, blocks: &'static [BlockType]) -> BlockType {
        self.blocks = blocks;
        self
    }
}

/// A `timeouts` block generated by `dynamic "timeouts"`: Go durations by operation (a
/// written `timeouts` block is read where it is declared).
pub static TIMEOUTS: BlockType = BlockType::new(
    "timeouts",
    &[
        Attr::optional("create", Ty::String).validate(duration),
        Attr::optional("read", Ty::String).validate(duration),
        Attr::optional("update", Ty::String).validate(duration),
        Attr::optional("delete", Ty::String).validate(duration),
    ],
)
.single();

/// A Go duration (`"30s"`, `"10m"`, `"1h30m"`).
fn duration(v: &Json) -> Result<(), Invalid> {
    match v.as_str() {
        Some(s) if crate::lang::functions::parse_std_duration(s).is_none() => Err(Invalid {
            message: format!("{s:?} is not a duration"),
            help: Some("write e.g. \"30s\", \"10m\" or \"1h30m\"".into()),
            range: None,
        }),
        _ => Ok(()),
    }
}

/// The schema of a resource type or data source.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub attrs: &'static [Attr],
    pub blocks: &'static [BlockType],
    /// Deprecated arguments the configuration may still set, each read as another argument.
    pub deprecated: &'static [Deprecated],
    /// Other types' arguments that manage all the objects of this type for one owner.
    pub managed_by: &'static [ManagedBy],
    /// Where this schema deliberately differs from the provider's (`catalogue`), and why; a
    /// test holds every other argument and block to the provider's.
    pub differs: &'static [Differs],
    /// Takes any argument and block: another provider's type, whose schema baseline does not
    /// have (it validates, and `plan` refuses it only when it has instances).
    pub open: bool,
    /// The provider's version of this type's state schema (`SchemaVersion`), recorded with
    /// each object so Terraform upgrades nothing it need not.
    pub version: u64,
}

/// A deliberate difference from the provider's schema: the argument or block (a dotted path
/// for one inside a block: `statement.principals`; `*` for a type the provider lacks) and the
/// reason.
#[derive(Debug, Clone, Copy)]
pub struct Differs {
    pub name: &'static str,
    pub why: &'static str,
}

/// A deprecated boolean argument read as a choice of another argument, as the provider reads
/// it: `is_enabled = B` as `state = B ? "ENABLED" : "DISABLED"`, with a deprecation warning;
/// setting both is an error.
#[derive(Debug, Clone, Copy)]
pub struct Deprecated {
    pub name: &'static str,
    /// The argument it is read as.
    pub becomes: &'static str,
    /// That argument's value when the deprecated one is true, and when it is false.
    pub when_true: &'static str,
    pub when_false: &'static str,
}

/// An argument of another type (the owner) that manages every object of this type belonging
/// to one owner object: a role's `inline_policy` blocks manage all of its inline policies, so
/// an `aws_iam_role_policy` of that role is undone by the role on every apply, and the other
/// way round. Configuring both for one owner gets a warning naming both.
#[derive(Debug, Clone, Copy)]
pub struct ManagedBy {
    /// This type's argument that names the owner (`role`).
    pub via: &'static str,
    /// The owner's type (`aws_iam_role`).
    pub owner: &'static str,
    /// The owner's argument or block that manages them all (`inline_policy`).
    pub part: &'static str,
    /// What that part does, for the warning ("declares `inline_policy` blocks, which manage
    /// all of its inline policies").
    pub what: &'static str,
    /// The help: the two ways to keep them in one place.
    pub choice: &'static str,
}

impl Schema {
    /// A schema with nothing in it, for `..Schema::NONE` in schema tables.
    pub const NONE: Schema =
        Schema { attrs: &[], blocks: &[], deprecated: &[], managed_by: &[], differs: &[], open: false, version: 0 };
    /// The schema of another provider's type (see [`Schema::open`]).
    pub const OPEN: Schema = Schema { open: true, ..Schema::NONE };

    /// The attribute named `name`.
    pub fn attr(&self, name: &str) -> Option<&'static Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
    /// The nested block type named `name`.
    pub fn block(&self, name: &str) -> Option<&'static BlockType> {
        self.blocks.iter().find(|b| b.name == name)
    }
    /// Every name that may appear after `TYPE.NAME.` in a reference.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.attrs.iter().map(|a| a.name).chain(self.blocks.iter().map(|b| b.name))
    }
}

/// Converts an evaluated value to an attribute's type, as Terraform does (numbers and bools
/// become strings where a string is expected, numeric strings become numbers).
pub fn convert(v: &Value, ty: Ty) -> Result<Value, String> {
    let bad = || Err(format!("expected a {}, got {}", ty.name(), v.type_name()));
    match (ty, v) {
        (_, Value::Unknown(_)) | (_, Value::Null(_)) | (Ty::Dynamic, _) => Ok(v.clone()),
        (Ty::String, Value::String(_)) => Ok(v.clone()),
        (Ty::String, Value::Number(_) | Value::Bool(_)) => {
            Ok(Value::String(v.as_template_string().unwrap_or_default()))
        }
        (Ty::Number, Value::Number(_)) => Ok(v.clone()),
        (Ty::Number, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(f) => Ok(Value::num(f)),
            Err(_) => Err(format!("expected a number, got the string {v}")),
        },
        (Ty::Bool, Value::Bool(_)) => Ok(v.clone()),
        (Ty::Bool, Value::String(s)) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        (Ty::StringList | Ty::StringSet, Value::List(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match convert(i, Ty::String) {
                    Ok(Value::Null(_)) => return Err("list elements must not be null".into()),
                    Ok(x) => out.push(x),
                    Err(_) => return Err(format!("expected a {}, but an element is a {}", ty.name(), i.type_name())),
                }
            }
            if ty == Ty::StringSet && out.iter().all(Value::is_known) {
                out.sort_by_key(|x| x.to_string());
                out.dedup();
            }
            Ok(if ty == Ty::StringSet { Value::set(out) } else { Value::list(out) })
        }
        (Ty::StringSetMap, Value::Object(m)) => {
            let mut out = std::collections::BTreeMap::new();
            for (k, i) in m {
                match convert(i, Ty::StringSet) {
                    Ok(x) => out.insert(k.clone(), x),
                    Err(_) => return Err(format!("expected a map of string lists, but {k:?} is a {}", i.type_name())),
                };
            }
            Ok(Value::map(out))
        }
        (Ty::StringMap, Value::Object(m)) => {
            let mut out = std::collections::BTreeMap::new();
            for (k, i) in m {
                match convert(i, Ty::String) {
                    Ok(x) => out.insert(k.clone(), x),
                    Err(_) => return Err(format!("expected a map of strings, but {k:?} is a {}", i.type_name())),
                };
            }
            Ok(Value::map(out))
        }
        _ => bad(),
    }
}

/// Normal form for comparison: null equals empty, sets are sorted, JSON by meaning.
pub fn normalize(attr: &Attr, v: &Json) -> Json {
    match (attr.ty, v) {
        (Ty::String, Json::String(s)) if s.is_empty() => Json::Null,
        (Ty::String, Json::String(s)) if attr.canonical.is_some() => {
            attr.canonical.map(|f| Json::from(f(s))).unwrap_or_default()
        }
        // An empty JSON object means "not set" where the provider says so (its
        // `SuppressEquivalentJSONDocumentsWithEmpty`: an SNS topic's `archive_policy`).
        (Ty::String, Json::String(s))
            if attr.json
                && attr.empty_is_unset
                && crate::policy::parse(s).is_some_and(|j| j.as_object().is_some_and(|m| m.is_empty())) =>
        {
            Json::Null
        }
        (Ty::String, Json::String(s)) if attr.json => {
            crate::policy::parse(s).map(|j| crate::policy::canonical(&j)).unwrap_or_else(|| v.clone())
        }
        (Ty::StringList | Ty::StringSet, Json::Array(a)) if a.is_empty() => Json::Null,
        (Ty::StringSet, Json::Array(a)) => {
            let mut a = a.clone();
            a.sort_by_key(|x| x.to_string());
            a.dedup();
            Json::Array(a)
        }
        (Ty::StringMap | Ty::StringSetMap, Json::Object(m)) if m.is_empty() => Json::Null,
        (Ty::StringSetMap, Json::Object(m)) => {
            Json::Object(m.iter().map(|(k, x)| (k.clone(), normalize(&Attr::optional("", Ty::StringSet), x))).collect())
        }
        (Ty::Number, Json::Number(n)) if attr.empty_is_unset && n.as_f64() == Some(0.0) => Json::Null,
        (Ty::Bool, Json::Bool(false)) if attr.empty_is_unset => Json::Null,
        (Ty::Number, Json::Number(n)) => n.as_f64().map(Json::from).unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    }
}

/// True when two values of `attr` mean the same.
pub fn same(attr: &Attr, a: &Json, b: &Json) -> bool {
    normalize(attr, a) == normalize(attr, b)
}

/// Normal form of a nested block list (sets sorted, each object's attributes and inner
/// blocks normalized).
pub fn normalize_blocks(bt: &BlockType, v: &Json) -> Json {
    let Json::Array(items) = v else { return Json::Array(vec![]) };
    let mut out: Vec<Json> = items
        .iter()
        .map(|o| {
            let mut m = serde_json::Map::new();
            for a in bt.attrs {
                let x = o.get(a.name).cloned().unwrap_or(Json::Null);
                m.insert(a.name.to_string(), normalize(a, &x));
            }
            for inner in bt.blocks {
                let x = o.get(inner.name).cloned().unwrap_or(Json::Array(vec![]));
                m.insert(inner.name.to_string(), normalize_blocks(inner, &x));
            }
            Json::Object(m)
        })
        .collect();
    if bt.set {
        out.sort_by_key(|x| x.to_string());
    }
    Json::Array(out)
}

// ---- validators shared by resource types ----

/// IAM role and policy names: 1 to 64 of `[A-Za-z0-9+=,.@_-]`.
pub fn iam_name(v: &Json) -> Result<(), Invalid> {
    iam_name_max(v, 64)
}

/// IAM names of at most `max` characters (a managed or inline policy's name: 128; a
/// `name_prefix`: the name's limit less the 26 characters of the generated suffix).
pub fn iam_name_max(v: &Json, max: usize) -> Result<(), Invalid> {
    name_check(v, max, |c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c), "letters, digits and +=,.@_-")
}

/// IAM paths: `/` or `/segments/`, at most 512 characters.
pub fn iam_path(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.len() > 512 || !s.starts_with('/') || !s.ends_with('/') || s.contains("//") {
        return Err(Invalid {
            message: format!("{s:?} is not a valid IAM path"),
            help: Some("a path starts and ends with `/`, e.g. `/` or `/security/`".into()),
            range: None,
        });
    }
    Ok(())
}

/// EventBridge rule names and target ids: 1 to 64 of `[A-Za-z0-9._-]`.
pub fn events_name(v: &Json) -> Result<(), Invalid> {
    name_check(v, 64, |c| c.is_ascii_alphanumeric() || "._-".contains(c), "letters, digits and ._-")
}

fn name_check(v: &Json, max: usize, ok: fn(char) -> bool, allowed: &str) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.is_empty() || s.chars().count() > max {
        return Err(Invalid::new(format!("must be 1 to {max} characters long, this is {}", s.chars().count())));
    }
    if let Some((i, c)) = s.char_indices().find(|(_, c)| !ok(*c)) {
        return Err(Invalid {
            message: format!("{c:?} is not allowed in this name"),
            help: Some(format!("use only {allowed}")),
            range: Some(i..i + c.len_utf8()),
        });
    }
    Ok(())
}

/// A JSON document (IAM policy, event pattern) must parse and be an object.
pub fn json_object(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    match serde_json::from_str::<Json>(s) {
        Ok(Json::Object(_)) => Ok(()),
        Ok(_) => Err(Invalid::new("the document must be a JSON object")),
        Err(e) => Err(Invalid {
            message: format!("not valid JSON: {e}"),
            help: Some("build the document with jsonencode({ ... }) to get valid JSON".into()),
            range: None,
        }),
    }
}

/// An ARN: `arn:PARTITION:SERVICE:...`.
pub fn arn(v: &Json) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.split(':').count() < 6 || !s.starts_with("arn:") {
        return Err(Invalid::new(format!("{s:?} is not an ARN")));
    }
    Ok(())
}

/// An integer within `lo..=hi`.
pub fn int_range(v: &Json, lo: i64, hi: i64) -> Result<(), Invalid> {
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 && f >= lo as f64 && f <= hi as f64 => Ok(()),
        Some(f) => Err(Invalid::new(format!("must be a whole number from {lo} to {hi}, got {f}"))),
        None => Ok(()),
    }
}

/// One of a fixed list of strings.
pub fn one_of(v: &Json, allowed: &[&str]) -> Result<(), Invalid> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if allowed.contains(&s) {
        return Ok(());
    }
    Err(Invalid {
        message: format!("{s:?} is not one of {}", allowed.join(", ")),
        help: crate::diag::did_you_mean(s, allowed.iter().copied()),
        range: None,
    })
}

/// Each element of a list or set one of a fixed list of strings.
pub fn each_one_of(v: &Json, allowed: &[&str]) -> Result<(), Invalid> {
    match v.as_array() {
        Some(items) => items.iter().try_for_each(|i| one_of(i, allowed)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversion_follows_terraform() {
        assert_eq!(convert(&Value::num(3.0), Ty::String).unwrap(), Value::str("3"));
        assert_eq!(convert(&Value::str("3600"), Ty::Number).unwrap(), Value::num(3600.0));
        assert!(convert(&Value::str("x"), Ty::Number).is_err());
        let set = convert(&Value::List(vec![Value::str("b"), Value::str("a"), Value::str("b")].into()), Ty::StringSet)
            .unwrap();
        assert_eq!(set, Value::List(vec![Value::str("a"), Value::str("b")].into()));
    }

    #[test]
    fn null_and_empty_are_the_same_and_sets_ignore_order() {
        let tags = Attr::optional("tags", Ty::StringMap);
        assert!(same(&tags, &Json::Null, &json!({})));
        let s = Attr::optional("x", Ty::StringSet);
        assert!(same(&s, &json!(["b", "a"]), &json!(["a", "b"])));
        let l = Attr::optional("x", Ty::StringList);
        assert!(!same(&l, &json!(["b", "a"]), &json!(["a", "b"])));
        assert!(same(&Attr::optional("n", Ty::Number), &json!(3600), &json!(3600.0)));
        // The provider records an unset bool or number inside a block as its zero value.
        let flag = Attr::optional("with_event", Ty::Bool);
        assert!(!same(&flag, &Json::Null, &json!(false)));
        assert!(same(&flag.empty_is_unset(), &Json::Null, &json!(false)));
        let doc = Attr::optional("d", Ty::String).json();
        assert!(!same(&doc, &json!("{}"), &json!("")));
        assert!(same(&doc.empty_is_unset(), &json!(" { } "), &json!("")));
        assert!(same(&doc.empty_is_unset(), &json!("{}"), &Json::Null));
        assert!(!same(&doc.empty_is_unset(), &json!("{}"), &json!(r#"{"a":1}"#)));
        assert!(!same(&flag.empty_is_unset(), &Json::Null, &json!(true)));
    }

    #[test]
    fn name_validators_point_at_the_bad_character() {
        let e = iam_name(&json!("bad name")).unwrap_err();
        assert_eq!(e.range, Some(3..4));
        assert!(iam_name(&json!("x".repeat(65))).is_err());
        assert!(iam_name(&json!("DefaultSecuritySettings-InspectorEvents-ap-northeast-1")).is_ok());
        assert!(iam_path(&json!("/a/b/")).is_ok());
        assert!(iam_path(&json!("a/")).is_err());
    }
}
