//! [`PathDate`]: a validated calendar date, as found in article URLs.

use std::fmt;
use std::str::FromStr;

/// Why a [`PathDate`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The year, month and day do not name a day of the proleptic Gregorian
    /// calendar between years 1 and 9999 (`2022-02-30`, `2021-02-29`, month 13...).
    #[error("not a calendar date: {year:04}-{month:02}-{day:02}")]
    NotACalendarDate {
        /// The year given.
        year: u16,
        /// The month given.
        month: u8,
        /// The day given.
        day: u8,
    },
    /// The text is not `YYYY-MM-DD` or `YYYYMMDD`.
    #[error("expected a date as YYYY-MM-DD or YYYYMMDD, found {0:?}")]
    Syntax(String),
}

/// A calendar date (proleptic Gregorian, years 1 to 9999), as found in the path
/// of an article URL by [`crate::facts`].
///
/// It is always valid: [`PathDate::new`] rejects `2022-02-30`. It orders
/// chronologically, prints as `YYYY-MM-DD`, and parses from `YYYY-MM-DD` or
/// `YYYYMMDD` (the form of line 2 of a dateline file).
///
/// ```
/// use dateline_links::facts::PathDate;
///
/// let published: PathDate = "20220131".parse()?;
/// let in_url = PathDate::new(2022, 2, 7)?;
/// assert_eq!(published.days_between(in_url), 7);
/// assert_eq!(in_url.to_string(), "2022-02-07");
/// assert!(PathDate::new(2022, 2, 29).is_err());
/// # Ok::<(), dateline_links::facts::DateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
// The calendar rules (validation, day arithmetic) are dateline-core's `Date`.
pub struct PathDate(dateline_core::Date);

impl PathDate {
    /// The date `year-month-day`, if it exists.
    ///
    /// # Errors
    ///
    /// [`DateError::NotACalendarDate`] if the year is not within 1..=9999, the
    /// month not within 1..=12, or the day not within that month (leap years
    /// included).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        dateline_core::Date::new(year, month, day)
            .map(PathDate)
            .ok_or(DateError::NotACalendarDate { year, month, day })
    }

    /// The year (1..=9999).
    pub const fn year(self) -> u16 {
        self.0.year()
    }

    /// The month (1..=12).
    pub const fn month(self) -> u8 {
        self.0.month()
    }

    /// The day of the month (1..=31).
    pub const fn day(self) -> u8 {
        self.0.day()
    }

    /// The number of days from `self` to `other`: positive when `other` is
    /// later, negative when it is earlier, 0 on the same day.
    ///
    /// ```
    /// use dateline_links::facts::PathDate;
    ///
    /// let a = PathDate::new(2020, 2, 28)?;
    /// let b = PathDate::new(2020, 3, 1)?;
    /// assert_eq!(a.days_between(b), 2); // 2020 is a leap year
    /// assert_eq!(b.days_between(a), -2);
    /// # Ok::<(), dateline_links::facts::DateError>(())
    /// ```
    pub fn days_between(self, other: PathDate) -> i64 {
        self.0.days_until(other.0)
    }

    /// The same day as a dateline-core [`Date`](dateline_core::Date), the type
    /// of an article's header date.
    pub const fn as_date(self) -> dateline_core::Date {
        self.0
    }

    /// Days since 1970-01-01 (negative before it).
    #[cfg(test)]
    fn day_number(self) -> i64 {
        self.0.days_since_epoch()
    }
}

impl From<PathDate> for dateline_core::Date {
    fn from(date: PathDate) -> Self {
        date.0
    }
}

impl fmt::Display for PathDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for PathDate {
    type Err = DateError;

    /// Parses `YYYY-MM-DD` or `YYYYMMDD`.
    fn from_str(s: &str) -> Result<Self, DateError> {
        let syntax = || DateError::Syntax(s.to_owned());
        let digits: String = match s.len() {
            10 if s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => {
                s.chars().filter(|&c| c != '-').collect()
            }
            8 => s.to_owned(),
            _ => return Err(syntax()),
        };
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax());
        }
        let year = digits[..4].parse().map_err(|_| syntax())?;
        let month = digits[4..6].parse().map_err(|_| syntax())?;
        let day = digits[6..].parse().map_err(|_| syntax())?;
        PathDate::new(year, month, day)
    }
}

impl serde::Serialize for PathDate {
    /// Serialises as `YYYY-MM-DD`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PathDate {
    /// Deserialises from `YYYY-MM-DD` or `YYYYMMDD`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> PathDate {
        match PathDate::new(y, m, d) {
            Ok(date) => date,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn calendar_validation() {
        assert!(PathDate::new(2022, 2, 28).is_ok());
        assert!(PathDate::new(2022, 2, 29).is_err());
        assert!(PathDate::new(2024, 2, 29).is_ok());
        assert!(PathDate::new(1900, 2, 29).is_err());
        assert!(PathDate::new(2000, 2, 29).is_ok());
        assert!(PathDate::new(2022, 4, 31).is_err());
        assert!(PathDate::new(2022, 13, 1).is_err());
        assert!(PathDate::new(2022, 0, 1).is_err());
        assert!(PathDate::new(2022, 1, 0).is_err());
        assert!(PathDate::new(0, 1, 1).is_err());
        assert_eq!(
            PathDate::new(2022, 2, 30),
            Err(DateError::NotACalendarDate {
                year: 2022,
                month: 2,
                day: 30
            })
        );
    }

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(date(2022, 1, 31).days_between(date(2022, 2, 7)), 7);
        assert_eq!(date(2022, 2, 7).days_between(date(2022, 1, 31)), -7);
        assert_eq!(date(2021, 12, 31).days_between(date(2022, 1, 1)), 1);
        assert_eq!(date(2022, 1, 1).days_between(date(2023, 1, 1)), 365);
        assert_eq!(date(2024, 1, 1).days_between(date(2025, 1, 1)), 366);
        assert_eq!(date(1970, 1, 1).day_number(), 0);
        assert_eq!(date(2000, 3, 1).day_number(), 11_017);
        assert_eq!(date(1, 1, 1).days_between(date(9999, 12, 31)), 3_652_058);
    }

    #[test]
    fn day_numbers_are_consecutive() {
        let mut previous = date(1899, 12, 31).day_number();
        for year in 1900..=2100 {
            for month in 1..=12 {
                for date in (1..=31).filter_map(|day| PathDate::new(year, month, day).ok()) {
                    let (day, n) = (date.day(), date.day_number());
                    assert_eq!(n, previous + 1, "{year}-{month}-{day}");
                    previous = n;
                }
            }
        }
    }

    #[test]
    fn parse_and_display() {
        assert_eq!("2022-02-07".parse(), Ok(date(2022, 2, 7)));
        assert_eq!("20220207".parse(), Ok(date(2022, 2, 7)));
        assert_eq!(date(2022, 2, 7).to_string(), "2022-02-07");
        assert_eq!(date(987, 6, 5).to_string(), "0987-06-05");
        assert!(matches!(
            "2022-2-7".parse::<PathDate>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "2022/02/07".parse::<PathDate>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "+2022020".parse::<PathDate>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "2022-02-3x".parse::<PathDate>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "２０２２０２０７".parse::<PathDate>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "20220230".parse::<PathDate>(),
            Err(DateError::NotACalendarDate { .. })
        ));
    }

    #[test]
    fn orders_chronologically() {
        assert!(date(2021, 12, 31) < date(2022, 1, 1));
        assert!(date(2022, 1, 2) > date(2022, 1, 1));
    }
}
