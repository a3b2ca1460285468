//! Built-in functions: Terraform's library as configurations use it, one file per family.
//!
//! Each function is one row of [`FUNCTIONS`]: its name, how many arguments it takes, how it
//! treats unknown and null arguments, and its implementation. `can`, `try` and `templatefile`
//! need the evaluator and are carried out there; their rows here give their arity and names.

mod collection;
mod convert;
mod datetime;
mod encoding;
mod filesystem;
mod format;
mod hash;
mod network;
mod numeric;
mod string;
pub(crate) use collection::set_of;

use std::collections::BTreeMap;

use super::types::Type;
use super::value::{Kind, Value};

pub(crate) use datetime::parse_std_duration;
pub use filesystem::read_text;

/// How a function treats unknown arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unknowns {
    /// Any unknown part of any argument makes the result unknown.
    Whole,
    /// Only an argument that is wholly unknown does; the function handles unknown elements
    /// (`length` of a list with unknown elements is known).
    Shallow,
    /// The function decides (`coalesce("a", unknown)` is `"a"`).
    Own,
}

type Imp = fn(&[Value]) -> Result<Value, String>;

struct Function {
    name: &'static str,
    min: usize,
    /// `None`: variadic.
    max: Option<usize>,
    unknowns: Unknowns,
    /// Whether null arguments are accepted (else "argument must not be null", as Terraform).
    nulls: bool,
    imp: Imp,
}

const W: Unknowns = Unknowns::Whole;
const S: Unknowns = Unknowns::Shallow;
const O: Unknowns = Unknowns::Own;

macro_rules! table {
    ($($name:literal $min:literal..$max:tt $unk:ident $nulls:ident => $imp:path;)*) => {
        /// Every built-in function, sorted by name.
        const FUNCTIONS: &[Function] = &[$(Function {
            name: $name,
            min: $min,
            max: table!(@max $max),
            unknowns: $unk,
            nulls: table!(@nulls $nulls),
            imp: $imp,
        }),*];
    };
    (@max _) => { None };
    (@max $n:literal) => { Some($n) };
    (@nulls null) => { true };
    (@nulls some) => { false };
}

