//! The search terms of a text, the one rule shared by the build and the reader's browser
//! (`static/search.js` applies it to queries; a browser test feeds the content's words through
//! both and compares): words are lowercased (and `ё` read as `е`), stemmed with the Snowball
//! algorithm of their language (English, French, Spanish, Russian, Arabic: `pledges` and
//! `pledging` are both `pledg`, `климатом` is `климат`; Spanish words are put in the singular
//! first, see [`spanish_singular`]), then folded (Latin accents, Arabic
//! diacritics and letter variants); Chinese, written without spaces, gives every character and
//! every pair of adjacent characters. Words of one letter are left out.

use crate::hash::FnvMap;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;

/// The stemmer of a language: Snowball's (one the browser side ships too), with the language's
/// plural rule before it where Snowball stems a plural apart from its singular.
pub struct LangStemmer {
    snowball: Stemmer,
    /// Spanish: Snowball takes `sociedad` to `socied` but `sociedades` to `sociedad`.
    spanish: bool,
}

impl LangStemmer {
    pub fn stem(&self, lower: &str) -> String {
        if self.spanish {
            self.snowball.stem(&spanish_singular(lower)).into_owned()
        } else {
            self.snowball.stem(lower).into_owned()
        }
    }
}

/// The stemmer of a language, if Snowball has one that the browser side ships too.
pub fn stemmer(lang: &str) -> Option<LangStemmer> {
    let algorithm = match lang {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "ru" => Algorithm::Russian,
        "ar" => Algorithm::Arabic,
        _ => return None,
    };
    Some(LangStemmer { snowball: Stemmer::create(algorithm), spanish: lang == "es" })
}

/// A Spanish word (lowercase) in the singular, by the regular plural endings: `-ces` is `-z`
/// (`veces`), `-es` after a consonant goes (`sociedades`, `naciones`, `países`), `-s` after a
/// vowel goes (`humanos`). Short words are left as they are (`es`, `mes`, `más`). The same rule
/// is in the browser's Spanish stemmer (tests/browser/stemmers/extract.mjs writes it).
pub fn spanish_singular(word: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "aeiouáéíóú".contains(c);
    if n >= 5 && word.ends_with("ces") {
        return format!("{}z", chars[..n - 3].iter().collect::<String>()).into();
    }
    if n >= 5 && word.ends_with("es") && !vowel(chars[n - 3]) {
        return chars[..n - 2].iter().collect::<String>().into();
    }
    if n >= 5 && word.ends_with('s') && vowel(chars[n - 2]) {
        return chars[..n - 1].iter().collect::<String>().into();
    }
    word.into()
}

/// The terms of `text`, written in a language whose stemmer is `stemmer`.
pub fn terms(text: &str, stemmer: Option<&LangStemmer>) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |token| match token {
        Token::Word(word) => out.extend(word_term(word, stemmer)),
        Token::Han(run) => han_terms(run, |term| out.push(term.to_string())),
    });
    out
}

/// A piece of text: a word, or a run of Chinese characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'t> {
    Word(&'t str),
    Han(&'t str),
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}')
}

/// Whether `c` belongs to a word: a letter or digit of any script, or an Arabic mark. The
/// letters of the site's Cyrillic and Arabic text are answered without the Unicode tables.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        c => c.is_alphanumeric() || is_arabic_mark(c),
    }
}

/// Calls `f` with each word (letters, digits, Arabic marks) and each run of Chinese characters
/// of `text`, in order, as slices of it.
pub fn for_each_token<'t>(text: &'t str, mut f: impl FnMut(Token<'t>)) {
    #[derive(PartialEq)]
    enum In {
        Gap,
        Word,
        Han,
    }
    let mut state = In::Gap;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let now = if is_han(c) {
            In::Han
        } else if is_letter(c) {
            In::Word
        } else {
            In::Gap
        };
        if now != state {
            match state {
                In::Word => f(Token::Word(&text[start..i])),
                In::Han => f(Token::Han(&text[start..i])),
                In::Gap => {}
            }
            start = i;
            state = now;
        }
    }
    match state {
        In::Word => f(Token::Word(&text[start..])),
        In::Han => f(Token::Han(&text[start..])),
        In::Gap => {}
    }
}

/// The term of one word: lowercased, stemmed, folded; `None` for a word of one letter.
pub fn word_term(word: &str, stemmer: Option<&LangStemmer>) -> Option<String> {
    let lower: String = word.chars().flat_map(char::to_lowercase).map(|c| if c == 'ё' { 'е' } else { c }).collect();
    let stemmed = match stemmer {
        Some(s) => s.stem(&lower),
        None => lower,
    };
    let folded: String = stemmed.chars().filter_map(fold).collect();
    (folded.chars().count() >= 2).then_some(folded)
}

