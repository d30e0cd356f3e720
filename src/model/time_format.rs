//! How the packet list shows a frame's time, as Wireshark's View → Time Display Format: absolute
//! (UTC, or local time in the viewer's zone), seconds since the first frame, since the previous
//! frame, or since the previous displayed frame. Pure: the local zone's offset is given by the
//! caller (the page asks the browser, per timestamp, so daylight saving time is right).

use crate::codec::summary;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeFormat {
    /// `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC (tcpdump's `-tttt`).
    #[default]
    Utc,
    /// The same in the viewer's time zone.
    Local,
    /// Seconds since the first frame.
    Relative,
    /// Seconds since the previous frame.
    Delta,
    /// Seconds since the previous frame the list displays.
    DeltaDisplayed,
}

impl TimeFormat {
    pub const ALL: [TimeFormat; 5] = [
        TimeFormat::Utc,
        TimeFormat::Local,
        TimeFormat::Relative,
        TimeFormat::Delta,
        TimeFormat::DeltaDisplayed,
    ];

    /// The value of the `time-format` select (the DOM contract) and of the saved setting.
    pub fn id(self) -> &'static str {
        match self {
            TimeFormat::Utc => "utc",
            TimeFormat::Local => "local",
            TimeFormat::Relative => "relative",
            TimeFormat::Delta => "delta",
            TimeFormat::DeltaDisplayed => "delta-displayed",
        }
    }

    pub fn from_id(id: &str) -> Option<TimeFormat> {
        TimeFormat::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// A capture time in seconds and microseconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub secs: i64,
    pub usec: u32,
}

impl Stamp {
    fn micros(self) -> i128 {
        i128::from(self.secs)
            .saturating_mul(1_000_000)
            .saturating_add(i128::from(self.usec))
    }
    /// A pasted dump without a date (tcpdump's default `HH:MM:SS.ffffff`) gives only the time
    /// of day: seconds within the first day of 1970.
    pub fn is_time_of_day(self) -> bool {
        (0..86_400).contains(&self.secs)
    }
}

/// Seconds between two stamps, as Wireshark writes them (`0.000123`, `-1.500000`).
fn seconds(from: Stamp, to: Stamp) -> String {
    let d = to.micros().saturating_sub(from.micros());
    let sign = if d < 0 { "-" } else { "" };
    let a = d.unsigned_abs();
    format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
}

/// `stamp` as `format` shows it. `first` is the first frame's stamp, `previous` the frame
/// before's, `previous_displayed` the previous frame the list displays; `local_offset` the
/// viewer's offset from UTC in seconds at that moment. A frame without a time (0) shows
/// nothing; a time of day without a date shows no date.
pub fn format(
    format: TimeFormat,
    stamp: Stamp,
    first: Stamp,
    previous: Option<Stamp>,
    previous_displayed: Option<Stamp>,
    local_offset: i64,
) -> String {
    if stamp.secs == 0 && stamp.usec == 0 {
        return String::new();
    }
    let absolute = |secs: i64| {
        let full = summary::format_tttt(secs, stamp.usec);
        if stamp.is_time_of_day() {
            // "1970-01-01 " would be invented: keep the time of day only.
            full.get(11..).unwrap_or(&full).to_string()
        } else {
            full
        }
    };
    match format {
        TimeFormat::Utc => absolute(stamp.secs),
        TimeFormat::Local if stamp.is_time_of_day() => absolute(stamp.secs),
        TimeFormat::Local => absolute(stamp.secs.saturating_add(local_offset)),
        TimeFormat::Relative => seconds(first, stamp),
        TimeFormat::Delta => seconds(previous.unwrap_or(stamp), stamp),
        TimeFormat::DeltaDisplayed => seconds(previous_displayed.unwrap_or(stamp), stamp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Stamp = Stamp {
        secs: 1_700_000_000,
        usec: 250_000,
    };
    const T1: Stamp = Stamp {
        secs: 1_700_000_001,
        usec: 0,
    };

    #[test]
    fn every_format() {
        let f = |fmt| format(fmt, T1, T0, Some(T0), None, 9 * 3600);
        assert_eq!(f(TimeFormat::Utc), "2023-11-14 22:13:21.000000");
        assert_eq!(f(TimeFormat::Local), "2023-11-15 07:13:21.000000", "JST");
        assert_eq!(f(TimeFormat::Relative), "0.750000");
        assert_eq!(f(TimeFormat::Delta), "0.750000");
        assert_eq!(
            f(TimeFormat::DeltaDisplayed),
            "0.000000",
            "the first displayed frame"
        );
        assert_eq!(
            format(TimeFormat::DeltaDisplayed, T1, T0, Some(T0), Some(T0), 0),
            "0.750000"
        );
        assert_eq!(
            format(TimeFormat::Delta, T0, T1, Some(T1), None, 0),
            "-0.750000"
        );
        for fmt in TimeFormat::ALL {
            assert_eq!(TimeFormat::from_id(fmt.id()), Some(fmt));
        }
    }

    #[test]
    fn a_pasted_time_of_day_never_becomes_1970() {
        let tod = Stamp {
            secs: 12 * 3600 + 34 * 60 + 56,
            usec: 789_012,
        };
        assert_eq!(
            format(TimeFormat::Utc, tod, tod, None, None, 0),
            "12:34:56.789012"
        );
        assert_eq!(
            format(TimeFormat::Local, tod, tod, None, None, 3600),
            "12:34:56.789012",
            "a time of day is shown as written"
        );
        let none = Stamp { secs: 0, usec: 0 };
        assert_eq!(format(TimeFormat::Utc, none, none, None, None, 0), "");
    }
}
