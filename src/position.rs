//! Source positions, the one rule for where a problem is: lines and columns are 1-based, columns
//! count characters (not bytes), and a line of a key is found in the text that was parsed, never
//! by reading the file again. YAML errors are placed where the offending construct starts (the
//! quote that is never closed, the mapping that cannot be read), not where the parser gave up,
//! and are said in plain words. [`snippet`] shows a finding's source line with a caret, as rustc
//! does.

/// A place in a file: 1-based line, and column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// The starts of the lines of a text, found once: the position of any offset then costs a
/// binary search, not a count from the start (which made a page of many links quadratic).
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= end);
        let start = self.starts[line - 1];
        (line, self.text[start..end].chars().count() + 1)
    }
}

/// The 1-based line of a byte offset in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The 1-based (line, column) of a byte offset; the column counts characters.
pub fn position_of_offset(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    (line_of_offset(text, end), text[line_start..end].chars().count() + 1)
}

/// The line of the first line of `text` at which a top-level key `key:` starts (also quoted, and
/// as a TOML `key =` or table header `[key]`), counting `text`'s first line as `first_line`.
pub fn key_line(text: &str, key: &str, first_line: usize) -> Option<usize> {
    text.lines().position(|l| starts_with_key(l, key)).map(|i| i + first_line)
}

/// The line of `key = …` in the TOML table `[table]` of `text` (its first line is 1), else of the
/// table's header.
pub fn table_key_line(text: &str, table: &str, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| l.trim() == format!("[{table}]"))?;
    let own = lines[header + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| starts_with_key(l.trim_start(), key))
        .map(|i| header + 1 + i);
    Some(own.unwrap_or(header) + 1)
}

fn starts_with_key(line: &str, key: &str) -> bool {
    let unquoted = line.strip_prefix(['"', '\'']).unwrap_or(line);
    let Some(rest) = unquoted.strip_prefix(key) else {
        return line.trim_start() == format!("[{key}]");
    };
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest).trim_start();
    rest.starts_with(':') || rest.starts_with('=')
}

/// The line of the `item`-th (0-based) entry of the top-level key `key`'s list in the YAML
/// `text` (whose first line is `first_line`): its own `- ` line in a block list, the key's line
/// in a flow list (`[A, B]`) or when the entry cannot be found.
pub fn sequence_item_line(text: &str, key: &str, item: usize, first_line: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| starts_with_key(l, key))?;
    let entries = lines[at + 1..]
        .iter()
        .enumerate()
        .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '\t', '-']) || l.trim_start().starts_with('#'))
        .filter(|(_, l)| l.trim_start().starts_with("- ") || l.trim_start() == "-");
    let own = entries.map(|(i, _)| at + 1 + i).nth(item);
    Some(own.unwrap_or(at) + first_line)
}

/// The line of `needle` within the `item`-th top-level list item (`- ` at column 0) of a YAML
/// list, or the item's first line.
pub fn list_item_line(text: &str, item: usize, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some((start, end)) = list_item_lines(&lines, item) else { return 1 };
    let found = (start..end).find(|&i| lines[i].trim_start().trim_start_matches("- ").starts_with(needle));
    found.unwrap_or(start) + 1
}

/// The 0-based lines of the `item`-th top-level list item (`- ` at column 0) of a YAML list: its
/// first line and the line after its last (the next item's first, or the end).
pub fn list_item_lines<S: AsRef<str>>(lines: &[S], item: usize) -> Option<(usize, usize)> {
    let mut starts = lines.iter().enumerate().filter(|(_, l)| l.as_ref().starts_with("- ")).map(|(i, _)| i).skip(item);
    let start = starts.next()?;
    Some((start, starts.next().unwrap_or(lines.len())))
}

#[cfg(test)]
mod sequence_tests {
    #[test]
    fn list_entries_are_found_at_their_own_line() {
        let yaml = "title: T\nspeakers:\n  - A\n  # a note\n  - B\nchairs: [C, D]\n";
        assert_eq!(super::sequence_item_line(yaml, "speakers", 0, 2), Some(4));
        assert_eq!(super::sequence_item_line(yaml, "speakers", 1, 2), Some(6));
        assert_eq!(super::sequence_item_line(yaml, "chairs", 1, 2), Some(7));
        assert_eq!(super::sequence_item_line(yaml, "other", 0, 2), None);
    }
}

