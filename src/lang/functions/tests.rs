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
        ("regex(\"(\", \"x\")", "invalid regexp pattern"),
        ("format(\"%s %s\", \"a\")", "not enough arguments"),
        ("format(\"%s\", \"a\", \"b\")", "too many arguments"),
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
        ("length(\"👾🕹️\")", "2"),
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
        // Console-only in Terraform: "There is no function named "type"." in a configuration.
        ("type(\"a\")", "there is no function named `type`"),
    ]);
    // The console still has it.
    assert!(super::exists_in_console("type") && !super::exists("type"));
    assert!(!super::names().any(|n| n == "type"));
    assert_eq!(super::call("type", &[Value::str("a")]), Ok(Value::str("string")));
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
    assert_eq!(call("upper", &[Value::UNKNOWN]).unwrap(), Value::UNKNOWN);
    // A list with an unknown element has a known length.
    assert_eq!(call("length", &[Value::List(vec![Value::UNKNOWN, Value::str("a")].into())]).unwrap(), Value::num(2.0));
    assert_eq!(call("join", &[Value::str(","), Value::List(vec![Value::UNKNOWN].into())]).unwrap(), Value::UNKNOWN);
    assert_eq!(call("coalesce", &[Value::NULL, Value::UNKNOWN, Value::str("a")]).unwrap(), Value::UNKNOWN);
    assert_eq!(call("coalesce", &[Value::str("a"), Value::UNKNOWN]).unwrap(), Value::str("a"));
    assert!(call("upper", &[Value::UNKNOWN, Value::UNKNOWN]).is_err(), "arity is checked before unknowns");
    assert!(call("upper", &[Value::NULL]).unwrap_err().contains("must not be null"));
}

// The cases below were recorded from Terraform 1.11.4 (`terraform console`).

