//! The readable text form of a dissection: `igmpwb tree` and the golden files.
//!
//! One field per line: indentation for depth, the field id, the byte span `[start..end)` (with
//! the bit mask for bit fields, `=` for derived values), the label and the value. Diagnostics
//! follow the field they concern, marked `!`; those tied to no field are listed at the end.

use super::{Dissection, Lang};

pub fn tree(d: &Dissection, lang: Lang) -> String {
    let mut out = String::new();
    let mut shown = vec![false; d.diagnostics.len()];
    for f in &d.fields {
        let indent = "  ".repeat(usize::from(f.depth));
        let span = if f.derived {
            format!("[={}]", f.span.start)
        } else {
            format!("[{}..{})", f.span.start, f.span.end)
        };
        let mask = f.mask.map(|m| format!(" mask {m:#x}")).unwrap_or_default();
        out.push_str(&format!(
            "{indent}{} {span}{mask} {}: {}\n",
            f.id,
            f.label.get(lang),
            f.value.get(lang)
        ));
        for (done, diag) in shown.iter_mut().zip(&d.diagnostics) {
            if !*done && diag.field.as_deref() == Some(f.id) && f.span.start <= diag.span.start {
                *done = true;
                out.push_str(&format!("{indent}  ! {}\n", diag_line(diag, lang)));
            }
        }
    }
    for (done, diag) in shown.iter().zip(&d.diagnostics) {
        if !*done {
            out.push_str(&format!("! {}\n", diag_line(diag, lang)));
        }
    }
    out
}

fn diag_line(d: &super::Diagnostic, lang: Lang) -> String {
    let rfc = if d.rfc.is_empty() {
        String::new()
    } else {
        format!(" ({})", d.rfc)
    };
    format!(
        "{} {} [{}..{}): {}{rfc}",
        d.severity.name(),
        d.code(),
        d.span.start,
        d.span.end,
        d.message.get(lang)
    )
}

/// `igmpwb fields` lines for one frame: number, id, position, size, value (tab-separated).
/// Derived fields (zero width) are left out: they have no bytes to compare.
pub fn fields(d: &Dissection, number: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for f in d.fields.iter().filter(|f| !f.derived) {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{number}\t{}\t{}\t{}\t{}",
            f.id,
            f.span.start,
            f.span.len(),
            f.value.en
        );
    }
    out
}