/// Where a YAML error is and what it means: (line, column, message), the line counted from
/// `first_line` (the file line of the YAML's first line); `text` is the YAML that was parsed.
pub fn yaml_error(e: &serde_yaml::Error, text: &str, first_line: usize) -> (usize, Option<usize>, String) {
    if let Some((line, column, message)) = yaml_error_in_text(e, text) {
        return (line + first_line - 1, column, message);
    }
    let full = e.to_string();
    // libyaml's messages read `PROBLEM at line L column C, CONTEXT at line L column C`.
    let (problem, problem_at, rest) = split_location(&full);
    let problem_at = e.location().map(|l| (l.line(), l.column())).or(problem_at);
    let (context, context_at) = match rest {
        Some(rest) => {
            let (context, at, _) = split_location(rest);
            (Some(context), at)
        }
        None => (None, None),
    };
    let message = plain_words(problem, context);
    match context_at.or(problem_at) {
        Some((line, column)) => (line + first_line - 1, Some(column), message),
        None => (first_line, None, message),
    }
}

/// The errors whose place libyaml does not give where the problem starts, found in the text:
/// a key given twice (at the second one, not at the mapping), a number too large (said in plain
/// words), aliases that repeat too much (at the first alias, not at the start).
fn yaml_error_in_text(e: &serde_yaml::Error, text: &str) -> Option<(usize, Option<usize>, String)> {
    let full = e.to_string();
    let at = e.location().map(|l| (l.line(), l.column()));
    let quoted = |open: char, close: char| {
        let start = full.find(open)? + open.len_utf8();
        Some(full[start..start + full[start..].find(close)?].to_string())
    };
    if full.starts_with("duplicate entry with key") || full.contains("duplicate field `") {
        let key = if full.starts_with("duplicate entry") { quoted('"', '"')? } else { quoted('`', '`')? };
        let from = at.map_or(1, |(l, _)| l);
        let is_key = |line: &str| {
            let bare = line.trim_start().trim_start_matches("- ").trim_start();
            [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")].iter().any(|k| bare.starts_with(k.as_str()))
        };
        let second = text.lines().enumerate().skip(from - 1).filter(|(_, l)| is_key(l)).nth(1);
        let (i, line) = second?;
        let column = line.chars().take_while(|c| c.is_whitespace() || *c == '-').count() + 1;
        return Some((i + 1, Some(column), format!("the key `{key}` is given twice in one mapping: keep one")));
    }
    if full.contains(" as u128") || full.contains("number out of range") {
        let number = quoted('`', '`').unwrap_or_default();
        let shown = if number.is_empty() { String::new() } else { format!(" `{number}`") };
        let message = format!(
            "the number{shown} is too large (whole numbers go up to 9223372036854775807): put it in quotes if it is a text"
        );
        return Some((at.map_or(1, |(l, _)| l), at.map(|(_, c)| c), message));
    }
    if full.starts_with("repetition limit exceeded") {
        let (i, line) = text.lines().enumerate().find(|(_, l)| alias_at(l).is_some())?;
        let message =
            "the aliases (`*name`) repeat their anchors (`&name`) into too many values: write the values out, \
                       or use fewer aliases";
        return Some((i + 1, alias_at(line).map(|c| c + 1), message.to_string()));
    }
    None
}

/// The column (0-based, in characters) of the first YAML alias (`*name`) of a line.
fn alias_at(line: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len()).find(|&i| {
        chars[i] == '*'
            && (i == 0 || matches!(chars[i - 1], ' ' | '[' | ',' | '{' | ':'))
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric() || *c == '_')
    })
}

/// Splits `TEXT at line L column C, REST` into its parts.
fn split_location(s: &str) -> (&str, Option<(usize, usize)>, Option<&str>) {
    const AT: &str = " at line ";
    let Some(i) = s.find(AT) else {
        return match s.split_once(", ") {
            Some((text, rest)) => (text, None, Some(rest)),
            None => (s, None, None),
        };
    };
    let after = &s[i + AT.len()..];
    let (location, rest) = match after.split_once(", ") {
        Some((l, r)) => (l, Some(r)),
        None => (after, None),
    };
    let parsed = location.split_once(" column ").and_then(|(l, c)| {
        let c = c.split(|ch: char| !ch.is_ascii_digit()).next()?;
        Some((l.trim().parse().ok()?, c.parse().ok()?))
    });
    (&s[..i], parsed, rest)
}

