//! Shortcodes, with Zola's syntax: `{{ name(key="value", n=3) }}` inline, and
//! `{% name(key="value") %}Markdown body{% end %}` around Markdown. Each is a Tera template
//! `shortcodes/NAME.html` of the theme (a site's own file overrides the default theme's) whose
//! first line declares its arguments, `{# args: src: string, caption?: string #}` (`?` marks an
//! optional one; types `string`, `int`, `float`, `bool`), and, with `{# body #}`, that it takes a
//! body.
//!
//! Calls are found before the Markdown is parsed, outside fenced and inline code (where they stay
//! text), checked against their declaration (unknown shortcode, unknown or missing argument, wrong
//! type: errors at file:line:col), and replaced by placeholders that Markdown leaves alone. The
//! page renderer later renders each call in the reader's language and puts its HTML in place of
//! its placeholder; a body's Markdown is part of the page, so its links are checked and resolved
//! like the rest.

use serde_json::Value;
use std::collections::BTreeMap;

/// Arguments that hold a link, whatever the shortcode: checked against the URL policy, and a
/// site path among them is checked to exist in the built site.
pub const LINK_ARGUMENTS: &[&str] = &["url", "src", "href"];

/// Marks a placeholder in text: private-use characters no author types.
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// The type of an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgType {
    String,
    Int,
    Float,
    Bool,
}

impl ArgType {
    fn parse(s: &str) -> Option<ArgType> {
        match s {
            "string" => Some(ArgType::String),
            "int" => Some(ArgType::Int),
            "float" => Some(ArgType::Float),
            "bool" => Some(ArgType::Bool),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            ArgType::String => "text",
            ArgType::Int => "a whole number",
            ArgType::Float => "a number",
            ArgType::Bool => "true or false",
        }
    }

    /// Whether `value` is of this type (a whole number is a number too).
    fn accepts(self, value: &Value) -> bool {
        match self {
            ArgType::String => value.is_string(),
            ArgType::Int => value.is_i64(),
            ArgType::Float => value.is_number(),
            ArgType::Bool => value.is_boolean(),
        }
    }
}

/// What a shortcode takes, from its template's first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Argument name to (type, required).
    pub args: BTreeMap<String, (ArgType, bool)>,
    pub body: bool,
}

impl Spec {
    /// Reads the declaration comments at the top of a shortcode template.
    pub fn parse(template: &str) -> Result<Spec, String> {
        let mut spec = Spec { args: BTreeMap::new(), body: false };
        for comment in template.split("{#").skip(1).filter_map(|c| c.split_once("#}").map(|(c, _)| c.trim())) {
            let comment = comment.trim_matches('-').trim();
            if comment == "body" {
                spec.body = true;
            } else if let Some(list) = comment.strip_prefix("args:") {
                for arg in list.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                    let (name, ty) = arg.split_once(':').ok_or(format!("`{arg}`: write `name: type`"))?;
                    let (name, required) = match name.trim().strip_suffix('?') {
                        Some(n) => (n.trim(), false),
                        None => (name.trim(), true),
                    };
                    let ty = ArgType::parse(ty.trim())
                        .ok_or(format!("`{}`: the type is string, int, float or bool", ty.trim()))?;
                    spec.args.insert(name.to_string(), (ty, required));
                }
            }
        }
        Ok(spec)
    }
}

/// One call found in a page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    pub name: String,
    /// Kept as JSON text in the Markdown cache, whose format stores no self-describing values.
    #[serde(with = "json_text")]
    pub args: BTreeMap<String, Value>,
    /// Whether it has a body (then its HTML stands between its two placeholders).
    pub body: bool,
    /// File line and column of `{{` or `{%`.
    pub line: usize,
    pub column: usize,
}

/// Arguments as one JSON text.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, T: serde::Serialize>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_json::to_string(value).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<T, D::Error> {
        serde_json::from_str(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A page body with its calls replaced by placeholders.
#[derive(Debug, Default)]
pub struct Preprocessed {
    pub text: String,
    /// For each line of `text`, the file line it comes from.
    pub lines: Vec<usize>,
    pub calls: Vec<Call>,
    pub errors: Vec<Problem>,
}

/// A problem of a shortcode call, at its file line and column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub at: crate::position::Pos,
    pub message: String,
}