// name      min..max  unknowns  nulls  => implementation
table! {
    "abs" 1..1 W some => numeric::abs;
    "abspath" 1..1 W some => filesystem::abspath;
    "alltrue" 1..1 W some => collection::alltrue;
    "anytrue" 1..1 W some => collection::anytrue;
    "base64decode" 1..1 W some => encoding::base64decode;
    "base64encode" 1..1 W some => encoding::base64encode;
    "base64gzip" 1..1 W some => encoding::base64gzip;
    "base64sha256" 1..1 W some => hash::base64sha256;
    "base64sha512" 1..1 W some => hash::base64sha512;
    "basename" 1..1 W some => filesystem::basename;
    "bcrypt" 1..2 W some => hash::bcrypt;
    "can" 1..1 S null => evaluator_only;
    "ceil" 1..1 W some => numeric::ceil;
    "chomp" 1..1 W some => string::chomp;
    "chunklist" 2..2 S some => collection::chunklist;
    "cidrhost" 2..2 W some => network::cidrhost;
    "cidrnetmask" 1..1 W some => network::cidrnetmask;
    "cidrsubnet" 3..3 W some => network::cidrsubnet;
    "cidrsubnets" 1.._ W some => network::cidrsubnets;
    "coalesce" 1.._ O null => collection::coalesce;
    "coalescelist" 1.._ S some => collection::coalescelist;
    "compact" 1..1 W some => collection::compact;
    "concat" 0.._ S some => collection::concat;
    "contains" 2..2 W some => collection::contains;
    "csvdecode" 1..1 W some => encoding::csvdecode;
    "dirname" 1..1 W some => filesystem::dirname;
    "distinct" 1..1 W some => collection::distinct;
    "element" 2..2 S some => collection::element;
    "endswith" 2..2 W some => string::endswith;
    "ephemeralasnull" 1..1 O null => ephemeralasnull;
    "file" 1..1 W some => filesystem::file;
    "filebase64" 1..1 W some => filesystem::filebase64;
    "filebase64sha256" 1..1 W some => hash::filebase64sha256;
    "filebase64sha512" 1..1 W some => hash::filebase64sha512;
    "fileexists" 1..1 W some => filesystem::fileexists;
    "filemd5" 1..1 W some => hash::filemd5;
    "fileset" 2..2 W some => filesystem::fileset;
    "filesha1" 1..1 W some => hash::filesha1;
    "filesha256" 1..1 W some => hash::filesha256;
    "filesha512" 1..1 W some => hash::filesha512;
    "flatten" 1..1 O some => collection::flatten;
    "floor" 1..1 W some => numeric::floor;
    "format" 1.._ W null => format::format;
    "formatdate" 2..2 W some => datetime::formatdate;
    "formatlist" 1.._ O null => format::formatlist;
    "indent" 2..2 W some => string::indent;
    "index" 2..2 W some => collection::index;
    "issensitive" 1..1 O null => evaluator_only;
    "join" 1.._ W some => string::join;
    "jsondecode" 1..1 W some => encoding::jsondecode;
    "jsonencode" 1..1 W null => encoding::jsonencode;
    "keys" 1..1 S some => collection::keys;
    "length" 1..1 S some => collection::length;
    "list" 0.._ S null => collection::list_removed;
    "log" 2..2 W some => numeric::log;
    "lookup" 2..3 S null => collection::lookup;
    "lower" 1..1 W some => string::lower;
    "map" 0.._ S null => collection::map_removed;
    "matchkeys" 3..3 W some => collection::matchkeys;
    "max" 1.._ W some => numeric::max;
    "md5" 1..1 W some => hash::md5;
    "merge" 0.._ S null => collection::merge;
    "min" 1.._ W some => numeric::min;
    "nonsensitive" 1..1 O null => identity;
    "one" 1..1 S null => collection::one;
    "parseint" 2..2 W some => numeric::parseint;
    "pathexpand" 1..1 W some => filesystem::pathexpand;
    "plantimestamp" 0..0 W some => datetime::plantimestamp;
    "pow" 2..2 W some => numeric::pow;
    "range" 1..3 W some => collection::range;
    "regex" 2..2 W some => string::regex;
    "regexall" 2..2 W some => string::regexall;
    "replace" 3..3 W some => string::replace;
    "reverse" 1..1 S some => collection::reverse;
    "rsadecrypt" 2..2 W some => hash::rsadecrypt;
    "sensitive" 1..1 O null => identity;
    "setintersection" 1.._ W some => collection::setintersection;
    "setproduct" 1.._ W some => collection::setproduct;
    "setsubtract" 2..2 W some => collection::setsubtract;
    "setunion" 1.._ W some => collection::setunion;
    "sha1" 1..1 W some => hash::sha1;
    "sha256" 1..1 W some => hash::sha256;
    "sha512" 1..1 W some => hash::sha512;
    "signum" 1..1 W some => numeric::signum;
    "slice" 3..3 S some => collection::slice;
    "sort" 1..1 S some => collection::sort;
    "split" 2..2 W some => string::split;
    "startswith" 2..2 W some => string::startswith;
    "strcontains" 2..2 W some => string::strcontains;
    "strrev" 1..1 W some => string::strrev;
    "substr" 3..3 W some => string::substr;
    "sum" 1..1 W some => collection::sum;
    "templatefile" 2..2 S some => evaluator_only;
    "templatestring" 2..2 S some => evaluator_only;
    "textdecodebase64" 2..2 W some => encoding::textdecodebase64;
    "textencodebase64" 2..2 W some => encoding::textencodebase64;
    "timeadd" 2..2 W some => datetime::timeadd;
    "timecmp" 2..2 W some => datetime::timecmp;
    "timestamp" 0..0 W some => datetime::timestamp;
    "title" 1..1 W some => string::title;
    "tobool" 1..1 W null => convert::tobool;
    "tolist" 1..1 S null => convert::tolist;
    "tomap" 1..1 S null => convert::tomap;
    "tonumber" 1..1 W null => convert::tonumber;
    "toset" 1..1 S null => convert::toset;
    "tostring" 1..1 W null => convert::tostring;
    "transpose" 1..1 W some => collection::transpose;
    "trim" 2..2 W some => string::trim;
    "trimprefix" 2..2 W some => string::trimprefix;
    "trimspace" 1..1 W some => string::trimspace;
    "trimsuffix" 2..2 W some => string::trimsuffix;
    "try" 1.._ S null => evaluator_only;
    "type" 1..1 O null => convert::type_of;
    "upper" 1..1 W some => string::upper;
    "urlencode" 1..1 W some => encoding::urlencode;
    "uuid" 0..0 W some => hash::uuid;
    "uuidv5" 2..2 W some => hash::uuidv5;
    "values" 1..1 S some => collection::values;
    "yamldecode" 1..1 W some => encoding::yamldecode;
    "yamlencode" 1..1 W null => encoding::yamlencode;
    "zipmap" 2..2 S some => collection::zipmap;
}