#[test]
fn format_verbs_as_terraform() {
    check(&[
        ("format(\"%v|%v|%v|%v\", 1000000, 123456789, 0.0001, 0.00001)", "\"1e+06|1.23456789e+08|0.0001|1e-05\""),
        ("format(\"%#v|%v|%v\", \"a<\", true, [null])", "\"\\\"a\\\\u003c\\\"|true|[null]\""),
        ("format(\"%#v\", {a=1, b=\"x\"})", "\"{\\\"a\\\":1,\\\"b\\\":\\\"x\\\"}\""),
        ("format(\"%e|%E|%g|%G\", 1234.5678, 0.000012, 1e21, 1e-7)", "\"1.234568e+03|1.200000E-05|1e+21|1E-07\""),
        (
            "format(\"%f|%.20f|%.2f|%.1f|%.0f|%.0f\", 0.1, 0.1, 0.125, 0.15, 0.5, 1.5)",
            "\"0.100000|0.10000000000000000000|0.12|0.2|0|2\"",
        ),
        (
            "format(\"%+08.3f|%-8.2f|% d|%#x|%#o|%b|%X\", -3.14159, 2.5, 5, 255, 8, 5, 255)",
            "\"-003.142|2.50    | 5|0xff|010|101|FF\"",
        ),
        (
            "format(\"%05s|%-05d|%.2s|%5.1q|%t\", \"ab\", 3, \"héllo\", \"abc\", \"true\")",
            "\"000ab|3    |hé|  \\\"a\\\"|true\"",
        ),
        ("format(\"%08.3d|%.0d|%x\", 5, 0, -255)", "\"     005||-ff\""),
        ("format(\"%05.1f|%-08.1f|%+.0e|% .2f\", 2.25, 2.5, 12345, 3)", "\"002.2|000002.5|+1e+04| 3.00\""),
        ("format(\"%x %X %o %b\", 1.5e3, 3.0, 64, 0)", "\"5dc 3 100 0\""),
        ("format(\"%#b|%010.4x|%+s|%.0s|%.s|\", 5, 255, \"a\", \"abc\", \"abc\")", "\"0b101|      00ff|a|abc|abc|\""),
        ("format(\"%g|%.3g|%G|%.10g|%g\", 100000, 123456, 1e6, 1/3, 0)", "\"100000|1.23e+05|1E+06|0.3333333333|0\""),
        (
            "format(\"%f|%d|%v|%s|%s\", 1e21, 1e21, 1e21, 1e21, 0.000001)",
            "\"1000000000000000000000.000000|1000000000000000000000|1e+21|1000000000000000000000|0.000001\"",
        ),
        (
            "format(\"%q|%s|%5.2v|%5t|%-6v|\", 5, true, \"abcdef\", true, false)",
            "\"\\\"5\\\"|true|abcdef|true|false |\"",
        ),
        ("format(\"%05v|%05v|%t|%d\", \"a\", -1, \"1\", \"1e3\")", "\"0000a|000-1|true|1000\""),
        ("format(\"%-4s|%4s|%.1s|\", \"💃🏾\", \"x\\u0301\", \"💃🏾x\")", "\"💃🏾   |   x\\u0301|💃🏾|\""),
        ("format(\"%v\", tostring(null))", "\"null\""),
        ("format(\"%#v\", tonumber(null))", "\"null\""),
        ("format(\"100%% %s\", \"sure\")", "\"100% sure\""),
        // num: `format("%d", 12345678901234567890123)` is every digit once numbers are
        // arbitrary-precision (the parser refuses the literal until then).
        ("format(\"%x|%.3e|%e\", -0, 0, -1.5)", "\"0|0.000e+00|-1.500000e+00\""),
        ("formatlist(\"%s\", [])", "[]"),
        ("formatlist(\"%s-%d\", [\"a\", \"b\"], 1)", "[\"a-1\", \"b-1\"]"),
        ("formatlist(\"%s\", \"a\")", "[\"a\"]"),
    ]);
    fails(&[
        (
            "format(\"%[1]s %[1]s %s|%[2]d\", \"a\", \"b\")",
            "unsupported value for \"%[2]d\" at 15: a number is required",
        ),
        (
            "formatlist(\"%s=%s\", {a = 1}, [\"x\"])",
            "error on format iteration 0: unsupported value for \"%s\" at 0: string required",
        ),
        ("format(\"%s\", [1])", "unsupported value for \"%s\" at 0: string required"),
        ("format(\"%d\", 1.5)", "unsupported value for \"%d\" at 0: an integer is required"),
        ("format(\"%d\", \"x\")", "unsupported value for \"%d\" at 0: a number is required"),
        ("format(\"%z\", 1)", "unsupported format verb 'z' in \"%z\" at offset 0"),
        ("format(\"%*d\", 1)", "unrecognized format character '*' at offset 1"),
        ("format(\"%s %s\", 1)", "not enough arguments for \"%s\" at 3: need index 2 but have 1 total"),
        ("format(\"%s\", 1, 2)", "too many arguments; only 1 used by format string"),
        ("format(\"x\", 2)", "too many arguments; no verbs in format string"),
        ("format(\"%[2]s %s\", 1,2)", "not enough arguments for \"%s\" at 6: need index 3 but have 2 total"),
        ("format(\"%[0]s\", \"a\")", "unrecognized format character '0' at offset 2"),
        ("format(\"%\", 1)", "invalid format string starting at offset 1"),
        ("format(\"%-5\", 1)", "invalid format string starting at offset 3"),
        ("format(\"%s\", tostring(null))", "unsupported value for \"%s\" at 0: null value cannot be formatted"),
        ("format(\"%t\", \"yes\")", "unsupported value for \"%t\" at 0: a bool is required"),
        ("format(\"%t\", 1)", "unsupported value for \"%t\" at 0: bool required"),
        ("format(\"%d\", true)", "unsupported value for \"%d\" at 0: number required"),
        ("format(\"%x\", 1.5)", "unsupported value for \"%x\" at 0: an integer is required"),
        (
            "formatlist(\"%s-%s\", [\"a\",\"b\"], [\"c\"])",
            "argument 2 has length 1, which is inconsistent with argument 1 of length 2",
        ),
        (
            "formatlist(\"%d\", [1.5])",
            "error on format iteration 0: unsupported value for \"%d\" at 0: an integer is required",
        ),
    ]);
}