/// libyaml's problem and context, said as an author would understand them.
fn plain_words(problem: &str, context: Option<&str>) -> String {
    let said = match (context, problem) {
        (Some("while scanning a quoted scalar"), _) => {
            "this quoted text is never closed: the closing quote is missing".to_string()
        }
        (Some("while scanning a simple key"), _) => {
            "this line is not a `key: value` pair: the `:` is missing, or the text needs quotes".to_string()
        }
        (Some("while parsing a block mapping"), _) => {
            "this mapping has a line that is not a `key: value` pair at its indentation: check the indentation and quotes".to_string()
        }
        (Some("while parsing a block collection"), _) => {
            "this list has a line that is not a `- item` at its indentation: check the indentation".to_string()
        }
        (Some("while parsing a flow sequence"), _) => {
            "this `[…]` list is not closed, or lacks a comma between items".to_string()
        }
        (Some("while parsing a flow mapping"), _) => {
            "this `{…}` mapping is not closed, or lacks a comma between entries".to_string()
        }
        (Some("while scanning a block scalar"), _) => "this `|` or `>` block text is not well indented".to_string(),
        (Some(c), p) => format!("{p} ({})", c.trim_start_matches("while ")),
        (None, "mapping values are not allowed in this context") => {
            "a value holds `: `: put the value in quotes (`title: \"A: B\"`)".to_string()
        }
        (None, "found character that cannot start any token") => {
            "a value starts with a character YAML reserves (`@`, a backtick, `%` or a tab): put the value in quotes".to_string()
        }
        (None, p) => p.to_string(),
    };
    said
}

/// The source line of a finding with a caret under its column, as rustc shows it:
///
/// ```text
///   |
/// 2 | title: "Alpha
///   |        ^
/// ```
pub fn snippet(line_text: &str, line: usize, column: Option<usize>) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let start = column
        .map(|c| line_text.char_indices().nth(c.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i))
        .unwrap_or(0);
    let end = match column {
        Some(_) => line_text[start..].chars().next().map_or(start, |c| start + c.len_utf8()),
        None => line_text.len(),
    };
    let report = &[Group::with_level(Level::ERROR)
        .element(Snippet::source(line_text).line_start(line).annotation(AnnotationKind::Primary.span(start..end)))];
    Renderer::plain().render(report).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> (usize, Option<usize>, String) {
        let e = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        yaml_error(&e, text, 2)
    }

    #[test]
    fn errors_libyaml_places_badly_are_placed_in_the_text() {
        let (line, column, message) = yaml("title: x\nb: 2\ntitle: 3\n");
        assert_eq!((line, column), (4, Some(1)), "{message}");
        assert_eq!(message, "the key `title` is given twice in one mapping: keep one");
        let (line, _, message) = yaml("a: 1\nn: 340282366920938463463374607431768211455\n");
        assert_eq!(line, 3);
        assert!(message.starts_with("the number `340282366920938463463374607431768211455` is too large"), "{message}");
        let mut bomb = String::from("title: T\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (n, prev) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
            bomb.push_str(&format!("{n}: &{n} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
        }
        let (line, column, message) = yaml(&bomb);
        assert_eq!((line, column), (4, Some(8)), "{message}");
        assert!(message.contains("aliases"), "{message}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let (line, column, message) = yaml("title: \"Alpha\nsummary: x\n");
        assert_eq!((line, column), (2, Some(8)), "{message}");
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn a_colon_in_a_value_is_explained() {
        let (line, _, message) = yaml("a: 1\ntitle: A: B\n");
        assert_eq!(line, 3);
        assert!(message.contains("quotes"), "{message}");
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position_of_offset("ab\nçd", 5), (2, 2));
        assert_eq!(line_of_offset("a\nb\nc", 4), 3);
    }

    #[test]
    fn key_lines() {
        let text = "title: x\n  slug: y\nslug: z\n\"date\": 1\n";
        assert_eq!(key_line(text, "slug", 2), Some(4));
        assert_eq!(key_line(text, "date", 2), Some(5));
        assert_eq!(key_line("base_url = 'x'\n[languages.fr]\n", "languages.fr", 1), Some(2));
        assert_eq!(key_line(text, "nope", 2), None);
    }

    #[test]
    fn list_item_lines() {
        let text = "# c\n- a: 1\n  b: 2\n- a: 3\n  b: 4\n";
        assert_eq!(list_item_line(text, 1, "b:"), 5);
        assert_eq!(list_item_line(text, 0, "a:"), 2);
    }

    #[test]
    fn snippets_point_at_the_column() {
        let s = snippet("title: \"Alpha", 2, Some(8));
        assert!(s.contains("2 | title: \"Alpha"), "{s}");
        let caret_line = s.lines().last().unwrap();
        assert_eq!(caret_line.find('^'), s.lines().find(|l| l.contains("title")).unwrap().find('"'), "{s}");
    }

    #[test]
    fn the_line_index_agrees_with_counting() {
        let text = "ab\nçé x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.position(offset), position_of_offset(text, offset), "{offset}");
        }
    }
}