impl Problem {
    fn new(line: usize, column: usize, message: String) -> Problem {
        Problem { at: crate::position::Pos { line, column }, message }
    }
}

/// Finds the calls of `body` (whose first line is file line `first_line`), outside code.
pub fn preprocess(body: &str, first_line: usize, specs: &BTreeMap<String, Spec>) -> Preprocessed {
    let mut out = Preprocessed { text: String::with_capacity(body.len()), ..Preprocessed::default() };
    // The open body shortcodes: index in `calls`.
    let mut open: Vec<usize> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let file_line = first_line + i;
        if let Some(f) = fence_of(line) {
            match fence {
                None => fence = Some(f),
                Some((c, n)) if f.0 == c && f.1 >= n && line.trim_start().trim_start_matches(c).trim().is_empty() => {
                    fence = None
                }
                _ => {}
            }
        }
        // Code, and a line without `{` (no call can start there), stay as they are.
        if fence.is_some()
            || fence_of(line).is_some()
            || line.starts_with("    ")
            || line.starts_with('\t')
            || !line.contains('{')
        {
            push_line(&mut out, line, file_line);
            continue;
        }
        let processed = scan_line(line, file_line, specs, &mut out, &mut open);
        push_line(&mut out, &processed, file_line);
    }
    for i in open {
        let call = &out.calls[i];
        out.errors.push(Problem::new(
            call.line,
            call.column,
            format!("`{}` is never closed with `{{% end %}}`", call.name),
        ));
    }
    out
}

/// The fence (character, length) a line opens or closes, if any.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3 && line.len() - t.len() < 4).then_some((c, n))
}

fn push_line(out: &mut Preprocessed, text: &str, file_line: usize) {
    for _ in 0..text.matches('\n').count() + usize::from(!text.ends_with('\n')) {
        out.lines.push(file_line);
    }
    out.text.push_str(text);
}

/// Replaces the calls of one line by placeholders; text in backtick code spans stays.
fn scan_line(
    line: &str,
    file_line: usize,
    specs: &BTreeMap<String, Spec>,
    out: &mut Preprocessed,
    open: &mut Vec<usize>,
) -> String {
    let mut result = String::new();
    let mut rest = line;
    let mut offset = 0;
    while !rest.is_empty() {
        let next = rest.find(['`', '{']);
        let Some(i) = next else {
            result.push_str(rest);
            break;
        };
        result.push_str(&rest[..i]);
        let at = &rest[i..];
        if at.starts_with('`') {
            // A code span: copy it whole, up to the same run of backticks.
            let ticks = at.chars().take_while(|c| *c == '`').count();
            let end = at[ticks..].find(&"`".repeat(ticks)).map_or(at.len(), |j| ticks + j + ticks);
            result.push_str(&at[..end]);
            offset += i + end;
            rest = &at[end..];
            continue;
        }
        let column = line[..offset + i].chars().count() + 1;
        match parse_tag(at) {
            Some((tag, len)) => {
                let placeholder = handle_tag(tag, file_line, column, specs, out, open);
                result.push_str(&placeholder);
                offset += i + len;
                rest = &at[len..];
            }
            None => {
                result.push('{');
                offset += i + 1;
                rest = &at[1..];
            }
        }
    }
    result
}

/// A tag found in text.
enum Tag {
    Inline(Result<(String, BTreeMap<String, Value>), String>),
    Open(Result<(String, BTreeMap<String, Value>), String>),
    End,
}

/// Reads `{{ name(…) }}`, `{% name(…) %}` or `{% end %}` at the start of `s`: the tag and its
/// length. Text that only looks like the start of one (`{{ x }}` without parentheses) is `None`.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let (close, inline) = if s.starts_with("{{") {
        ("}}", true)
    } else if s.starts_with("{%") {
        ("%}", false)
    } else {
        return None;
    };
    let inner_start = 2;
    // The closing `%}` is searched after the opening `{%`: in `{%}` they overlap.
    let end = inner_start + s[inner_start..].find(close)?;
    let inner = s[inner_start..end].trim();
    let len = end + 2;
    if !inline && inner == "end" {
        return Some((Tag::End, len));
    }
    let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    if name_len == 0 || !inner[name_len..].trim_start().starts_with('(') {
        return None;
    }
    let call = parse_args(&inner[name_len..]).map(|args| (inner[..name_len].to_string(), args));
    Some((if inline { Tag::Inline(call) } else { Tag::Open(call) }, len))
}

