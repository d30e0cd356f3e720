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

#[cfg(test)]
mod tests {
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
