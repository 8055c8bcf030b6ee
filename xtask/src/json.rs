//! JSON as Python's `json` module reads and writes it: objects keep their
//! keys in order, integers keep their digits, floats print as Python's `repr`.
//!
//! Not serde_json: the order-keeping `preserve_order` feature would be unified
//! into the tools' serde_json (all are default members of the workspace) and
//! change the key order of their JSON output.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer, as written.
    Int(String),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Obj),
}

/// An object: its entries in order; setting a key that is there keeps its place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj(Vec<(String, Json)>);

impl Obj {
    pub fn new() -> Obj {
        Obj(vec![])
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Json>) {
        let (key, value) = (key.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn extend(&mut self, other: &Obj) {
        for (k, v) in &other.0 {
            self.insert(k.clone(), v.clone());
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Json)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    #[cfg(test)]
    pub fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.into())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<Vec<String>> for Json {
    fn from(v: Vec<String>) -> Json {
        Json::Arr(v.into_iter().map(Json::Str).collect())
    }
}

impl From<Obj> for Json {
    fn from(o: Obj) -> Json {
        Json::Obj(o)
    }
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(o) => o.get(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Int(i) => i.parse().ok(),
            Json::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Python's truth value of what `json.loads` makes of it.
    pub fn truthy(&self) -> bool {
        match self {
            Json::Null => false,
            Json::Bool(b) => *b,
            Json::Int(_) | Json::Float(_) => self.as_f64() != Some(0.0),
            Json::Str(s) => !s.is_empty(),
            Json::Arr(a) => !a.is_empty(),
            Json::Obj(o) => !o.is_empty(),
        }
    }
}

/// `json.loads(text)`.
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < text.len() {
        return Err(p.error("Extra data"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let line = self.s[..self.i].matches('\n').count() + 1;
        let col = self.s[..self.i]
            .rfind('\n')
            .map_or(self.i, |n| self.i - n - 1)
            + 1;
        format!(
            "{what}: line {line} column {col} (char {})",
            self.s[..self.i].chars().count()
        )
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Json::Str),
            _ if self.eat("null") => Ok(Json::Null),
            _ if self.eat("true") => Ok(Json::Bool(true)),
            _ if self.eat("false") => Ok(Json::Bool(false)),
            _ if self.eat("NaN") => Ok(Json::Float(f64::NAN)),
            _ if self.eat("Infinity") => Ok(Json::Float(f64::INFINITY)),
            _ if self.eat("-Infinity") => Ok(Json::Float(f64::NEG_INFINITY)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("Expecting value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`: an int without a fraction or
    /// exponent, a float with one.
    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        self.eat("-");
        if self.eat("0") {
        } else if self.digits() == 0 {
            return Err(self.error("Expecting value"));
        }
        let mut float = false;
        let save = self.i;
        if self.eat(".") {
            if self.digits() == 0 {
                self.i = save;
            } else {
                float = true;
            }
        }
        let save = self.i;
        if self.eat("e") || self.eat("E") {
            let _ = self.eat("+") || self.eat("-");
            if self.digits() == 0 {
                self.i = save;
            } else {
                float = true;
            }
        }
        let text = &self.s[start..self.i];
        Ok(if float {
            Json::Float(text.parse().map_err(|_| self.error("bad number"))?)
        } else if text == "-0" {
            Json::Int("0".into())
        } else {
            Json::Int(text.into())
        })
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let rest = &self.s[self.i..];
            let Some(c) = rest.chars().next() else {
                return Err(self.error("Unterminated string starting at"));
            };
            self.i += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.error("Unterminated string starting at"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.error("Unpaired surrogate"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code)
                                    .ok_or_else(|| self.error("Unpaired surrogate"))?,
                            );
                        }
                        _ => return Err(self.error("Invalid \\escape")),
                    }
                }
                c if (c as u32) < 0x20 => return Err(self.error("Invalid control character at")),
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .s
            .get(self.i..self.i + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let code = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("Invalid \\uXXXX escape"))?;
        self.i += 4;
        Ok(code)
    }

    fn array(&mut self) -> Result<Json, String> {
        self.i += 1;
        let mut items = vec![];
        self.ws();
        if self.eat("]") {
            return Ok(Json::Arr(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            if self.eat("]") {
                return Ok(Json::Arr(items));
            }
            if !self.eat(",") {
                return Err(self.error("Expecting ',' delimiter"));
            }
        }
    }

    fn object(&mut self) -> Result<Json, String> {
        self.i += 1;
        let mut obj = Obj::new();
        self.ws();
        if self.eat("}") {
            return Ok(Json::Obj(obj));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("Expecting property name enclosed in double quotes"));
            }
            let key = self.string()?;
            self.ws();
            if !self.eat(":") {
                return Err(self.error("Expecting ':' delimiter"));
            }
            self.ws();
            let value = self.value()?;
            obj.insert(key, value);
            self.ws();
            if self.eat("}") {
                return Ok(Json::Obj(obj));
            }
            if !self.eat(",") {
                return Err(self.error("Expecting ',' delimiter"));
            }
        }
    }
}

/// A float as Python's `repr` writes it (99.0, 0.925, 1e+16, 1.5e-05).
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Rust's Debug switches to the exponent form where Python's repr does
    // (below 1e-4, from 1e16) and both give the shortest round trip.
    let s = format!("{f:?}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let exp: i32 = exp.parse().expect("an exponent");
            let sign = if exp < 0 { '-' } else { '+' };
            format!("{mantissa}e{sign}{:02}", exp.abs())
        }
        None => s,
    }
}

/// How `json.dumps` writes a number.
fn number(v: &Json) -> String {
    match v {
        Json::Int(i) => i.clone(),
        Json::Float(f) if f.is_nan() => "NaN".into(),
        Json::Float(f) if f.is_infinite() => if *f > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        Json::Float(f) => py_float(*f),
        _ => unreachable!("not a number"),
    }
}

/// A JSON string as `json.dumps` writes it; with `ascii` (its default
/// `ensure_ascii`) everything outside space..~ is escaped.
pub fn string(s: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && !(' '..='~').contains(&c)) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `json.dumps(v, ensure_ascii=ascii)`: one line, ", " and ": " between items.
pub fn compact(v: &Json, ascii: bool) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Int(_) | Json::Float(_) => number(v),
        Json::Str(s) => string(s, ascii),
        Json::Arr(a) => format!(
            "[{}]",
            a.iter()
                .map(|x| compact(x, ascii))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Json::Obj(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, x)| format!("{}: {}", string(k, ascii), compact(x, ascii)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `json.dumps(v, indent=2, ensure_ascii=ascii)`.
pub fn pretty(v: &Json, ascii: bool) -> String {
    let mut out = String::new();
    write_pretty(&mut out, v, ascii, 0);
    out
}

fn write_pretty(out: &mut String, v: &Json, ascii: bool, level: usize) {
    let pad = |out: &mut String, level: usize| out.push_str(&"  ".repeat(level));
    match v {
        Json::Arr(a) if !a.is_empty() => {
            out.push('[');
            for (n, x) in a.iter().enumerate() {
                out.push_str(if n == 0 { "\n" } else { ",\n" });
                pad(out, level + 1);
                write_pretty(out, x, ascii, level + 1);
            }
            out.push('\n');
            pad(out, level);
            out.push(']');
        }
        Json::Obj(o) if !o.is_empty() => {
            out.push('{');
            for (n, (k, x)) in o.iter().enumerate() {
                out.push_str(if n == 0 { "\n" } else { ",\n" });
                pad(out, level + 1);
                out.push_str(&string(k, ascii));
                out.push_str(": ");
                write_pretty(out, x, ascii, level + 1);
            }
            out.push('\n');
            pad(out, level);
            out.push('}');
        }
        _ => out.push_str(&compact(v, ascii)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_order_and_number_text() {
        let text = r#"{"z": 1, "a": [1.50, 2e3, -0, 12345678901234567890], "m": {}, "e": [], "s": "é\u00e9\ud83d\ude00\n"}"#;
        let v = parse(text).unwrap();
        assert_eq!(
            compact(&v, false),
            "{\"z\": 1, \"a\": [1.5, 2000.0, 0, 12345678901234567890], \"m\": {}, \"e\": [], \"s\": \"éé😀\\n\"}"
        );
        assert_eq!(
            compact(&v, true),
            "{\"z\": 1, \"a\": [1.5, 2000.0, 0, 12345678901234567890], \"m\": {}, \"e\": [], \"s\": \"\\u00e9\\u00e9\\ud83d\\ude00\\n\"}"
        );
        assert_eq!(
            pretty(
                &parse(r#"{"a": [1, {"b": null}], "c": {}}"#).unwrap(),
                false
            ),
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}"
        );
    }

    #[test]
    fn floats_as_python_repr() {
        for (f, s) in [
            (99.0, "99.0"),
            (0.925, "0.925"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (1e300, "1e+300"),
            (-2.5e-7, "-2.5e-07"),
            (123456789012345.6, "123456789012345.6"),
        ] {
            assert_eq!(py_float(f), s);
        }
    }

    #[test]
    fn rejects_what_python_rejects() {
        assert!(parse("{\"a\": 1,}").is_err());
        assert!(parse("[1] x").is_err());
        assert!(parse("\"a\u{1}\"").is_err());
        assert!(parse("01").is_err());
        assert!(parse("").is_err());
    }
}
