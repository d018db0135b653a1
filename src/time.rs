//! Time, the one rule for dates, clock times and time zones: dates and times are written as in
//! front matter (`2022-05-16`, `10:30`) and checked to exist; a time zone is an IANA name checked
//! against the zone database bundled in the binary (jiff's copy of tzdb), so the same site gives
//! the same offsets on every machine; calendar arithmetic (weekdays, the next day, UTC instants)
//! is jiff's, never hand-written.

use serde::Serialize;
use std::fmt;

/// A file's stamp: its size, and its modification time in nanoseconds since 1970 (0 where the
/// file system keeps none). Equal stamps are how the caches and the output manifest tell that a
/// file was not touched since they looked at it.
pub fn file_stamp(meta: &std::fs::Metadata) -> (u64, u128) {
    let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    (meta.len(), modified.map_or(0, |d| d.as_nanos()))
}

/// The first year a date may have.
pub const FIRST_YEAR: i32 = 1000;
/// The last year a date may have (its last day has a next day, and its December a next month).
pub const LAST_YEAR: i32 = 9998;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (`2022-02-30`).
    pub fn parse(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
        }
        let date = Date {
            year: parts[0].parse().map_err(|_| format!("bad year in `{s}`"))?,
            month: parts[1].parse().map_err(|_| format!("bad month in `{s}`"))?,
            day: parts[2].parse().map_err(|_| format!("bad day in `{s}`"))?,
        };
        if !(1..=12).contains(&date.month) || date.day == 0 || date.day > days_in_month(date.year, date.month) {
            return Err(format!("`{s}` is not a date that exists"));
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year) {
            return Err(format!("`{s}`: imrf takes dates from the year {FIRST_YEAR} to {LAST_YEAR}"));
        }
        Ok(date)
    }

    fn civil(&self) -> jiff::civil::Date {
        // `parse` only makes dates that exist.
        jiff::civil::Date::new(self.year as i16, self.month as i8, self.day as i8).expect("a checked date")
    }

    fn from_civil(d: jiff::civil::Date) -> Date {
        Date { year: i32::from(d.year()), month: d.month() as u32, day: d.day() as u32 }
    }

    /// Today's date (UTC), from the clock: only for files an author is about to edit.
    pub fn today() -> Date {
        Date::from_system_time(std::time::SystemTime::now()).unwrap_or(Date { year: 1970, month: 1, day: 1 })
    }

    /// The UTC date of an instant of the system clock (a file's modification time).
    pub fn from_system_time(time: std::time::SystemTime) -> Option<Date> {
        let ts = jiff::Timestamp::try_from(time).ok()?;
        Some(Date::from_civil(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> usize {
        self.civil().weekday().to_monday_zero_offset() as usize
    }

    /// The day after (the same day at the end of jiff's range, which `parse` keeps away from).
    pub fn next_day(&self) -> Date {
        self.civil().tomorrow().map_or(*self, Date::from_civil)
    }

    /// The number of days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(&self, later: Date) -> i64 {
        self.civil().until(later.civil()).map_or(0, |span| i64::from(span.get_days()))
    }

    /// The first day of the month after this date's.
    pub fn next_month(&self) -> Date {
        let first = self.civil().first_of_month();
        first.checked_add(jiff::Span::new().months(1)).map_or(*self, Date::from_civil)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
}

impl Time {
    /// Parses 24-hour `HH:MM`.
    pub fn parse(s: &str) -> Result<Time, String> {
        let (h, m) = s
            .split_once(':')
            .filter(|(h, m)| h.len() == 2 && m.len() == 2)
            .ok_or_else(|| format!("`{s}` is not a time in the form HH:MM"))?;
        let hour: u32 = h.parse().map_err(|_| format!("`{s}` is not a time in the form HH:MM"))?;
        let minute: u32 = m.parse().map_err(|_| format!("`{s}` is not a time in the form HH:MM"))?;
        if hour > 23 || minute > 59 {
            return Err(format!("`{s}` is not a time that exists"));
        }
        Ok(Time { hour, minute })
    }
}

/// Only area/location names are zones: jiff also accepts POSIX TZ strings, which are not.
fn is_zone_name(name: &str) -> bool {
    name.contains('/') || name == "UTC"
}

/// Every zone [`Zone::parse`] accepts, sorted: the choices an editor offers.
pub fn zone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .filter(|n| is_zone_name(n) && Zone::parse(n).is_ok())
        .collect();
    names.sort();
    names.dedup();
    names
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// UN duty stations whose time zone is named after another city.
const CITIES_OF_OTHER_ZONES: &[(&str, &str)] =
    &[("Geneva", "Europe/Zurich"), ("The_Hague", "Europe/Amsterdam"), ("Bonn", "Europe/Berlin")];

/// An IANA time zone (`America/New_York`), from the zone database bundled in the binary.
#[derive(Debug, Clone)]
pub struct Zone {
    pub name: String,
    tz: jiff::tz::TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Zone {
    pub fn parse(name: &str) -> Result<Zone, String> {
        let looks_like_name = is_zone_name(name);
        match jiff::tz::TimeZone::get(name) {
            Ok(tz) if looks_like_name => Ok(Zone { name: name.to_string(), tz }),
            _ => {
                let hint = CITIES_OF_OTHER_ZONES
                    .iter()
                    .find(|(city, _)| name.rsplit('/').next().is_some_and(|c| c.eq_ignore_ascii_case(city)))
                    .map(|(city, zone)| format!("; {city} keeps the time of `{zone}`"))
                    .unwrap_or_default();
                Err(format!(
                    "`{name}` is not a time zone of the IANA database (like `America/New_York` or `Europe/Zurich`){hint}"
                ))
            }
        }
    }

    /// Whether `time` on `date` names one instant in this zone: a time skipped or repeated by a
    /// change of UTC offset is refused, with what the clocks do that night.
    pub fn check(&self, date: Date, time: Time) -> Result<(), String> {
        let dt = date.civil().at(time.hour as i8, time.minute as i8, 0, 0);
        let ambiguous = self.tz.to_ambiguous_zoned_datetime(dt);
        let offsets = |before: jiff::tz::Offset, after: jiff::tz::Offset| {
            let shown = |o: jiff::tz::Offset| offset_text(o.seconds());
            format!("UTC{} to UTC{}", shown(before), shown(after))
        };
        match ambiguous.offset() {
            jiff::tz::AmbiguousOffset::Unambiguous { .. } => Ok(()),
            jiff::tz::AmbiguousOffset::Gap { before, after } => Err(format!(
                "{time} does not exist on {date} in {}: the clocks skip it, from {}; give a time that exists",
                self.name,
                offsets(before, after)
            )),
            jiff::tz::AmbiguousOffset::Fold { before, after } => Err(format!(
                "{time} happens twice on {date} in {}: the clocks go back, from {}; imrf cannot tell which \
                 is meant: give a time outside that hour",
                self.name,
                offsets(before, after)
            )),
        }
    }

    fn zoned(&self, date: Date, time: Time) -> jiff::ZonedDateTime {
        let dt = date.civil().at(time.hour as i8, time.minute as i8, 0, 0);
        // `check` refuses a time skipped or repeated; one that slipped through takes the offset
        // before the change, everywhere alike. Accepted years are far from the ends of time.
        dt.to_zoned_datetime(self.tz.clone())
            .unwrap_or_else(|_| jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(self.tz.clone()))
    }

    /// The UTC offset at that local date and time, as ISO 8601 writes it: `-04:00`.
    pub fn offset(&self, date: Date, time: Time) -> String {
        offset_text(self.zoned(date, time).offset().seconds())
    }

    /// The same instant in UTC.
    pub fn to_utc(&self, date: Date, time: Time) -> (Date, Time) {
        let utc = self.zoned(date, time).with_time_zone(jiff::tz::TimeZone::UTC).datetime();
        (Date::from_civil(utc.date()), Time { hour: utc.hour() as u32, minute: utc.minute() as u32 })
    }
}

/// A UTC offset in seconds as ISO 8601 writes it: `-04:00`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        assert!(Date::parse("2022-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2022-13-01").is_err());
        assert!(Date::parse("22-05-16").is_err());
        assert!(Date::parse("2022-5-16").is_err());
    }

    #[test]
    fn weekday_of_the_hearing_is_monday() {
        assert_eq!(Date::parse("2022-05-16").unwrap().weekday(), 0);
        assert_eq!(Date::parse("2022-05-20").unwrap().weekday(), 4);
        assert_eq!(Date::parse("2022-02-28").unwrap().next_day().to_string(), "2022-03-01");
        assert_eq!(Date::parse("2021-12-31").unwrap().next_day().to_string(), "2022-01-01");
    }

    #[test]
    fn days_between_dates_and_the_next_month() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2021-12-01").days_until(d("2022-06-01")), 182);
        assert_eq!(d("2022-05-20").days_until(d("2022-05-16")), -4);
        assert_eq!(d("2021-12-17").next_month().to_string(), "2022-01-01");
        assert_eq!(d("2022-01-31").next_month().to_string(), "2022-02-01");
    }

    #[test]
    fn zones_come_from_the_bundled_database() {
        let d = Date::parse("2022-05-16").unwrap();
        let t = Time::parse("10:00").unwrap();
        let ny = Zone::parse("America/New_York").unwrap();
        assert_eq!(ny.offset(d, t), "-04:00");
        assert_eq!(ny.to_utc(d, t), (d, Time::parse("14:00").unwrap()));
        assert_eq!(ny.offset(Date::parse("2022-01-19").unwrap(), t), "-05:00");
        assert!(Zone::parse("Europe/Geneva").unwrap_err().contains("Europe/Zurich"));
        let geneva = Zone::parse("Europe/Zurich").unwrap();
        assert_eq!(geneva.offset(d, t), "+02:00");
        assert_eq!(
            geneva.to_utc(d, Time::parse("01:30").unwrap()),
            (Date::parse("2022-05-15").unwrap(), Time::parse("23:30").unwrap())
        );
        assert!(Zone::parse("Mars/Olympus_Mons").is_err());
        assert!(Zone::parse("").is_err());
    }

    #[test]
    fn system_times_are_utc_days() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_651_622_399);
        assert_eq!(Date::from_system_time(t).unwrap().to_string(), "2022-05-03");
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("09:05").unwrap().to_string(), "09:05");
        assert!(Time::parse("24:00").is_err());
        assert!(Time::parse("9:00").is_err());
    }

    #[test]
    fn times_skipped_or_repeated_by_a_change_of_offset_are_refused() {
        let zurich = Zone::parse("Europe/Zurich").unwrap();
        let d = |s: &str| Date::parse(s).unwrap();
        let t = |s: &str| Time::parse(s).unwrap();
        let gap = zurich.check(d("2022-03-27"), t("02:30")).unwrap_err();
        assert!(gap.contains("does not exist") && gap.contains("UTC+01:00 to UTC+02:00"), "{gap}");
        let fold = zurich.check(d("2022-10-30"), t("02:30")).unwrap_err();
        assert!(fold.contains("happens twice") && fold.contains("UTC+02:00 to UTC+01:00"), "{fold}");
        assert!(zurich.check(d("2022-03-27"), t("03:00")).is_ok());
        assert!(zurich.check(d("2022-10-30"), t("03:00")).is_ok());
        assert!(zurich.check(d("2022-03-27"), t("01:59")).is_ok());
    }

    #[test]
    fn every_accepted_date_has_a_next_day_and_month() {
        assert!(Date::parse("9999-12-31").is_err());
        assert!(Date::parse("0999-12-31").is_err());
        let last = Date::parse("9998-12-31").unwrap();
        assert_eq!(last.next_day().to_string(), "9999-01-01");
        assert_eq!(last.next_month().to_string(), "9999-01-01");
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let first = Date::parse("1000-01-01").unwrap();
        assert_eq!(tokyo.to_utc(first, Time::parse("00:00").unwrap()).0.year, 999);
    }
}
