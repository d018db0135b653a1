//! The typography of a language, the one rule applied to the text of rendered Markdown (never to
//! code, URLs, attributes or raw HTML, which are not text events): French puts a no-break space
//! (U+00A0) before `:` and `»` and after `«`, and a narrow no-break space (U+202F) before `;`, `!`
//! and `?`, as French typography (and UN French style) does, so that the sign never wraps to a line
//! of its own. Only a space already there is replaced: `http://` or `Qui?` stay as written. Other
//! languages have no rule yet; one is added here.

use std::borrow::Cow;

const NO_BREAK: char = '\u{a0}';
const NARROW_NO_BREAK: char = '\u{202f}';

/// `text` with the typography of `lang`.
pub fn apply<'t>(lang: &str, text: &'t str) -> Cow<'t, str> {
    match lang {
        "fr" => french(text),
        _ => Cow::Borrowed(text),
    }
}

fn french(text: &str) -> Cow<'_, str> {
    if !text.contains([':', ';', '!', '?', '«', '»']) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let previous = i.checked_sub(1).map(|j| chars[j]);
        let replaced = match (c, next, previous) {
            (' ', Some(':' | '»'), _) => NO_BREAK,
            (' ', Some(';' | '!' | '?'), _) => NARROW_NO_BREAK,
            (' ', _, Some('«')) => NO_BREAK,
            _ => c,
        };
        out.push(replaced);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_signs_never_wrap_alone() {
        assert_eq!(
            apply("fr", "Qui : le Forum ; quand ? Maintenant !"),
            "Qui\u{a0}: le Forum\u{202f}; quand\u{202f}? Maintenant\u{202f}!"
        );
        assert_eq!(apply("fr", "« Migrations sûres »"), "«\u{a0}Migrations sûres\u{a0}»");
        assert_eq!(apply("fr", "http://x.org Qui? 10:00"), "http://x.org Qui? 10:00");
        assert_eq!(apply("en", "Who : here ?"), "Who : here ?");
        assert!(matches!(apply("fr", "rien à faire"), Cow::Borrowed(_)));
    }
}
