//! Each function against the results Terraform's documentation gives for it. Cases are
//! written as expressions: the call, and the expected value.

use crate::diag::{Diags, FileId};
use crate::lang::{eval, NoReferences, Value};

fn ev(src: &str) -> (Value, Diags) {
    let body = match hcl_edit::parser::parse_body(&format!("x = {src}\n")) {
        Ok(b) => b,
        Err(e) => panic!("{src}: {e}"),
    };
    let mut d = Diags::new();
    let v = eval(&body.get_attribute("x").expect("x").value, FileId(0), &NoReferences, &mut d);
    (v, d)
}

fn check(cases: &[(&str, &str)]) {
    for (call, want) in cases {
        let (got, d) = ev(call);
        assert!(!d.has_errors(), "{call}: {:?}", d.0.iter().map(|d| &d.message).collect::<Vec<_>>());
        let (want_v, wd) = ev(want);
        assert!(!wd.has_errors(), "expected value {want} does not evaluate");
        assert_eq!(got, want_v, "{call}");
    }
}

fn fails(cases: &[(&str, &str)]) {
    for (call, msg) in cases {
        let (_, d) = ev(call);
        let all: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
        assert!(all.iter().any(|m| m.contains(msg)), "{call}: expected an error containing {msg:?}, got {all:?}");
    }
}

#[test]
fn numeric() {
    check(&[
        ("abs(23)", "23"),
        ("abs(0)", "0"),
        ("abs(-12.4)", "12.4"),
        ("ceil(5)", "5"),
        ("ceil(5.1)", "6"),
        ("floor(4.9)", "4"),
        ("max(12, 54, 3)", "54"),
        ("max([12, 54, 3]...)", "54"),
        ("min(12, 54, 3)", "3"),
        ("parseint(\"100\", 10)", "100"),
        ("parseint(\"FF\", 16)", "255"),
        ("parseint(\"-10\", 16)", "-16"),
        ("parseint(\"11111111\", 2)", "255"),
        ("parseint(\"aA\", 62)", "656"),
        ("pow(3, 2)", "9"),
        ("pow(4, 0)", "1"),
        ("signum(-13)", "-1"),
        ("signum(0)", "0"),
        ("signum(344)", "1"),
        ("log(16, 2)", "4"),
    ]);
    fails(&[("parseint(\"12\", 2)", "cannot parse"), ("parseint(\"1\", 63)", "base"), ("max()", "at least 1")]);
}

