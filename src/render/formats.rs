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

fn fill(pattern: &str, date: Date, strings: &Strings) -> String {
    let month = nth(strings, "months", date.month as usize - 1);
    let weekday = nth(strings, "weekdays", date.weekday());
    let digits = text(strings, "digits");
    // French writes the first day of a month as an ordinal: 1er mai.
    let day = if date.day == 1 { text(strings, "first_day").to_string() } else { date.day.to_string() };
    pattern
        .replace("{day}", &localize_digits(&day, digits))
        .replace("{month_number}", &localize_digits(&date.month.to_string(), digits))
        .replace("{month}", month)
        .replace("{year}", &localize_digits(&date.year.to_string(), digits))
        .replace("{weekday}", weekday)
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
    let set: Vec<char> = digits.chars().collect();
    if set.len() != 10 {
        return s.to_string();
    }
    s.chars().map(|c| c.to_digit(10).map_or(c, |d| set[d as usize])).collect()
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
}