/// The terms of a run of Chinese characters: each character, and each pair of adjacent ones.
fn han_terms<'t>(run: &'t str, mut f: impl FnMut(&'t str)) {
    let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
    for w in 0..bounds.len() - 1 {
        f(&run[bounds[w]..bounds[w + 1]]);
        if let Some(&end) = bounds.get(w + 2) {
            f(&run[bounds[w]..end]);
        }
    }
}

/// The terms of many texts, each kept once and named by a number: an index of thousands of
/// pages meets the same few thousand words again and again, so each distinct word of a language
/// is stemmed once and each term is stored once.
#[derive(Default)]
pub struct Lexicon {
    /// Term to its number.
    ids: FnvMap<Box<str>, u32>,
    /// Number to term.
    terms: Vec<Box<str>>,
    /// Per language: its stemmer, and each word seen to its term (`None`: no term).
    languages: HashMap<String, (Option<LangStemmer>, Seen)>,
}

/// Each word seen in a language to its term's number (`None`: the word gives no term).
type Seen = FnvMap<Box<str>, Option<u32>>;

impl Lexicon {
    /// The term numbered `id`.
    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    /// How many terms it holds.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// A lexicon holding `terms`, numbered in that order.
    pub fn with_terms(terms: Vec<String>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for term in terms {
            lexicon.intern(&term);
        }
        lexicon
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    /// Appends the terms of `text`, written in `lang`, to `out`.
    pub fn add_terms(&mut self, lang: &str, text: &str, out: &mut Vec<u32>) {
        if !self.languages.contains_key(lang) {
            self.languages.insert(lang.to_string(), (stemmer(lang), FnvMap::default()));
        }
        for_each_token(text, |token| match token {
            Token::Word(word) => {
                let (stemmer, seen) = &self.languages[lang];
                let id = match seen.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = word_term(word, stemmer.as_ref()).map(|t| self.intern(&t));
                        self.languages.get_mut(lang).expect("added above").1.insert(word.into(), id);
                        id
                    }
                };
                out.extend(id);
            }
            Token::Han(run) => han_terms(run, |term| out.push(self.intern(term))),
        });
    }
}

/// A lowercase character without Latin accents or Arabic diacritics, Arabic letter variants
/// unified; `None` for a mark that is dropped.
fn fold(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => 'o',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        c if is_arabic_mark(c) => return None,
        c => c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(lang: &str, text: &str) -> Vec<String> {
        terms(text, stemmer(lang).as_ref())
    }

    #[test]
    fn inflected_forms_meet_at_their_stem() {
        assert_eq!(t("en", "pledges"), t("en", "Pledging"));
        assert_eq!(t("ru", "климатом"), t("ru", "климат"));
        assert_eq!(t("ru", "молодёжь"), t("ru", "молодежи"));
        assert_eq!(t("es", "detenciones"), t("es", "detención"));
        assert_eq!(t("fr", "migrations"), t("fr", "migration"));
    }

    #[test]
    fn chinese_gives_characters_and_pairs() {
        assert_eq!(t("zh", "移民"), ["移", "移民", "民"]);
    }

    #[test]
    fn a_lexicon_gives_the_terms_of_the_rule() {
        let text = "Pledges, pledging! 移民论坛 — климатом (a) café";
        for lang in ["en", "ru", "zh", "fr"] {
            let mut lexicon = Lexicon::default();
            let mut ids = Vec::new();
            lexicon.add_terms(lang, text, &mut ids);
            lexicon.add_terms(lang, text, &mut ids);
            let from_lexicon: Vec<&str> = ids.iter().map(|&id| lexicon.term(id)).collect();
            assert_eq!(from_lexicon, [t(lang, text), t(lang, text)].concat(), "{lang}");
        }
    }

    #[test]
    fn the_quick_letter_test_agrees_with_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32).filter(|c| !is_han(*c)) {
            assert_eq!(is_letter(c), c.is_alphanumeric() || is_arabic_mark(c), "{c:?}");
        }
    }

    #[test]
    fn tokens_are_words_and_han_runs() {
        let mut tokens = Vec::new();
        for_each_token("ab, 移民x y", |t| tokens.push(t));
        assert_eq!(tokens, [Token::Word("ab"), Token::Han("移民"), Token::Word("x"), Token::Word("y")]);
    }

    #[test]
    fn one_letter_words_are_left_out() {
        assert_eq!(t("en", "a b cd"), ["cd"]);
    }
}