/// Functions Terraform offers only in `terraform console`: a configuration that calls one
/// is refused as calling a function that does not exist, as Terraform refuses it.
const CONSOLE_ONLY: &[&str] = &["type"];

/// Names of all functions a configuration may call, for help texts and suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|f| f.name).filter(|n| !CONSOLE_ONLY.contains(n))
}

/// Whether a configuration may call a function of that name (console-only ones excluded).
pub fn exists(name: &str) -> bool {
    find(name).is_some() && !CONSOLE_ONLY.contains(&name)
}

/// Whether the console may call a function of that name: every function, `type` included.
pub fn exists_in_console(name: &str) -> bool {
    find(name).is_some()
}

fn find(name: &str) -> Option<&'static Function> {
    FUNCTIONS.binary_search_by(|f| f.name.cmp(name)).ok().map(|i| &FUNCTIONS[i])
}

/// `ephemeralasnull(value)`: null in place of ephemeral values. baseline has no ephemeral
/// values, so every value is returned as it is.
fn ephemeralasnull(a: &[Value]) -> Result<Value, String> {
    Ok(a[0].clone())
}

/// `sensitive` and `nonsensitive`: the value is the argument's; the mark they set or clear is
/// read off the expression where it matters (`issensitive`, `lang::sensitive`).
fn identity(a: &[Value]) -> Result<Value, String> {
    Ok(a[0].clone())
}

fn evaluator_only(_: &[Value]) -> Result<Value, String> {
    Err("this function is evaluated by the evaluator".into())
}

/// Calls function `name` with `args`. `Err` says what is wrong with the call; an unknown
/// name is an error too (the static check reports it with a suggestion first).
pub fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let Some(f) = find(name) else {
        return Err("there is no such function".into());
    };
    let count = args.len();
    if count < f.min || f.max.is_some_and(|m| count > m) {
        let want = match f.max {
            Some(m) if m == f.min => format!("{m}"),
            Some(m) => format!("{} to {m}", f.min),
            None => format!("at least {}", f.min),
        };
        return Err(format!("expects {want} argument(s), got {count}"));
    }
    let unknown = match f.unknowns {
        Unknowns::Whole => args.iter().any(|a| !a.is_known()),
        Unknowns::Shallow => args.iter().any(Value::is_unknown),
        Unknowns::Own => false,
    };
    if unknown {
        // cty refines the unknown results of nearly all functions as not null.
        return Ok(result_type(name).map_or(Value::UNKNOWN, |t| Value::unknown_not_null(&t)));
    }
    // `format`'s arguments may be null but not of type `dynamic` (cty's AllowNull without
    // AllowDynamicType): the `null` literal makes the result unknown, a typed null an error.
    if matches!(name, "format" | "formatlist") && args.iter().any(|a| matches!(a, Value::Null(t) if t.is_dynamic())) {
        return Ok(Value::UNKNOWN);
    }
    if !f.nulls {
        if let Some(i) = args.iter().position(|a| matches!(a, Value::Null(_))) {
            return Err(format!("argument {} must not be null", i + 1));
        }
    }
    let v = (f.imp)(args)?;
    // Encoding an encoded value doubles its escapes: 40 nested `jsonencode` calls would make
    // a string of a terabyte (in Terraform too). Stop with a diagnostic instead of hanging.
    if matches!(&v, Value::String(s) if s.len() > MAX_STRING) {
        return Err(format!(
            "the result is longer than {} MiB; no AWS argument takes a value this large",
            MAX_STRING >> 20
        ));
    }
    Ok(v)
}