#[test]
fn strings_and_encodings_as_terraform() {
    check(&[
        ("length(\"💃🏾\")", "1"),
        ("length(\"e\\u0301\")", "1"),
        ("length(\"👾🕹️\")", "2"),
        ("substr(\"💃🏾abc\", 0, 1)", "\"💃🏾\""),
        ("substr(\"hello\", -3, -1)", "\"llo\""),
        ("substr(\"hello\", -3, 0)", "\"llo\""),
        ("substr(\"hello\", 1, -1)", "\"ello\""),
        ("substr(\"hello\", 10, 1)", "\"\""),
        ("substr(\"hello\", -10, 1)", "\"h\""),
        ("substr(\"hello\", 2, 100)", "\"llo\""),
        ("substr(\"hello\", 5, 1)", "\"\""),
        ("substr(\"hello\", 0, -2)", "\"hello\""),
        ("substr(\"hello\", 1, 0)", "\"\""),
        ("substr(\"e\\u0301x\", 1, 1)", "\"x\""),
        ("strrev(\"x\\u0301y💃🏾\")", "\"💃🏾yx\\u0301\""),
        ("upper(\"ǆß\")", "\"Ǆß\""),
        ("lower(\"ǅİΣΑΣ\")", "\"ǆiσασ\""),
        ("title(\"hello world-foo_bar o'neil 3d ǆx\")", "\"Hello World-Foo_bar O'Neil 3d ǅx\""),
        ("trimspace(\"\\u00a0\\u2003 x \\u0085\")", "\"x\""),
        ("split(\"\", \"\")", "[]"),
        ("split(\"\", \"abc\")", "[\"a\", \"b\", \"c\"]"),
        ("split(\",\", \"a,,b\")", "[\"a\", \"\", \"b\"]"),
        ("join(\",\", [])", "\"\""),
        ("join(\"-\", [1, true])", "\"1-true\""),
        ("replace(\"hello\", \"\", \"x\")", "\"xhxexlxlxox\""),
        ("replace(\"a1b2\", \"/(\\\\d)/\", \"<$1>\")", "\"a<1>b<2>\""),
        ("replace(\"abc\", \"/(?P<n>b)/\", \"[$n]\")", "\"a[b]c\""),
        ("replace(\"abc\", \"/b/\", \"$$\")", "\"a$c\""),
        ("replace(\"abc\", \"/\", \"x\")", "\"abc\""),
        ("replace(\"a/b\", \"/\", \"x\")", "\"axb\""),
        ("replace(\"abc\", \"/b/\", \"$1x\")", "\"ac\""),
        ("regex(\"a(b)?\", \"a\")", "[null]"),
        ("regex(\"(?P<x>a)(?P<y>b)?\", \"a\")", "{\"x\" = \"a\", \"y\" = null}"),
        ("regexall(\"(a)|(b)\", \"ab\")", "[[\"a\", null], [null, \"b\"]]"),
        ("regexall(\"x\", \"a\")", "[]"),
        ("regex(\"(?i)A\", \"a\")", "\"a\""),
        ("indent(2, \"a\\n\\nb\\n\")", "\"a\\n  \\n  b\\n  \""),
        ("chomp(\"a\\r\\n\\r\\n\")", "\"a\""),
        ("chomp(\"a\\r\")", "\"a\""),
        ("urlencode(\"a b~*é/?&=+\")", "\"a+b~%2A%C3%A9%2F%3F%26%3D%2B\""),
        ("base64decode(\"YW\\nJj\")", "\"abc\""),
        ("base64encode(\"é\")", "\"w6k=\""),
        (
            "jsonencode(\"<>&\\u2028\\u2029\\u0001\\u007f\\t\\u0008\\u000c\")",
            "\"\\\"\\\\u003c\\\\u003e\\\\u0026\\\\u2028\\\\u2029\\\\u0001\\\\t\\\\b\\\\f\\\"\"",
        ),
        (
            "jsonencode({b = 0.000001, a = [1e21, -0.5, true, null]})",
            "\"{\\\"a\\\":[1000000000000000000000,-0.5,true,null],\\\"b\\\":0.000001}\"",
        ),
        ("jsonencode(0.1)", "\"0.1\""),
        ("jsondecode(\"{\\\"a\\\":1,\\\"a\\\":2}\")", "{\"a\" = 2}"),
        // num: `jsondecode("12345678901234567890")` is that number exactly once numbers are
        // arbitrary-precision (the literal here reads as an f64 until then).
        ("jsondecode(\"[1500, \\\"\\\\u003c\\\"]\")", "[1500, \"<\"]"),
        ("csvdecode(\"a,b\\n1,2\\n\")", "[{\"a\" = \"1\", \"b\" = \"2\"}]"),
        ("csvdecode(\"a,b\\n\\\"x\\\"\\\"y\\\",\\\"p\\nq\\\"\\n\")", "[{\"a\" = \"x\\\"y\", \"b\" = \"p\\nq\"}]"),
        ("csvdecode(\"a\\n\")", "[]"),
    ]);
    fails(&[
        ("join(\",\", [\"a\", null])", "element 1 is null; cannot concatenate null values"),
        ("join(\",\")", "at least one list is required"),
        ("regex(\"x\", \"a\")", "pattern did not match any part of the given string"),
        ("regex(\"[\", \"a\")", "invalid regexp pattern"),
        ("regex(\"(?P<a>x)(y)\", \"xy\")", "invalid regexp pattern: cannot mix both named and unnamed capture groups"),
        ("base64decode(\"gA==\")", "the result of decoding the provided string is not valid UTF-8"),
        ("base64decode(\"YQ\")", "failed to decode base64 data \"YQ\""),
        ("csvdecode(\"a,b\\n1\\n\")", "CSV parse error on line 2: wrong number of fields"),
        ("csvdecode(\"\")", "missing header line"),
        ("csvdecode(\"a\\nx\\\"y\\n\")", "CSV parse error on line 2: bare \" in non-quoted-field"),
        ("csvdecode(\"a\\n\\\"x\\n\")", "CSV parse error on line 2: extraneous or missing \" in quoted-field"),
        (
            "substr(\"hello\", 1.5, 1)",
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
        ),
    ]);
}