#[test]
fn strings() {
    check(&[
        ("chomp(\"hello\\n\")", "\"hello\""),
        ("chomp(\"hello\\r\\n\")", "\"hello\""),
        ("chomp(\"hello\\n\\n\")", "\"hello\""),
        ("format(\"Hello, %s!\", \"Ander\")", "\"Hello, Ander!\""),
        ("format(\"There are %d lights\", 4)", "\"There are 4 lights\""),
        ("format(\"%#v\", \"hi\")", "\"\\\"hi\\\"\""),
        ("format(\"%v\", [1, 2])", "\"[1,2]\""),
        ("format(\"%.2f\", 3.14159)", "\"3.14\""),
        ("format(\"%03d|%-3s|\", 7, \"a\")", "\"007|a  |\""),
        ("formatlist(\"Hello, %s!\", [\"Valentina\", \"Ander\"])", "[\"Hello, Valentina!\", \"Hello, Ander!\"]"),
        (
            "formatlist(\"%s, %s!\", \"Salutations\", [\"Valentina\", \"Ander\"])",
            "[\"Salutations, Valentina!\", \"Salutations, Ander!\"]",
        ),
        ("indent(2, \"[\\n  foo,\\n  bar,\\n]\\n\")", "\"[\\n    foo,\\n    bar,\\n  ]\\n  \""),
        ("join(\", \", [\"foo\", \"bar\", \"baz\"])", "\"foo, bar, baz\""),
        ("join(\", \", [\"foo\"], [\"bar\"])", "\"foo, bar\""),
        ("lower(\"HELLO\")", "\"hello\""),
        ("upper(\"hello\")", "\"HELLO\""),
        ("regex(\"[a-z]+\", \"53453453.345345aaabbbccc23454\")", "\"aaabbbccc\""),
        ("regex(\"(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)\", \"2019-02-01\")", "[\"2019\", \"02\", \"01\"]"),
        (
            "regex(\"^(?P<user>[^@]+)@(?P<domain>.+)$\", \"me@example.com\")",
            "{domain = \"example.com\", user = \"me\"}",
        ),
        ("regexall(\"[a-z]+\", \"1234abcd5678efgh9\")", "[\"abcd\", \"efgh\"]"),
        ("length(regexall(\"[a-z]+\", \"123456789\")) > 0", "false"),
        ("replace(\"1 + 2 + 3\", \"+\", \"-\")", "\"1 - 2 - 3\""),
        ("replace(\"hello world\", \"/w.*d/\", \"everybody\")", "\"hello everybody\""),
        ("replace(\"a-1 b-2\", \"/([a-z])-(\\\\d)/\", \"$2$1\")", "\"1a 2b\""),
        ("split(\",\", \"foo,bar,baz\")", "[\"foo\", \"bar\", \"baz\"]"),
        ("split(\",\", \"foo\")", "[\"foo\"]"),
        ("split(\",\", \"\")", "[\"\"]"),
        ("startswith(\"hello world\", \"hello\")", "true"),
        ("startswith(\"hello world\", \"world\")", "false"),
        ("endswith(\"hello world\", \"world\")", "true"),
        ("strcontains(\"hello world\", \"wor\")", "true"),
        ("strrev(\"hello\")", "\"olleh\""),
        ("substr(\"hello world\", 1, 4)", "\"ello\""),
        ("substr(\"🤔🤷\", 0, 1)", "\"🤔\""),
        ("substr(\"hello world\", -5, -1)", "\"world\""),
        ("substr(\"hello world\", 6, 10)", "\"world\""),
        ("title(\"hello world\")", "\"Hello World\""),
        ("trim(\"?!hello?!\", \"!?\")", "\"hello\""),
        ("trim(\"foobar\", \"far\")", "\"oob\""),
        ("trimprefix(\"helloworld\", \"hello\")", "\"world\""),
        ("trimprefix(\"helloworld\", \"cat\")", "\"helloworld\""),
        ("trimsuffix(\"helloworld\", \"world\")", "\"hello\""),
        ("trimspace(\"  hello\\n\\n\")", "\"hello\""),
    ]);
    fails(&[
        ("regex(\"[a-z]+\", \"123\")", "did not match"),
        ("regex(\"(\", \"x\")", "invalid regular expression"),
        ("format(\"%s %s\", \"a\")", "not enough arguments"),
        ("format(\"%s\", \"a\", \"b\")", "argument(s) given"),
        ("substr(\"abc\", 5, 1)", "out of range"),
    ]);
}

