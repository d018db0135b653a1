//! Calendar dates and clock times as written in front matter (`2022-05-16`, `10:30`).

use serde::Serialize;
use std::fmt;

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
        Ok(date)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> usize {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as usize
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

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
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
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("09:05").unwrap().to_string(), "09:05");
        assert!(Time::parse("24:00").is_err());
        assert!(Time::parse("9:00").is_err());
    }
}