#[test]
fn yamlencode_as_terraform() {
    check(&[
        ("yamlencode({a = [1, \"b\"]})", "\"\\\"a\\\":\\n- 1\\n- \\\"b\\\"\\n\""),
        ("yamlencode({a = {b = [{c = 1, d = [true, null]}]}, e = [], f = {}, \"g h\" = \"x: y\", i = \"true\", j = \"1.5\", k = \"\", l = \"multi\\nline\\n\", m = 1e21, n = 0.1})", "\"\\\"a\\\":\\n  \\\"b\\\":\\n  - \\\"c\\\": 1\\n    \\\"d\\\":\\n    - true\\n    - null\\n\\\"e\\\": []\\n\\\"f\\\": {}\\n\\\"g h\\\": \\\"x: y\\\"\\n\\\"i\\\": \\\"true\\\"\\n\\\"j\\\": \\\"1.5\\\"\\n\\\"k\\\": \\\"\\\"\\n\\\"l\\\": |\\n  multi\\n  line\\n\\\"m\\\": 1000000000000000000000\\n\\\"n\\\": 0.1\\n\""),
        ("yamlencode([[1,2],[3]])", "\"- - 1\\n  - 2\\n- - 3\\n\""),
        ("yamlencode(\"x\")", "\"\\\"x\\\"\\n\""),
        ("yamlencode(null)", "\"null\\n...\\n\""),
        ("yamlencode(1)", "\"1\\n...\\n\""),
        ("yamlencode([\"null\", \"~\", \"yes\", \"a #b\", \"é\", \"<&>\", \"2001-12-14\"])", "\"- \\\"null\\\"\\n- \\\"~\\\"\\n- \\\"yes\\\"\\n- \\\"a #b\\\"\\n- \\\"é\\\"\\n- \\\"<&>\\\"\\n- \\\"2001-12-14\\\"\\n\""),
        ("yamlencode([\"a\\n\", \"a\\n\\n\", \" lead\\nx\", \"trail \\nx\", \"x\\n \", \"tab\\tx\\ny\", \"\\u0085x\\ny\", \"é\\nü\", \"a\\r\\nb\", \"#x\\ny\"])", "\"- |\\n  a\\n- |+\\n  a\\n\\n- |2-\\n   lead\\n  x\\n- \\\"trail \\\\nx\\\"\\n- \\\"x\\\\n \\\"\\n- \\\"tab\\\\tx\\\\ny\\\"\\n- \\\"\\\\Nx\\\\ny\\\"\\n- |-\\n  é\\n  ü\\n- \\\"a\\\\r\\\\nb\\\"\\n- |-\\n  #x\\n  y\\n\""),
        ("yamlencode([[\"a\\nb\"]])", "\"- - |-\\n    a\\n    b\\n\""),
        ("yamlencode({a = \"x\\ny\", b = {c = \"p\\nq\"}})", "\"\\\"a\\\": |-\\n  x\\n  y\\n\\\"b\\\":\\n  \\\"c\\\": |-\\n    p\\n    q\\n\""),
        ("yamlencode(\"<\\u2028>\\u00a0\\ufeff😀\")", "\"\\\"<\\\\L> \\\\uFEFF\\\\U0001F600\\\"\\n\""),
        ("yamlencode(\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr\")", "\"\\\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\\n  rrrr\\\"\\n\""),
        ("yamlencode({key = [\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq  rrrr ssss\"]})", "\"\\\"key\\\":\\n- \\\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\\n  qqqq  rrrr ssss\\\"\\n\""),
    ]);
}