#[test]
fn collections() {
    check(&[
        ("alltrue([\"true\", true])", "true"),
        ("alltrue([true, false])", "false"),
        ("alltrue([])", "true"),
        ("anytrue([true, false])", "true"),
        ("anytrue([])", "false"),
        ("chunklist([\"a\", \"b\", \"c\", \"d\", \"e\"], 2)", "[[\"a\", \"b\"], [\"c\", \"d\"], [\"e\"]]"),
        ("chunklist([\"a\", \"b\"], 0)", "[[\"a\", \"b\"]]"),
        ("coalesce(\"a\", \"b\")", "\"a\""),
        ("coalesce(\"\", \"b\")", "\"b\""),
        ("coalesce(null, 1, 2)", "1"),
        ("coalesce([\"\", \"b\"]...)", "\"b\""),
        ("coalescelist([\"a\", \"b\"], [\"c\", \"d\"])", "[\"a\", \"b\"]"),
        ("coalescelist([], [\"c\", \"d\"])", "[\"c\", \"d\"]"),
        ("compact([\"a\", \"\", \"b\", null, \"c\"])", "[\"a\", \"b\", \"c\"]"),
        ("concat([\"a\", \"\"], [\"b\", \"c\"])", "[\"a\", \"\", \"b\", \"c\"]"),
        ("contains([\"a\", \"b\", \"c\"], \"a\")", "true"),
        ("contains([\"a\", \"b\", \"c\"], \"d\")", "false"),
        ("distinct([\"a\", \"b\", \"a\", \"c\", \"d\", \"b\"])", "[\"a\", \"b\", \"c\", \"d\"]"),
        ("element([\"a\", \"b\", \"c\"], 1)", "\"b\""),
        ("element([\"a\", \"b\", \"c\"], 3)", "\"a\""),
        ("flatten([[\"a\", \"b\"], [], [\"c\"]])", "[\"a\", \"b\", \"c\"]"),
        ("flatten([[[\"a\", \"b\"], []], [\"c\"]])", "[\"a\", \"b\", \"c\"]"),
        ("index([\"a\", \"b\", \"c\"], \"b\")", "1"),
        ("keys({a = 1, c = 2, d = 3})", "[\"a\", \"c\", \"d\"]"),
        ("values({a = 3, c = 2, d = 1})", "[3, 2, 1]"),
        ("length([])", "0"),
        ("length([\"a\", \"b\"])", "2"),
        ("length({a = \"b\"})", "1"),
        ("length(\"hello\")", "5"),
        ("length(\"👾🕹️\")", "3"),
        ("lookup({a = \"ay\", b = \"bee\"}, \"a\", \"what?\")", "\"ay\""),
        ("lookup({a = \"ay\", b = \"bee\"}, \"c\", \"what?\")", "\"what?\""),
        ("matchkeys([\"i-123\", \"i-abc\", \"i-def\"], [\"us-west\", \"us-east\", \"us-east\"], [\"us-east\"])", "[\"i-abc\", \"i-def\"]"),
        ("merge({a = \"b\", c = \"d\"}, {e = \"f\", c = \"z\"})", "{a = \"b\", c = \"z\", e = \"f\"}"),
        ("merge({a = \"b\"}, null)", "{a = \"b\"}"),
        ("one([])", "null"),
        ("one([\"hello\"])", "\"hello\""),
        ("range(3)", "[0, 1, 2]"),
        ("range(1, 4)", "[1, 2, 3]"),
        ("range(1, 8, 2)", "[1, 3, 5, 7]"),
        ("range(4, 1)", "[4, 3, 2]"),
        ("range(0)", "[]"),
        ("reverse([1, 2, 3])", "[3, 2, 1]"),
        ("setintersection([\"a\", \"b\"], [\"b\", \"c\"], [\"b\", \"d\"])", "[\"b\"]"),
        ("setproduct([\"development\", \"staging\"], [\"app1\", \"app2\"])", "[[\"development\", \"app1\"], [\"development\", \"app2\"], [\"staging\", \"app1\"], [\"staging\", \"app2\"]]"),
        ("setsubtract([\"a\", \"b\", \"c\"], [\"a\", \"c\"])", "[\"b\"]"),
        ("setunion([\"a\", \"b\"], [\"b\", \"c\"], [\"d\"])", "[\"a\", \"b\", \"c\", \"d\"]"),
        ("slice([\"a\", \"b\", \"c\", \"d\"], 1, 3)", "[\"b\", \"c\"]"),
        ("sort([\"e\", \"d\", \"a\", \"x\"])", "[\"a\", \"d\", \"e\", \"x\"]"),
        ("sum([10, 13, 6, 4.5])", "33.5"),
        ("transpose({a = [\"1\", \"2\"], b = [\"2\", \"3\"]})", "{\"1\" = [\"a\"], \"2\" = [\"a\", \"b\"], \"3\" = [\"b\"]}"),
        ("zipmap([\"a\", \"b\"], [1, 2])", "{a = 1, b = 2}"),
    ]);
    fails(&[
        ("coalesce(\"\", null)", "no non-null"),
        ("element([], 0)", "empty list"),
        ("index([\"a\"], \"z\")", "not found"),
        ("lookup({}, \"k\")", "no key"),
        ("one([1, 2])", "zero or one"),
        ("range(0, 2000)", "1024"),
        ("slice([1], 0, 3)", "cannot slice"),
        ("sum([])", "empty list"),
        ("zipmap([\"a\"], [])", "does not match"),
        ("list(1, 2)", "was removed"),
        ("length(null)", "must not be null"),
    ]);
}