/// `(key="v", n=3, ok=true)` into its arguments.
fn parse_args(s: &str) -> Result<BTreeMap<String, Value>, String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or("the arguments must be written `(key=value, …)`")?;
    let mut args = BTreeMap::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=').ok_or(format!("`{rest}`: write `key=value`"))?;
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{key}` is not an argument name"));
        }
        let (value, after) = parse_value(after.trim_start())?;
        if args.insert(key.to_string(), value).is_some() {
            return Err(format!("argument `{key}` is given twice"));
        }
        rest = after.trim_start();
        rest = match rest.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if rest.is_empty() => rest,
            None => return Err(format!("`{rest}`: separate arguments with commas")),
        };
    }
    Ok(args)
}

/// A string, number or boolean at the start of `s`, and what follows it.
fn parse_value(s: &str) -> Result<(Value, &str), String> {
    if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let mut text = String::new();
        let mut chars = s[1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => text.push('\n'),
                    Some((_, e)) => text.push(e),
                    None => break,
                },
                c if c == q => return Ok((Value::String(text), &s[1 + i + 1..])),
                c => text.push(c),
            }
        }
        return Err("a quoted value is never closed".to_string());
    }
    let end = s.find([',', ')']).unwrap_or(s.len());
    let word = s[..end].trim();
    let value = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        w => {
            if let Ok(n) = w.parse::<i64>() {
                Value::from(n)
            } else if let Some(n) = w.parse::<f64>().ok().filter(|n| n.is_finite()) {
                Value::from(n)
            } else {
                return Err(format!("`{w}`: a value is \"text\", a number, true or false"));
            }
        }
    };
    Ok((value, &s[end..]))
}

/// Records a tag and returns its placeholder (empty for a tag in error).
fn handle_tag(
    tag: Tag,
    line: usize,
    column: usize,
    specs: &BTreeMap<String, Spec>,
    out: &mut Preprocessed,
    open: &mut Vec<usize>,
) -> String {
    let (call, body) = match tag {
        Tag::End => {
            let Some(i) = open.pop() else {
                out.errors.push(Problem::new(line, column, "`{% end %}` closes no shortcode".to_string()));
                return String::new();
            };
            // The body's HTML ends before the closing placeholder, in its own block.
            return format!("\n\n{OPEN}/{i}{CLOSE}\n\n");
        }
        Tag::Inline(call) => (call, false),
        Tag::Open(call) => (call, true),
    };
    let (name, args) = match call {
        Ok(c) => c,
        Err(e) => {
            out.errors.push(Problem::new(line, column, format!("shortcode: {e}")));
            return String::new();
        }
    };
    if let Err(e) = check(&name, &args, body, specs) {
        out.errors.push(Problem::new(line, column, e));
        // A body shortcode in error still needs its `{% end %}` matched.
        if body {
            open.push(out.calls.len());
            out.calls.push(Call { name, args, body, line, column });
        }
        return String::new();
    }
    let i = out.calls.len();
    out.calls.push(Call { name, args, body, line, column });
    if body {
        open.push(i);
        format!("\n\n{OPEN}{i}{CLOSE}\n\n")
    } else {
        format!("{OPEN}{i}{CLOSE}")
    }
}

/// Checks a call against its shortcode's declaration.
fn check(name: &str, args: &BTreeMap<String, Value>, body: bool, specs: &BTreeMap<String, Spec>) -> Result<(), String> {
    let Some(spec) = specs.get(name) else {
        let known: Vec<&str> = specs.keys().map(String::as_str).collect();
        return Err(format!("unknown shortcode `{name}` (known: {})", known.join(", ")));
    };
    match (spec.body, body) {
        (true, false) => return Err(format!("`{name}` takes a body: write `{{% {name}(…) %}}…{{% end %}}`")),
        (false, true) => return Err(format!("`{name}` takes no body: write `{{{{ {name}(…) }}}}`")),
        _ => {}
    }
    for (key, value) in args {
        let Some((ty, _)) = spec.args.get(key) else {
            let known: Vec<&str> = spec.args.keys().map(String::as_str).collect();
            return Err(format!("`{name}` has no argument `{key}` (its arguments: {})", known.join(", ")));
        };
        if !ty.accepts(value) {
            return Err(format!("`{name}`: argument `{key}` must be {}, not `{value}`", ty.name()));
        }
    }
    if let Some((missing, _)) = spec.args.iter().find(|(k, (_, required))| *required && !args.contains_key(*k)) {
        return Err(format!("`{name}` needs the argument `{missing}`"));
    }
    // Arguments that are links follow the site's one URL policy.
    for key in LINK_ARGUMENTS {
        if let Some(url) = args.get(*key).and_then(Value::as_str) {
            if crate::urls::classify(url) == crate::urls::Kind::Refused {
                return Err(format!("`{name}`: {}", crate::urls::refused_message(url)));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> BTreeMap<String, Spec> {
        let mut s = BTreeMap::new();
        s.insert("objective".to_string(), Spec::parse("{# args: n: int #}\n").unwrap());
        s.insert("note".to_string(), Spec::parse("{# args: kind?: string #}{# body #}\n").unwrap());
        s
    }

    #[test]
    fn declarations_are_read_from_the_template() {
        let spec = Spec::parse("{#- args: src: string, caption?: string, n?: float -#}\n<figure>").unwrap();
        assert_eq!(spec.args["src"], (ArgType::String, true));
        assert_eq!(spec.args["caption"], (ArgType::String, false));
        assert!(!spec.body);
        assert!(Spec::parse("{# args: x: colour #}").is_err());
    }

    #[test]
    fn calls_become_placeholders_outside_code() {
        let body = "See {{ objective(n=7) }} and `{{ objective(n=8) }}`.\n\n```\n{{ objective(n=9) }}\n```\n";
        let p = preprocess(body, 5, &specs());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.calls.len(), 1);
        assert_eq!(p.calls[0].args["n"], Value::from(7));
        assert_eq!((p.calls[0].line, p.calls[0].column), (5, 5));
        assert!(p.text.contains("`{{ objective(n=8) }}`") && p.text.contains("{{ objective(n=9) }}"));
        assert_eq!(p.lines.len(), p.text.lines().count());
    }

    #[test]
    fn bodies_are_markdown_between_two_placeholders() {
        let p = preprocess("{% note(kind=\"warning\") %}\nBe **careful**.\n{% end %}\nAfter.\n", 1, &specs());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert!(p.calls[0].body);
        assert!(p.text.contains(&format!("{OPEN}0{CLOSE}")) && p.text.contains(&format!("{OPEN}/0{CLOSE}")));
        // Every line of the new text maps back to its line in the file.
        let after = p.text.lines().position(|l| l == "After.").unwrap();
        assert_eq!(p.lines[after], 4);
    }

    #[test]
    fn mistakes_are_reported_where_the_call_starts() {
        let p = preprocess(
            "a {{ nope(x=1) }}\n{{ objective(n=\"7\") }}\n{{ objective() }}\n{{ note() }}\n{% note(x=1) %}\n",
            1,
            &specs(),
        );
        let messages: Vec<String> =
            p.errors.iter().map(|e| format!("{}:{}: {}", e.at.line, e.at.column, e.message)).collect();
        assert!(messages[0].starts_with("1:3: unknown shortcode `nope`"), "{messages:?}");
        assert!(messages[1].starts_with("2:1: `objective`: argument `n` must be a whole number"), "{messages:?}");
        assert!(messages[2].starts_with("3:1: `objective` needs the argument `n`"), "{messages:?}");
        assert!(messages[3].contains("takes a body"), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("no argument `x`")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("never closed")), "{messages:?}");
    }

    #[test]
    fn overlapping_braces_are_text() {
        for text in ["{%}", "{{}", "a {%} b {{}} c\n"] {
            let p = preprocess(text, 1, &specs());
            assert!(p.calls.is_empty() && p.errors.is_empty(), "{text}");
            assert_eq!(p.text, text);
        }
    }

    #[test]
    fn text_that_only_looks_like_a_shortcode_stays() {
        let p = preprocess("A {{ variable }} and {% raw %} and {x}.\n", 1, &specs());
        assert!(p.calls.is_empty() && p.errors.is_empty());
        assert_eq!(p.text, "A {{ variable }} and {% raw %} and {x}.\n");
    }
}