/// The type a function returns whatever its arguments, as cty's function specs give it: an
/// unknown result is of this type (`upper(unknown) == 1` is false). `None` for the functions
/// whose result type follows their arguments.
fn result_type(name: &str) -> Option<Type> {
    Some(match name {
        "abspath" | "base64decode" | "base64encode" | "base64gzip" | "base64sha256" | "base64sha512" | "basename"
        | "bcrypt" | "chomp" | "cidrhost" | "cidrnetmask" | "cidrsubnet" | "dirname" | "file" | "filebase64"
        | "filebase64sha256" | "filebase64sha512" | "filemd5" | "filesha1" | "filesha256" | "filesha512" | "format"
        | "formatdate" | "indent" | "join" | "jsonencode" | "lower" | "md5" | "pathexpand" | "replace"
        | "rsadecrypt" | "sha1" | "sha256" | "sha512" | "strrev" | "substr" | "textdecodebase64"
        | "textencodebase64" | "timeadd" | "title" | "tostring" | "trim" | "trimprefix" | "trimspace"
        | "trimsuffix" | "upper" | "urlencode" | "uuidv5" | "yamlencode" | "templatestring" => Type::String,
        "abs" | "ceil" | "floor" | "length" | "log" | "max" | "min" | "parseint" | "pow" | "signum" | "sum"
        | "timecmp" | "tonumber" | "index" => Type::Number,
        "alltrue" | "anytrue" | "contains" | "endswith" | "fileexists" | "startswith" | "strcontains" | "tobool" => {
            Type::Bool
        }
        "cidrsubnets" | "formatlist" | "split" | "sort" => Type::List(Box::new(Type::String)),
        "fileset" => Type::Set(Box::new(Type::String)),
        _ => return None,
    })
}

/// The longest string a function may return.
const MAX_STRING: usize = 16 << 20;

// Argument conversions, as Terraform converts: numbers and bools are accepted where a string
// is expected, numeric strings where a number is.

fn string(v: &Value) -> Result<String, String> {
    v.as_template_string().ok_or_else(|| format!("a string is required, not {}", v.type_name()))
}

fn number(v: &Value) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| format!("a number is required, not {}", describe(v)))
}

/// The argument as an exact number (numeric strings converted as Terraform converts them).
fn num(v: &Value) -> Result<crate::lang::number::Num, String> {
    v.to_num().ok_or_else(|| format!("a number is required, not {}", describe(v)))
}

fn integer(v: &Value) -> Result<i64, String> {
    let n = num(v)?;
    if !n.is_integer() {
        return Err(format!("a whole number is required, not {n}"));
    }
    n.to_i64().ok_or_else(|| format!("the number {n} is too large"))
}

fn boolean(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        other => Err(format!("a bool is required, not {}", describe(other))),
    }
}

/// The kind of a list or map argument (`Unset` for anything else).
fn kind(v: &Value) -> Kind {
    match v {
        Value::List(l) => l.kind,
        Value::Object(m) => m.kind,
        _ => Kind::Unset,
    }
}

fn list(v: &Value) -> Result<&Vec<Value>, String> {
    match v {
        Value::List(l) => Ok(l),
        other => Err(format!("a list or set is required, not {}", other.type_name())),
    }
}

fn map(v: &Value) -> Result<&BTreeMap<String, Value>, String> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(format!("a map or object is required, not {}", other.type_name())),
    }
}

fn strings(v: &Value) -> Result<Vec<String>, String> {
    list(v)?.iter().map(string).collect()
}

/// A value in a message: short values whole, long ones by their type.
fn describe(v: &Value) -> String {
    let s = v.to_string();
    if s.len() <= 40 {
        s
    } else {
        v.type_name().to_string()
    }
}

fn strs(items: impl IntoIterator<Item = String>) -> Value {
    Value::list(items.into_iter().map(Value::String).collect())
}

#[cfg(test)]
mod tests;
