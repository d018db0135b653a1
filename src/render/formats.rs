//! Dates, times and labels as each language writes them, from the theme's UI strings.

use crate::theme::{text, Strings};
use crate::time::{Date, Time};

/// `16 May 2022`, `16 mai 2022`, `2022年5月16日`, `16 мая 2022 г.`: the `date_format` string with
/// `{day}`, `{month}` (name), `{month_number}`, `{year}` and `{weekday}` filled in.
pub fn format_date(date: Date, strings: &Strings) -> String {
    fill(text(strings, "date_format"), date, strings)
}

/// The same with the weekday, from `date_format_weekday`.
pub fn format_date_weekday(date: Date, strings: &Strings) -> String {
    fill(text(strings, "date_format_weekday"), date, strings)
}

/// `pattern` with each of its fields filled in, in one pass (a build formats a date for every
/// page and list item in every language).
fn fill(pattern: &str, date: Date, strings: &Strings) -> String {
    let digits = text(strings, "digits");
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let field =
            ["{day}", "{month_number}", "{month}", "{year}", "{weekday}"].into_iter().find(|f| rest.starts_with(f));
        let Some(field) = field else {
            out.push('{');
            rest = &rest[1..];
            continue;
        };
        match field {
            // French writes the first day of a month as an ordinal: 1er mai.
            "{day}" if date.day == 1 => localize_into(&mut out, text(strings, "first_day"), digits),
            "{day}" => localize_into(&mut out, &date.day.to_string(), digits),
            "{month_number}" => localize_into(&mut out, &date.month.to_string(), digits),
            "{month}" => out.push_str(nth(strings, "months", date.month as usize - 1)),
            "{year}" => localize_into(&mut out, &date.year.to_string(), digits),
            _ => out.push_str(nth(strings, "weekdays", date.weekday())),
        }
        rest = &rest[field.len()..];
    }
    out.push_str(rest);
    out
}

/// A whole number with the language's digits.
pub fn format_number(n: usize, strings: &Strings) -> String {
    localize_digits(&n.to_string(), text(strings, "digits"))
}

/// `10:30`, with the language's digits.
pub fn format_time(time: Time, strings: &Strings) -> String {
    localize_digits(&time.to_string(), text(strings, "digits"))
}

fn nth<'a>(strings: &'a Strings, key: &str, i: usize) -> &'a str {
    strings.get(key).and_then(|v| v.as_array()).and_then(|a| a.get(i)).and_then(|v| v.as_str()).unwrap_or("")
}

/// Replaces ASCII digits with the ten characters of `digits` (for instance Arabic-Indic ones), or
/// keeps them when `digits` is `0123456789` or not ten characters long.
fn localize_digits(s: &str, digits: &str) -> String {
    let mut out = String::with_capacity(s.len());
    localize_into(&mut out, s, digits);
    out
}

/// [`localize_digits`], onto the end of `out`.
fn localize_into(out: &mut String, s: &str, digits: &str) {
    if digits == "0123456789" || digits.chars().count() != 10 {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c.to_digit(10) {
            Some(d) => out.extend(digits.chars().nth(d as usize)),
            None => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(toml_text: &str) -> Strings {
        let t: toml::Table = toml::from_str(toml_text).unwrap();
        serde_json::to_value(t).unwrap().as_object().unwrap().clone()
    }

    #[test]
    fn dates_in_several_languages() {
        let d = Date::parse("2022-05-16").unwrap();
        let fr = strings(
            r#"date_format = "{day} {month} {year}"
months = ["janvier","février","mars","avril","mai","juin","juillet","août","septembre","octobre","novembre","décembre"]
digits = "0123456789""#,
        );
        assert_eq!(format_date(d, &fr), "16 mai 2022");
        let zh = strings(
            r#"date_format = "{year}年{month_number}月{day}日"
months = []
digits = """#,
        );
        assert_eq!(format_date(d, &zh), "2022年5月16日");
        let ar = strings(
            r#"date_format = "{day} {month} {year}"
months = ["يناير","فبراير","مارس","أبريل","مايو","يونيو","يوليو","أغسطس","سبتمبر","أكتوبر","نوفمبر","ديسمبر"]
digits = "٠١٢٣٤٥٦٧٨٩""#,
        );
        assert_eq!(format_date(d, &ar), "١٦ مايو ٢٠٢٢");
    }

    /// The fields replaced one after the other, as formats were filled before they were filled
    /// in one pass: the reference the one pass must match. (They differ only where a value
    /// holds a `{field}` of its own, which the one pass writes as it is.)
    fn replaced(pattern: &str, date: Date, strings: &Strings) -> String {
        let digits = text(strings, "digits");
        let set: Vec<char> = digits.chars().collect();
        let local = |s: &str| match set.len() {
            10 => s.chars().map(|c| c.to_digit(10).map_or(c, |d| set[d as usize])).collect(),
            _ => s.to_string(),
        };
        let day = if date.day == 1 { text(strings, "first_day").to_string() } else { date.day.to_string() };
        pattern
            .replace("{day}", &local(&day))
            .replace("{month_number}", &local(&date.month.to_string()))
            .replace("{month}", nth(strings, "months", date.month as usize - 1))
            .replace("{year}", &local(&date.year.to_string()))
            .replace("{weekday}", nth(strings, "weekdays", date.weekday()))
    }

    #[test]
    fn every_day_of_ten_years_in_every_language_of_the_theme_is_written_as_before() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut languages = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let strings = strings(&std::fs::read_to_string(entry.path()).unwrap());
            languages += 1;
            let mut d = Date::parse("2020-01-01").unwrap();
            while d.year < 2030 {
                for key in ["date_format", "date_format_weekday"] {
                    let pattern = text(&strings, key);
                    assert_eq!(fill(pattern, d, &strings), replaced(pattern, d, &strings), "{key} {d}");
                }
                d = d.next_day();
            }
        }
        assert_eq!(languages, 6);
        let odd = strings("digits = \"٠١٢٣٤٥٦٧٨٩\"\nfirst_day = \"1er\"\nmonths = [\"a\"]\nweekdays = [\"b\"]");
        for pattern in ["{", "{}{day", "{day}}{{month}", "x{month_number}{weekday}{year}{unknown}"] {
            let d = Date::parse("2021-01-01").unwrap();
            assert_eq!(fill(pattern, d, &odd), replaced(pattern, d, &odd), "{pattern}");
        }
    }
}