#[test]
fn encodings() {
    check(&[
        ("base64encode(\"Hello World\")", "\"SGVsbG8gV29ybGQ=\""),
        ("base64decode(\"SGVsbG8gV29ybGQ=\")", "\"Hello World\""),
        (
            "csvdecode(\"a,b,c\\n1,2,3\\n4,5,6\")",
            "[{a = \"1\", b = \"2\", c = \"3\"}, {a = \"4\", b = \"5\", c = \"6\"}]",
        ),
        ("csvdecode(\"a,b\\n\\\"x,\\\"\\\"y\\\"\\\"\\\",2\\n\")", "[{a = \"x,\\\"y\\\"\", b = \"2\"}]"),
        ("jsonencode({hello = \"world\"})", "\"{\\\"hello\\\":\\\"world\\\"}\""),
        ("jsonencode(null)", "\"null\""),
        ("jsondecode(\"{\\\"hello\\\": \\\"world\\\"}\")", "{hello = \"world\"}"),
        ("jsondecode(\"true\")", "true"),
        ("urlencode(\"Hello World!\")", "\"Hello+World%21\""),
        ("urlencode(\"☃\")", "\"%E2%98%83\""),
        ("urlencode(\"foo=bar&bar=baz\")", "\"foo%3Dbar%26bar%3Dbaz\""),
        ("yamldecode(\"hello: world\")", "{hello = \"world\"}"),
        ("yamldecode(\"- a\\n- b\")", "[\"a\", \"b\"]"),
        ("yamlencode({a = \"b\", c = \"d\"})", "\"\\\"a\\\": \\\"b\\\"\\n\\\"c\\\": \\\"d\\\"\\n\""),
        ("yamlencode({a = [1, 2, 3], b = \"c\"})", "\"\\\"a\\\":\\n- 1\\n- 2\\n- 3\\n\\\"b\\\": \\\"c\\\"\\n\""),
        ("yamlencode({a = {b = \"c\"}})", "\"\\\"a\\\":\\n  \\\"b\\\": \\\"c\\\"\\n\""),
        ("yamldecode(yamlencode({a = [{b = [1]}], c = {}}))", "{a = [{b = [1]}], c = {}}"),
    ]);
    fails(&[
        ("base64decode(\"!!\")", "failed to decode"),
        ("csvdecode(\"a,b\\n1\")", "wrong number of fields"),
        ("jsondecode(\"{\")", "not valid JSON"),
        ("yamldecode(\"a: 1\\n---\\nb: 2\")", "more than one"),
    ]);
}

#[test]
fn hashes() {
    check(&[
        ("md5(\"hello world\")", "\"5eb63bbbe01eeed093cb22bb8f5acdc3\""),
        ("sha1(\"hello world\")", "\"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed\""),
        ("sha256(\"hello world\")", "\"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9\""),
        ("sha512(\"hello world\")", "\"309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f\""),
        ("base64sha256(\"hello world\")", "\"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=\""),
        ("uuidv5(\"dns\", \"www.terraform.io\")", "\"a5008fae-b28c-5ba5-96cd-82b4c53552d6\""),
        ("uuidv5(\"url\", \"https://www.terraform.io/\")", "\"9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5\""),
        ("uuidv5(\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\", \"www.terraform.io\")", "\"a5008fae-b28c-5ba5-96cd-82b4c53552d6\""),
    ]);
    fails(&[("uuidv5(\"nope\", \"x\")", "namespace")]);
}

#[test]
fn conversions() {
    check(&[
        ("tobool(true)", "true"),
        ("tobool(\"false\")", "false"),
        ("tobool(null)", "null"),
        ("tonumber(\"1\")", "1"),
        ("tonumber(null)", "null"),
        ("tostring(1)", "\"1\""),
        ("tostring(true)", "\"true\""),
        ("tostring(null)", "null"),
        ("tolist([\"a\", \"b\"])", "[\"a\", \"b\"]"),
        ("toset([\"c\", \"b\", \"b\"])", "[\"b\", \"c\"]"),
        ("length(toset([{a = 1}, {b = 2}, {a = 1}]))", "2"),
        ("tomap({a = 1})", "{a = 1}"),
        ("type(\"a\")", "\"string\""),
        ("can(tonumber(\"x\"))", "false"),
        ("can(tonumber(\"1\"))", "true"),
        ("try(tonumber(\"x\"), 5)", "5"),
        ("try({a = 1}.b, {a = 1}.a)", "1"),
    ]);
    fails(&[
        ("tobool(\"yes\")", "cannot convert"),
        ("tonumber(\"x\")", "cannot convert"),
        ("tostring([])", "cannot convert"),
        ("try(tonumber(\"x\"), tonumber(\"y\"))", "no expression succeeded"),
    ]);
}

