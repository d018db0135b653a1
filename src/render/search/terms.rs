//! The search terms of a text, the one rule shared by the build and the reader's browser
//! (`static/search.js` applies it to queries; a browser test feeds the content's words through
//! both and compares): words are lowercased (and `ё` read as `е`), stemmed with the Snowball
//! algorithm of their language (English, French, Spanish, Russian, Arabic: `pledges` and
//! `pledging` are both `pledg`, `климатом` is `климат`), then folded (Latin accents, Arabic
//! diacritics and letter variants); Chinese, written without spaces, gives every character and
//! every pair of adjacent characters. Words of one letter are left out.

use rust_stemmers::{Algorithm, Stemmer};

/// The stemmer of a language, if Snowball has one that the browser side ships too.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "ru" => Algorithm::Russian,
        "ar" => Algorithm::Arabic,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The terms of `text`, written in a language whose stemmer is `stemmer`.
pub fn terms(text: &str, stemmer: Option<&Stemmer>) -> Vec<String> {
    let mut out = Vec::new();
    for token in split(text) {
        match token {
            Token::Word(word) => {
                if let Some(term) = word_term(&word, stemmer) {
                    out.push(term);
                }
            }
            Token::Han(chars) => han_terms(&chars, &mut out),
        }
    }
    out
}

/// A piece of text: a word, or a run of Chinese characters.
pub enum Token {
    Word(String),
    Han(Vec<char>),
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}')
}

/// Splits text into words (letters, digits, Arabic marks) and runs of Chinese characters.
pub fn split(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut han: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_han(c) {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
            han.push(c);
        } else if c.is_alphanumeric() || is_arabic_mark(c) {
            if !han.is_empty() {
                out.push(Token::Han(std::mem::take(&mut han)));
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
            if !han.is_empty() {
                out.push(Token::Han(std::mem::take(&mut han)));
            }
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    if !han.is_empty() {
        out.push(Token::Han(han));
    }
    out
}

/// The term of one word: lowercased, stemmed, folded; `None` for a word of one letter.
pub fn word_term(word: &str, stemmer: Option<&Stemmer>) -> Option<String> {
    let lower: String = word.chars().flat_map(char::to_lowercase).map(|c| if c == 'ё' { 'е' } else { c }).collect();
    let stemmed = match stemmer {
        Some(s) => s.stem(&lower).into_owned(),
        None => lower,
    };
    let folded: String = stemmed.chars().filter_map(fold).collect();
    (folded.chars().count() >= 2).then_some(folded)
}

fn han_terms(chars: &[char], out: &mut Vec<String>) {
    for (i, c) in chars.iter().enumerate() {
        out.push(c.to_string());
        if let Some(next) = chars.get(i + 1) {
            out.push(format!("{c}{next}"));
        }
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
    fn one_letter_words_are_left_out() {
        assert_eq!(t("en", "a b cd"), ["cd"]);
    }
}