#[test]
fn network() {
    check(&[
        ("cidrhost(\"10.12.112.0/20\", 16)", "\"10.12.112.16\""),
        ("cidrhost(\"10.12.112.0/20\", 268)", "\"10.12.113.12\""),
        ("cidrhost(\"fd00:fd12:3456:7890:00a2::/72\", 34)", "\"fd00:fd12:3456:7890::22\""),
        ("cidrhost(\"10.0.0.0/24\", -1)", "\"10.0.0.255\""),
        ("cidrhost(\"10.0.0.0/24\", -256)", "\"10.0.0.0\""),
        ("cidrhost(\"fe80::/64\", -2)", "\"fe80::ffff:ffff:ffff:fffe\""),
        ("cidrhost(\"10.0.0.0/8\", \"5\")", "\"10.0.0.5\""),
        ("cidrhost(\"::ffff:10.0.0.0/120\", 5)", "\"0:5::ffff:a00:0\""),
        ("cidrnetmask(\"172.16.0.0/12\")", "\"255.240.0.0\""),
        ("cidrnetmask(\"10.0.0.0/0\")", "\"0.0.0.0\""),
        ("cidrnetmask(\"::ffff:10.0.0.0/104\")", "\"ffff:ffff:ffff:ffff:ffff:ffff:ff00:0\""),
        ("cidrsubnet(\"172.16.0.0/12\", 4, 2)", "\"172.18.0.0/16\""),
        ("cidrsubnet(\"10.1.2.0/24\", 4, 15)", "\"10.1.2.240/28\""),
        ("cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)", "\"fd00:fd12:3456:7800:a200::/72\""),
        ("cidrsubnet(\"10.0.0.0/8\", 24, 1)", "\"10.0.0.1/32\""),
        ("cidrsubnet(\"10.0.0.0/8\", 8, -1)", "\"0.1.0.0/16\""),
        ("cidrsubnet(\"10.1.2.0/24\", -1, 1)", "\"10.1.2.0/23\""),
        ("cidrsubnet(\"010.001.0.0/16\", 8, 2)", "\"10.1.2.0/24\""),
        ("cidrsubnet(\"10.0.0.5/24\", 0, 0)", "\"10.0.0.0/24\""),
        ("cidrsubnet(\"::ffff:10.0.0.0/104\", 8, 5)", "\"10.5.0.0/16\""),
        (
            "cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)",
            "[\"10.1.0.0/20\", \"10.1.16.0/20\", \"10.1.32.0/24\", \"10.1.48.0/20\"]",
        ),
        ("cidrsubnets(\"fe80::/48\", 16, 16, 8)", "[\"fe80::/64\", \"fe80:0:0:1::/64\", \"fe80:0:0:100::/56\"]"),
        ("cidrsubnets(\"10.1.0.0/16\")", "[]"),
    ]);
    fails(&[
        ("cidrsubnet(\"10.0.0.0/24\", 8, 256)", "prefix extension of 8 does not accommodate a subnet numbered 256"),
        ("cidrsubnet(\"10.0.0.0/8\", 25, 1)", "insufficient address space to extend prefix of 8 by 25"),
        ("cidrsubnet(\"fe80::/48\", 16, 65536)", "does not accommodate a subnet numbered 65536"),
        ("cidrsubnet(\"1.2.3.4\", 4, 1)", "invalid CIDR expression: invalid CIDR address: 1.2.3.4"),
        ("cidrsubnet(\"10.1.2.0/24\", -30, 1)", "does not fit"),
        ("cidrhost(\"10.0.0.0/24\", 256)", "prefix of 24 does not accommodate a host numbered 256"),
        ("cidrhost(\"10.0.0.0/24\", -257)", "prefix of 24 does not accommodate a host numbered -1"),
        ("cidrhost(\"10.0.0.5/24\", 1.5)", "value must be a whole number"),
        ("cidrnetmask(\"fe80::/64\")", "IPv6 addresses cannot have a netmask: fe80::/64"),
        (
            "cidrsubnets(\"10.0.0.0/24\", 4, 30)",
            "would extend prefix to 54 bits, which is too long for an IPv4 address",
        ),
        (
            "cidrsubnets(\"10.0.0.0/30\", 1, 1, 1)",
            "not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31",
        ),
        ("cidrsubnets(\"0.0.0.0/0\", 1, 1)", "prefix of 1 bits after 128.0.0.0/1"),
        ("cidrsubnets(\"10.0.0.0/8\", 0)", "must extend prefix by at least one bit"),
        ("cidrsubnets(\"10.0.0.0/8\", 33)", "may not extend prefix by more than 32 bits"),
    ]);
}

