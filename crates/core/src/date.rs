//! A calendar date, validated, with no time zone and no dependency on a date crate.
//!
//! Articles carry a day, not an instant, so a three-field value type is all the
//! model needs. It serialises as ISO 8601 `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid proleptic Gregorian calendar date between the years 1 and 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Builds a date, or `None` when the day does not exist (`2022-02-30`, month 13, year 0).
    ///
    /// ```
    /// use dateline_core::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2022, 2, 29).is_none());
    /// assert!(Date::new(2022, 13, 1).is_none());
    /// ```
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || year > 9999 || month == 0 || month > 12 || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year, 1..=9999.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1..=31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it); the difference of two of these is a
    /// number of days.
    pub const fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Signed number of days from `self` to `other` (positive when `other` is later).
    ///
    /// ```
    /// use dateline_core::Date;
    /// let header = Date::new(2022, 1, 31).unwrap();
    /// let in_url = Date::new(2022, 2, 7).unwrap();
    /// assert_eq!(header.days_until(in_url), 7);
    /// ```
    pub const fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// Parses the eight ASCII digits `YYYYMMDD` of the article header.
    pub fn from_compact(digits: &str) -> Option<Date> {
        let b = digits.as_bytes();
        if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            b[r].iter()
                .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
        };
        // Month and day are two digits, so they fit in a u8.
        Date::new(num(0..4), num(4..6) as u8, num(6..8) as u8)
    }

    /// Writes the date as the header's `YYYYMMDD`.
    pub fn compact(self) -> String {
        let iso = self.iso_bytes();
        let digits = [
            iso[0], iso[1], iso[2], iso[3], iso[5], iso[6], iso[8], iso[9],
        ];
        // Only ASCII digits: valid UTF-8.
        String::from_utf8_lossy(&digits).into_owned()
    }

    /// The date as ISO 8601 `YYYY-MM-DD`, in a fixed-size buffer: what
    /// [`Display`](fmt::Display) and serde write, without the formatting
    /// machinery (it showed in export profiles, once per article and date).
    ///
    /// ```
    /// use dateline_core::Date;
    /// let date = Date::new(2022, 1, 31).unwrap();
    /// assert_eq!(date.iso(), "2022-01-31");
    /// assert_eq!(date.to_string(), "2022-01-31");
    /// ```
    pub fn iso(self) -> IsoDate {
        IsoDate(self.iso_bytes())
    }

    fn iso_bytes(self) -> [u8; 10] {
        // A valid date has a year of four digits at most: the widths are fixed.
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (year, month, day) = (self.year, u16::from(self.month), u16::from(self.day));
        [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ]
    }
}

/// A [`Date`] written as `YYYY-MM-DD`, from [`Date::iso`]: a string on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IsoDate([u8; 10]);

impl IsoDate {
    /// The ten characters.
    pub fn as_str(&self) -> &str {
        // Built from ASCII digits and dashes only.
        std::str::from_utf8(&self.0).unwrap_or("0000-00-00")
    }
}

impl std::ops::Deref for IsoDate {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for IsoDate {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Number of days in `month` of `year` (0 for a month outside 1..=12).
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment (`{:>12}`), as `write!` did.
        f.pad(self.iso().as_str())
    }
}

/// The error of parsing a `YYYY-MM-DD` string into a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a calendar date written as YYYY-MM-DD")]
pub struct DateParseError(String);

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
            let compact = [&s[0..4], &s[5..7], &s[8..10]].concat();
            if let Some(date) = Date::from_compact(&compact) {
                return Ok(date);
            }
        }
        Err(DateParseError(s.to_owned()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.iso().as_str())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, ISO 8601 `YYYY-MM-DD`.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_dates_are_validated_against_the_calendar() {
        assert_eq!(
            Date::from_compact("20220131"),
            Date::new(2022, 1, 31),
            "the seed's date"
        );
        assert!(Date::from_compact("20221341").is_none(), "month 13");
        assert!(Date::from_compact("20220230").is_none(), "30 February");
        assert!(Date::from_compact("20230229").is_none(), "not a leap year");
        assert!(Date::from_compact("20240229").is_some(), "leap year");
        assert!(
            Date::from_compact("19000229").is_none(),
            "century, not leap"
        );
        assert!(Date::from_compact("20000229").is_some(), "400-year leap");
        assert!(Date::from_compact("00000101").is_none(), "year zero");
        assert!(Date::from_compact("2022-01-31").is_none(), "dashes");
        assert!(Date::from_compact("2022013").is_none(), "seven digits");
        assert!(
            Date::from_compact("２０２２０１３１").is_none(),
            "full-width digits"
        );
    }

    #[test]
    fn iso_and_compact_agree_with_the_formatting_machinery() {
        for year in [1, 9, 10, 99, 100, 999, 1000, 1970, 2022, 9999] {
            for month in 1..=12 {
                for day in 1..=31 {
                    let Some(date) = Date::new(year, month, day) else {
                        continue;
                    };
                    let iso = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(date.iso(), iso.as_str());
                    assert_eq!(date.to_string(), iso);
                    assert_eq!(date.compact(), format!("{year:04}{month:02}{day:02}"));
                    assert_eq!(iso.parse::<Date>(), Ok(date));
                }
            }
        }
        let date = Date::new(2022, 1, 31).expect("a date");
        assert_eq!(
            format!("[{date:>12}]"),
            "[  2022-01-31]",
            "width is honoured"
        );
    }

    #[test]
    fn displays_and_parses_iso() {
        let d = Date::new(2022, 2, 7).unwrap();
        assert_eq!(d.to_string(), "2022-02-07");
        assert_eq!(d.compact(), "20220207");
        assert_eq!("2022-02-07".parse::<Date>(), Ok(d));
        assert!("2022-02-30".parse::<Date>().is_err());
        assert!("20220207".parse::<Date>().is_err());
    }

    #[test]
    fn day_arithmetic_matches_known_values() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        let a = Date::new(2022, 1, 31).unwrap();
        let b = Date::new(2022, 2, 7).unwrap();
        assert_eq!(a.days_until(b), 7);
        assert_eq!(b.days_until(a), -7);
        let leap = Date::new(2024, 2, 28).unwrap();
        assert_eq!(leap.days_until(Date::new(2024, 3, 1).unwrap()), 2);
    }
}
