//! Proleptic Gregorian calendar arithmetic on day numbers.
//!
//! Dates are drawn as a day count and converted with Howard Hinnant's
//! `civil_from_days`, so every generated date is a real calendar date and
//! shifting a date by a few days crosses month and year ends correctly.

use std::fmt;

/// A calendar date as it appears in the article header (`YYYYMMDD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// Month, `1..=12`.
    pub month: u8,
    /// Day of month, `1..=31` and valid for the month.
    pub day: u8,
}

impl Date {
    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // The generator only produces dates in 2015..=2024 plus a few days,
        // far inside u16 and the calendar's valid ranges.
        Self {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Days since 1970-01-01 (Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Whether `year`/`month`/`day` name a real Gregorian date.
    pub fn is_valid(year: u16, month: u8, day: u8) -> bool {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days_in_month).contains(&day)
    }

    /// Day of week, `0` = Monday .. `6` = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (index 3).
        (self.to_days() + 3).rem_euclid(7) as u8
    }

    /// The header form, e.g. `20220207`.
    pub fn yyyymmdd(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    /// ISO 8601, e.g. `2022-02-07`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_points() {
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        let d = Date {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 3); // Thursday
        for days in 16_000..20_200 {
            let d = Date::from_days(days);
            assert!(Date::is_valid(d.year, d.month, d.day));
            assert_eq!(d.to_days(), days);
        }
        assert!(!Date::is_valid(2023, 2, 29));
        assert_eq!(d.yyyymmdd(), "20240229");
    }
}