#[test]
fn dates() {
    check(&[
        ("timeadd(\"2017-11-22T00:00:00Z\", \"10m\")", "\"2017-11-22T00:10:00Z\""),
        ("timeadd(\"2017-11-22T00:00:00Z\", \"-1h30m\")", "\"2017-11-21T22:30:00Z\""),
        ("timeadd(\"2017-11-22T00:00:00+09:00\", \"24h\")", "\"2017-11-23T00:00:00+09:00\""),
        ("formatdate(\"DD MMM YYYY hh:mm ZZZ\", \"2018-01-02T23:12:01Z\")", "\"02 Jan 2018 23:12 UTC\""),
        (
            "formatdate(\"EEEE, DD-MMM-YY hh:mm:ss ZZZ\", \"2018-01-02T23:12:01Z\")",
            "\"Tuesday, 02-Jan-18 23:12:01 UTC\"",
        ),
        (
            "formatdate(\"EEE, DD MMM YYYY hh:mm:ss ZZZ\", \"2018-01-02T23:12:01-08:00\")",
            "\"Tue, 02 Jan 2018 23:12:01 -0800\"",
        ),
        ("formatdate(\"MMM DD, YYYY\", \"2018-01-02T23:12:01Z\")", "\"Jan 02, 2018\""),
        ("formatdate(\"HH:mmaa\", \"2018-01-02T23:12:01Z\")", "\"11:12pm\""),
        ("formatdate(\"h 'o''clock'\", \"2018-01-02T23:12:01Z\")", "\"23 o'clock\""),
    ]);
    fails(&[
        ("timeadd(\"2017-11-22\", \"10m\")", "RFC 3339"),
        ("timeadd(\"2017-11-22T00:00:00Z\", \"10 minutes\")", "not a valid duration"),
        ("formatdate(\"YYYY-QQ\", \"2018-01-02T23:12:01Z\")", "invalid date format verb"),
    ]);
    let (a, _) = ev("timestamp()");
    let (b, _) = ev("timestamp()");
    assert_eq!(a, b, "timestamp() is fixed for the run");
}

#[test]
fn files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().display().to_string();
    std::fs::write(dir.path().join("hello.txt"), "Hello World").expect("write");
    std::fs::create_dir_all(dir.path().join("sub/deep")).expect("mkdir");
    std::fs::write(dir.path().join("sub/a.json"), "{}").expect("write");
    std::fs::write(dir.path().join("sub/deep/b.json"), "[]").expect("write");
    std::fs::write(dir.path().join("tpl.tftpl"), "%{ for ip in addrs ~}\nserver ${ip}:${port}\n%{ endfor ~}\n")
        .expect("write");
    std::fs::write(dir.path().join("bin"), [0xffu8, 0xfe]).expect("write");
    check(&[
        (&format!("file(\"{d}/hello.txt\")"), "\"Hello World\""),
        (&format!("filebase64(\"{d}/hello.txt\")"), "\"SGVsbG8gV29ybGQ=\""),
        (&format!("fileexists(\"{d}/hello.txt\")"), "true"),
        (&format!("fileexists(\"{d}/nope.txt\")"), "false"),
        (&format!("fileset(\"{d}\", \"*.txt\")"), "[\"hello.txt\"]"),
        (&format!("fileset(\"{d}\", \"**/*.json\")"), "[\"sub/a.json\", \"sub/deep/b.json\"]"),
        (&format!("fileset(\"{d}/sub\", \"{{a,deep/b}}.json\")"), "[\"a.json\", \"deep/b.json\"]"),
        (&format!("fileset(\"{d}\", \"sub/?.json\")"), "[\"sub/a.json\"]"),
        (
            &format!("templatefile(\"{d}/tpl.tftpl\", {{ port = 8080, addrs = [\"10.0.0.1\", \"10.0.0.2\"] }})"),
            "\"server 10.0.0.1:8080\\nserver 10.0.0.2:8080\\n\"",
        ),
        ("basename(\"foo/bar/baz.txt\")", "\"baz.txt\""),
        ("dirname(\"foo/bar/baz.txt\")", "\"foo/bar\""),
        ("dirname(\"baz.txt\")", "\".\""),
        ("abspath(\"/a/b/../c\")", "\"/a/c\""),
    ]);
    fails(&[
        (&format!("file(\"{d}/bin\")"), "invalid UTF-8"),
        (&format!("file(\"{d}/nope\")"), "cannot read"),
        (&format!("fileexists(\"{d}/sub\")"), "is a directory"),
        (&format!("templatefile(\"{d}/tpl.tftpl\", {{ port = 1 }})"), "addrs"),
    ]);
}

#[test]
fn unknown_and_null_arguments() {
    use crate::lang::functions::call;
    assert_eq!(call("upper", &[Value::Unknown]).unwrap(), Value::Unknown);
    // A list with an unknown element has a known length.
    assert_eq!(call("length", &[Value::List(vec![Value::Unknown, Value::str("a")])]).unwrap(), Value::num(2.0));
    assert_eq!(call("join", &[Value::str(","), Value::List(vec![Value::Unknown])]).unwrap(), Value::Unknown);
    assert_eq!(call("coalesce", &[Value::Null, Value::Unknown, Value::str("a")]).unwrap(), Value::Unknown);
    assert_eq!(call("coalesce", &[Value::str("a"), Value::Unknown]).unwrap(), Value::str("a"));
    assert!(call("upper", &[Value::Unknown, Value::Unknown]).is_err(), "arity is checked before unknowns");
    assert!(call("upper", &[Value::Null]).unwrap_err().contains("must not be null"));
}