#[test]
fn text_encodings() {
    check(&[
        ("textencodebase64(\"Hello World\", \"UTF-16LE\")", "\"SABlAGwAbABvACAAVwBvAHIAbABkAA==\""),
        ("textencodebase64(\"ü€\", \"windows-1252\")", "\"/IA=\""),
        ("textencodebase64(\"a\", \"UTF-16\")", "\"/v8AYQ==\""),
        ("textencodebase64(\"a\", \"US-ASCII\")", "\"YQ==\""),
        ("textdecodebase64(\"SABlAGwAbABvACAAVwBvAHIAbABkAA==\", \"UTF-16LE\")", "\"Hello World\""),
        ("textdecodebase64(\"/IA=\", \"windows-1252\")", "\"ü€\""),
        ("base64gzip(\"test\")", "\"H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA\""),
    ]);
    fails(&[
        ("textencodebase64(\"Hello World\", \"foo\")", "\"foo\" is not a supported IANA encoding name or alias"),
        ("textencodebase64(\"a\", \"utf8\")", "is not a supported IANA encoding name"),
        ("textencodebase64(\"ü€Ω\", \"ISO-8859-1\")", "cannot be represented in ISO_8859-1:1987"),
        ("textencodebase64(\"é\", \"US-ASCII\")", "cannot be represented in US-ASCII"),
        ("textdecodebase64(\"x\", \"UTF-8\")", "invalid base64 symbol at offset 0"),
        ("textdecodebase64(\"/w==\", \"UTF-8\")", "symbols that are not defined for UTF-8"),
    ]);
}

#[test]
fn time_comparison_and_plan_time() {
    check(&[
        ("timecmp(\"2017-11-22T00:00:00Z\", \"2017-11-22T01:00:00+01:00\")", "0"),
        ("timecmp(\"2017-11-22T00:00:01.5Z\", \"2017-11-22T00:00:01Z\")", "1"),
        ("timecmp(\"2017-11-22T00:00:00Z\", \"2017-11-22T00:00:01Z\")", "-1"),
        ("plantimestamp() == timestamp()", "true"),
    ]);
    fails(&[("timecmp(\"2017-11-22T00:00:00Z\", \"2017-11-22\")", "missing required time introducer 'T'")]);
}

