//! Code highlighting: syntect's grammars, HTML with `hl-` CSS classes, and a memo of highlighted
//! lines.
//!
//! A multilingual site repeats its code: each translation of a page carries the same blocks, and
//! configuration snippets differ from page to page in a line or two. syntect's cost is per line
//! (its YAML grammar is the slowest: about 30 µs a line), and a line's HTML depends only on the
//! line, the parser's state before it and the open scopes. The memo keeps, for each line met, the
//! HTML and the states after it, for every state it was met in: a line met again in an equal
//! state is copied, not parsed. Each thread keeps its own memo. The output is the same bytes either way (`tests` below compare).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The classes of highlighted spans: `hl-keyword`, `hl-string`…
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Lines remembered per worker thread before its memo starts again: a few MB at most.
const MEMO_LINES: usize = 4096;

/// Where the highlighter stands between two lines.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
}

/// A line highlighted from one state.
struct Step {
    before: State,
    after: State,
    html: String,
    /// Spans opened (positive) or closed by the line.
    delta: isize,
}

/// The lines one worker has highlighted, by their text.
#[derive(Default)]
struct Memo {
    lines: HashMap<String, Vec<Step>>,
    count: usize,
}

impl Memo {
    fn find(&self, line: &str, state: &State) -> Option<&Step> {
        self.lines.get(line)?.iter().find(|s| s.before == *state)
    }

    fn keep(&mut self, line: &str, step: Step) {
        if self.count >= MEMO_LINES {
            self.lines.clear();
            self.count = 0;
        }
        self.count += 1;
        self.lines.entry(line.to_string()).or_default().push(step);
    }
}

thread_local! {
    /// Each thread's memo (syntect's parser state cannot cross threads). Its states refer to the
    /// contexts of syntect's default syntax set, the only one loaded, identical in every
    /// [`Highlighter`]: so the memo outlives a build, and serves `imrf serve`'s next one.
    static MEMO: RefCell<Memo> = RefCell::default();
}

/// The syntax definitions, loaded the first time a code block asks for them.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Highlighted HTML for `code` in `lang`, or `None` when the language is unknown.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let set = self.syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut state = State { parse: ParseState::new(syntax), scopes: ScopeStack::new() };
        let mut html = String::with_capacity(code.len() * 2);
        let mut open: isize = 0;
        MEMO.with_borrow_mut(|memo| {
            for line in LinesWithEndings::from(code) {
                if let Some(step) = memo.find(line, &state) {
                    html.push_str(&step.html);
                    open += step.delta;
                    state.clone_from(&step.after);
                    continue;
                }
                let before = state.clone();
                let ops = state.parse.parse_line(line, set).ok()?;
                let (line_html, delta) = line_tokens_to_classed_spans(line, &ops, STYLE, &mut state.scopes).ok()?;
                html.push_str(&line_html);
                open += delta;
                memo.keep(line, Step { before, after: state.clone(), html: line_html, delta });
            }
            Some(())
        })?;
        for _ in 0..open {
            html.push_str("</span>");
        }
        Some(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::html::ClassedHTMLGenerator;

    /// syntect's own generator, without the memo.
    fn plain(code: &str, lang: &str) -> String {
        let set = SyntaxSet::load_defaults_newlines();
        let syntax = set.find_syntax_by_token(lang).unwrap();
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &set, STYLE);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        gen.finalize()
    }

    #[test]
    fn remembered_lines_give_the_same_html_as_syntect() {
        let h = Highlighter::default();
        let blocks = [
            ("yaml", "page: 1\nlanguage: fr\nreview:\n  year: 2022\n  note: |\n    page: 1\n    review:\n"),
            ("yaml", "page: 1\nlanguage: fr\nreview:\n  year: 2022\n"),
            ("rust", "fn main() {\n    let s = \"/* not\";\n}\n/* open\nfn main() {\n*/\n"),
            ("rust", "fn main() {\n    let s = \"/* not\";\n}\n"),
            ("json", "{\"a\": [1, 2,\n\"b\"]}\n{\"a\": [1, 2,\n"),
            ("html", "<p>\n<script>\nlet a = 1;\n</script>\nlet a = 1;\n"),
        ];
        // Twice over: the second pass is served from the memo.
        for _ in 0..2 {
            for (lang, code) in blocks {
                assert_eq!(h.highlight(code, lang).unwrap(), plain(code, lang), "{lang}: {code}");
            }
        }
        assert!(h.highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn the_memo_starts_again_when_full() {
        let mut memo = Memo::default();
        let state = State {
            parse: ParseState::new(SyntaxSet::load_defaults_newlines().find_syntax_plain_text()),
            scopes: ScopeStack::new(),
        };
        for i in 0..=MEMO_LINES {
            let step = Step { before: state.clone(), after: state.clone(), html: String::new(), delta: 0 };
            memo.keep(&format!("{i}\n"), step);
        }
        assert_eq!(memo.count, 1);
        assert!(memo.find(&format!("{MEMO_LINES}\n"), &state).is_some());
        assert!(memo.find("0\n", &state).is_none());
    }
}
