//! Geometry for the Scenarios screen's diagrams, in CSS pixels of the page's font size: how wide
//! a label is, and which labels fit on a timeline without covering each other (issue #15).
//!
//! The diagrams draw their text in a monospaced font, so a width estimate from the characters is
//! close to what the browser draws: about 0.6 em for a Latin letter or digit and 1 em for a
//! Japanese character. The estimates round up, so that labels laid out apart stay apart.

/// The width of `text` drawn at `font_px`, rounded up.
pub fn text_width(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.62 } else { 1.02 })
        .sum();
    (ems * font_px).ceil()
}

/// Places labels on at most `rows` rows: label `i` starts at `starts[i]` and is `widths[i]` wide;
/// each goes on the first row whose last label ends (with `gap`) before it starts. A label that
/// fits no row gets `None` (it is left to its tooltip). Labels must come in order of `starts`.
pub fn stagger(starts: &[f64], widths: &[f64], rows: usize, gap: f64) -> Vec<Option<usize>> {
    let mut row_end = vec![f64::NEG_INFINITY; rows];
    starts
        .iter()
        .zip(widths)
        .map(|(&x, &w)| {
            let row = row_end.iter().position(|&end| end + gap <= x)?;
            if let Some(end) = row_end.get_mut(row) {
                *end = x + w;
            }
            Some(row)
        })
        .collect()
}

/// One bar of merged spans: pixels `x1..x2`, the first start and last end in seconds, and how
/// many spans it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub x1: usize,
    pub x2: usize,
    pub from: f64,
    pub to: f64,
    pub spans: usize,
}

/// Spans (from, to) drawn on `cols` pixel columns (`x` maps a time to its column): those that
/// meet within a pixel become one bar (#26: a million-frame capture's 69 351 membership
/// intervals are a few hundred visible bars, and drawing each held the page). One pass over the
/// spans, one over the columns; no sort.
pub fn merge_spans(
    spans: impl IntoIterator<Item = (f64, f64)>,
    cols: usize,
    x: impl Fn(f64) -> usize,
) -> Vec<Bar> {
    // A span takes at least one column and ends on a later one: the last column only ends.
    let last = cols.saturating_sub(1);
    // Per column: the change in how many spans cover it, the spans that start there, the
    // earliest start and the latest end.
    let mut delta = vec![0i64; cols];
    let mut starts = vec![0usize; cols];
    let mut from_at = vec![f64::INFINITY; cols];
    let mut to_at = vec![f64::NEG_INFINITY; cols];
    for (from, to) in spans {
        let x1 = x(from).min(last.saturating_sub(1));
        let x2 = x(to).max(x1.saturating_add(1)).min(last);
        if let (Some(d), Some(n), Some(f)) =
            (delta.get_mut(x1), starts.get_mut(x1), from_at.get_mut(x1))
        {
            *d = d.saturating_add(1);
            *n = n.saturating_add(1);
            *f = f.min(from);
        }
        if let (Some(d), Some(t)) = (delta.get_mut(x2), to_at.get_mut(x2)) {
            *d = d.saturating_sub(1);
            *t = t.max(to);
        }
    }
    let mut out = Vec::new();
    let (mut depth, mut open) = (0i64, None::<Bar>);
    for (col, (((d, n), f), t)) in delta
        .iter()
        .zip(&starts)
        .zip(&from_at)
        .zip(&to_at)
        .enumerate()
    {
        if let Some(o) = open.as_mut() {
            o.to = o.to.max(*t);
        }
        depth = depth.saturating_add(*d);
        if depth > 0 {
            let o = open.get_or_insert(Bar {
                x1: col,
                x2: col,
                from: f64::INFINITY,
                to: f64::NEG_INFINITY,
                spans: 0,
            });
            o.from = o.from.min(*f);
            o.spans = o.spans.saturating_add(*n);
        } else if let Some(mut o) = open.take() {
            o.x2 = col;
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn spans_that_meet_within_a_pixel_are_one_bar() {
        // 1 pixel a second on 100 columns.
        let x = |t: f64| t.max(0.0) as usize;
        let spans = [
            (10.0, 20.0),
            (20.4, 30.0),
            (5.0, 6.0),
            (50.0, 50.0),
            (29.0, 31.5),
        ];
        let bars = merge_spans(spans, 100, x);
        let got: Vec<(usize, usize, f64, f64, usize)> = bars
            .iter()
            .map(|b| (b.x1, b.x2, b.from, b.to, b.spans))
            .collect();
        assert_eq!(
            got,
            vec![
                (5, 6, 5.0, 6.0, 1),
                (10, 31, 10.0, 31.5, 3),
                (50, 51, 50.0, 50.0, 1)
            ]
        );
        // Out of range and NaN stay on the columns; nothing is lost from the count.
        let bars = merge_spans([(1e9, 2e9), (f64::NAN, 3.0)], 10, |t: f64| {
            if t.is_nan() {
                0
            } else {
                t as usize
            }
        });
        assert_eq!(bars.iter().map(|b| b.spans).sum::<usize>(), 2);
        assert!(bars.iter().all(|b| b.x2 <= 9));
    }
    use super::*;

    #[test]
    fn japanese_is_wider_than_latin() {
        assert_eq!(text_width("", 16.0), 0.0);
        assert!(text_width("レポート", 16.0) > text_width("report", 16.0));
        assert_eq!(text_width("10.0.0.1", 20.0), (8.0 * 0.62 * 20.0f64).ceil());
    }

    #[test]
    fn staggered_labels_never_overlap_and_overflow_goes_to_the_tooltip() {
        let starts = [0.0, 10.0, 20.0, 200.0];
        let widths = [100.0, 100.0, 100.0, 50.0];
        let rows = stagger(&starts, &widths, 2, 4.0);
        assert_eq!(rows, vec![Some(0), Some(1), None, Some(0)]);
        // Whatever the input, two labels on one row never overlap.
        let starts: Vec<f64> = (0..200).map(|i| (i * 3 + i * 7 % 13 / 5) as f64).collect();
        let widths: Vec<f64> = (0..200).map(|i| (i % 5 * 9 + 5) as f64).collect();
        let rows = stagger(&starts, &widths, 3, 2.0);
        for i in 0..starts.len() {
            for j in 0..i {
                if rows[i].is_some() && rows[i] == rows[j] {
                    let (a, b) = (
                        starts[j]..starts[j] + widths[j],
                        starts[i]..starts[i] + widths[i],
                    );
                    assert!(a.end + 2.0 <= b.start || b.end + 2.0 <= a.start, "{i} {j}");
                }
            }
        }
    }
}