#[test]
fn file_hashes_and_paths() {
    let dir = std::env::temp_dir().join(format!("baseline-filehash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("hello.txt");
    std::fs::write(&path, "hello").expect("write");
    let p = path.display().to_string();
    let cases: Vec<(String, String)> = [
        ("filemd5", "md5"),
        ("filesha1", "sha1"),
        ("filesha256", "sha256"),
        ("filesha512", "sha512"),
        ("filebase64sha256", "base64sha256"),
        ("filebase64sha512", "base64sha512"),
    ]
    .iter()
    .map(|(f, g)| (format!("{f}(\"{p}\")"), format!("{g}(\"hello\")")))
    .collect();
    check(&cases.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&dir);
    let home = std::env::var("HOME").unwrap_or_default();
    if !home.is_empty() {
        let want = format!("\"{home}/a\"");
        check(&[("pathexpand(\"~/a\")", want.as_str()), ("pathexpand(\"a/~\")", "\"a/~\"")]);
    }
    fails(&[
        ("pathexpand(\"~bob/a\")", "cannot expand user-specific home dir"),
        ("filemd5(\"/nonexistent/x\")", "cannot read"),
    ]);
}

#[test]
fn random_and_secret_functions() {
    let (v, d) = ev("uuid()");
    assert!(!d.has_errors());
    let Value::String(u) = v else { panic!("uuid() gave {v:?}") };
    assert_eq!(uuid::Uuid::parse_str(&u).map(|u| u.get_version_num()), Ok(4), "{u}");
    let (v, d) = ev("bcrypt(\"hello\", 5)");
    assert!(!d.has_errors());
    let Value::String(h) = v else { panic!("bcrypt() gave {v:?}") };
    assert!(h.starts_with("$2a$05$"), "{h}");
    assert!(bcrypt::verify("hello", &h).unwrap_or(false));
    let (v, _) = ev("bcrypt(\"hello\", 3)");
    assert!(matches!(&v, Value::String(h) if h.starts_with("$2a$10$")), "a cost below 4 is the default 10: {v:?}");
    check(&[(RSA_CALL, "\"message\""), ("ephemeralasnull(null)", "null"), ("ephemeralasnull({a = 1})", "{a = 1}")]);
    fails(&[
        ("bcrypt(\"hello\", 32)", "crypto/bcrypt: cost 32 is outside allowed range (4,31)"),
        ("bcrypt(\"hello\", 4, 5)", "expects 1 to 2 argument(s)"),
        ("rsadecrypt(\"bad\", \"x\")", "failed to decode input \"bad\": cipher text must be base64-encoded"),
        ("rsadecrypt(\"aGk=\", \"x\")", "invalid private key: ssh: no key found"),
    ]);
}

/// A 1024-bit test key made with `openssl genrsa -traditional`, and "message" encrypted to it
/// with PKCS #1 v1.5 (`openssl pkeyutl -encrypt`); Terraform 1.11.4 decrypts it to "message".
const RSA_CALL: &str = "rsadecrypt(\"T2ZRyicR6g/RLYrCVDgipJotUOiqt6+4jWR9bFVj/yiyRRe09sfwZYhaHJzT62J/UJDQq5FH3kTIDdi2I0AdDoAv6ofsAzFiTKJ+4DdpwZmd5Hqw0OAle6ygKyChO2OgJ1NPpF4n/sVhe1LzUmOasecOUdT+pjGn0EUx0KPZRJQ=\", <<EOT
-----BEGIN RSA PRIVATE KEY-----
MIICWwIBAAKBgQDJdccmEUj1nije3IcNd4i6984QCobMm/sSD9kWqZpzyqU2GX0x
AcJFovDLrmBIm3GfU5L6qNf/r2Sy/nCyH5BC4dc1jU1KzzblNVpylS5X2vFd8QFG
RUjFwmOl0ynRNLn/vDht8SD2831GTgsuzhp9WBki7TLvzi6BNZ0Ut4kaUwIDAQAB
AoGASw32A9istdUWpPDD3+CIsB9iRdemINR71V7SIf9N65Wzt1QHsBpXplnuG/P7
KxG+Yv1f5MLCth9CBO2GTtYziA4cs81zflZ9waNDAkDgdsxR9RPBJzOe7vE90qhF
N28WiZ6Y3Jp2XVXlym08fDXDVBL1k8jKQefBLjWzke/nkAECQQDnbmX5yYkv9APc
8xuc7bDSngUNCViB6ck07f2EMSSkTyML0sqTgDXel+AhSkr4TxmbM1MX900u5pev
i8VYcYgTAkEA3tjairb3iSh09mI/xz0Mj3KJJSlNgN/MZ2mJtmViiY+CjHh6Ot7p
NxYLuJeFsufOMuYTn+f6rKtUpkI3LYDswQJAPuKwsv8gV/dmVVN53Vp5AcIOfUxc
0HBGTCufB5yS6FLYow3UHeBowuNh86nMVUypGJMJsSlxv5zI+tpv9WhkIQJAEjct
nfsYvshkzyL2zaVq2mrlVPlMUYV5otZYoGUnKdFmPW83popEC/GsYZlZH2edTkHK
Rt7ieazDjZeKBRktwQJALZay2jh5LZW3wuoUs3pRbIkWRqz1tf/kugvXjDEWV8FC
Tj3NOo1C1PyWRAYgLlNM679D5zvEmzR2eepoBNzw7g==
-----END RSA PRIVATE KEY-----
EOT
)";

#[test]
fn templatestring_renders_a_template_from_elsewhere() {
    check(&[
        ("templatestring({t = \"Hello, $${name}!\"}.t, {name = \"W\"})", "\"Hello, W!\""),
        ("templatestring({t = \"%%{ for x in xs }[$${x}]%%{ endfor }\"}.t, {xs = [1, 2]})", "\"[1][2]\""),
    ]);
    fails(&[
        ("templatestring(\"Hello $${name}\", {name = \"W\"})", "does not support providing a literal template"),
        ("templatestring({t = \"$${a}\"}.t, {})", "`a`"),
        ("templatestring(upper(\"x\"), {})", "direct reference"),
        ("templatestring({t = \"$${templatestring(x, {})}\"}.t, {x = \"\"})", "cannot recursively call templatestring"),
    ]);
}

/// Any function with any arguments (of the shapes configurations give) returns a value or an
/// error, never a panic. `bcrypt` is left out: a random cost may be slow by design.
mod never_panics {
    use proptest::prelude::*;

    use crate::lang::Value;

    const STRINGS: &[&str] = &[
        "",
        "a",
        "10.0.0.0/8",
        "::/0",
        "%d",
        "%[2]s",
        "%-08.3f",
        "%",
        "2024-01-01T00:00:00Z",
        "1h",
        "yes",
        "[",
        "{",
        "e\u{301}",
        "💃🏾",
        "-1",
        "1e400",
        "0x10",
        "a,b\n\"c",
        "utf-16",
        "**/*",
        "$${x}",
        "%{ if x }",
    ];

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::NULL),
            Just(Value::UNKNOWN),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..40).prop_map(Value::int),
            prop::sample::select(&["0.5", "1e400", "-0", "123456789012345678901234567890", "1e-300"][..]).prop_map(
                |s| Value::Number(crate::lang::number::Num::parse(s).unwrap_or_else(crate::lang::number::Num::zero))
            ),
            prop::sample::select(STRINGS).prop_map(Value::str),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                prop::collection::btree_map(prop::sample::select(&["a", "b"][..]).prop_map(String::from), inner, 0..3)
                    .prop_map(Value::from),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn any_call_is_a_value_or_an_error(
            name in prop::sample::select(super::super::names().filter(|n| *n != "bcrypt").collect::<Vec<_>>()),
            args in prop::collection::vec(value(), 0..4),
        ) {
            let _ = super::super::call(name, &args);
        }
    }
}
