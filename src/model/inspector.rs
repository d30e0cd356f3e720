//! The Inspector's state and logic, independent of the UI: the imported frames, the packet list
//! (summarised without field trees), filtering, sorting, selection, and tree↔hex linking.

use crate::codec::{self, Dissection, Field, Options, Severity, Span};
use crate::import::{CapturedFrame, Import, InputFormat, Problem};

/// One packet-list row: what the list shows, computed without building a field tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub time: String,
    pub src: String,
    pub dst: String,
    pub version: String,
    pub kind: String,
    pub group: String,
    pub summary: String,
    pub worst: Option<Severity>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Index,
    Time,
    Src,
    Dst,
    Kind,
    Group,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspector {
    pub frames: Vec<CapturedFrame>,
    pub rows: Vec<Row>,
    pub format: Option<InputFormat>,
    pub problems: Vec<Problem>,
    pub comments: Vec<String>,
    pub filter: String,
    pub sort: SortKey,
    pub descending: bool,
    pub selected: Option<usize>,
    /// Row indices (into `rows`) after filter and sort.
    pub visible: Vec<usize>,
}

/// Summarises one frame for the list.
pub fn row(index: usize, f: &CapturedFrame) -> Row {
    let d = codec::dissect_with(f.link, &f.bytes, Options { tree: false });
    let time = if f.ts_sec == 0 && f.ts_nsec == 0 {
        String::new()
    } else {
        codec::summary::format_tttt(f.ts_sec, f.ts_nsec / 1000)
    };
    Row {
        index,
        time,
        src: d.info.src.map(|a| a.to_string()).unwrap_or_default(),
        dst: d.info.dst.map(|a| a.to_string()).unwrap_or_default(),
        version: d.info.version,
        kind: d.info.kind,
        group: d.info.group.map(|a| a.to_string()).unwrap_or_default(),
        summary: d.info.summary,
        worst: d.diagnostics.iter().map(|x| x.severity).max(),
    }
}

impl Inspector {
    /// Replaces the contents with an import; selects the first frame.
    pub fn load(&mut self, imp: Import) {
        self.rows = imp
            .frames
            .iter()
            .enumerate()
            .map(|(i, f)| row(i, f))
            .collect();
        self.frames = imp.frames;
        self.format = imp.format;
        self.problems = imp.problems;
        self.comments = imp.comments;
        self.refresh();
        self.selected = self.visible.first().copied();
    }

    /// Appends rows summarised elsewhere (chunked loading of large files).
    pub fn append(&mut self, frames: Vec<CapturedFrame>) {
        let start = self.frames.len();
        self.rows
            .extend(frames.iter().enumerate().map(|(i, f)| row(start + i, f)));
        self.frames.extend(frames);
        self.refresh();
        if self.selected.is_none() {
            self.selected = self.visible.first().copied();
        }
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.refresh();
    }

    pub fn set_sort(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = false;
        }
        self.refresh();
    }

    fn refresh(&mut self) {
        let needle = self.filter.trim().to_ascii_lowercase();
        let mut visible: Vec<usize> = (0..self.rows.len())
            .filter(|&i| matches(&self.rows[i], &needle))
            .collect();
        let rows = &self.rows;
        match self.sort {
            SortKey::Index => {}
            SortKey::Time => visible.sort_by(|a, b| rows[*a].time.cmp(&rows[*b].time)),
            SortKey::Src => visible.sort_by_key(|i| ip_key(&rows[*i].src)),
            SortKey::Dst => visible.sort_by_key(|i| ip_key(&rows[*i].dst)),
            SortKey::Kind => visible.sort_by(|a, b| rows[*a].kind.cmp(&rows[*b].kind)),
            SortKey::Group => visible.sort_by_key(|i| ip_key(&rows[*i].group)),
        }
        if self.descending {
            visible.reverse();
        }
        self.visible = visible;
    }

    /// Moves the selection up or down the visible list.
    pub fn step(&mut self, delta: i64) {
        if self.visible.is_empty() {
            return;
        }
        let pos = self
            .selected
            .and_then(|s| self.visible.iter().position(|v| *v == s))
            .unwrap_or(0) as i64;
        let next = (pos + delta).clamp(0, self.visible.len() as i64 - 1) as usize;
        self.selected = Some(self.visible[next]);
    }

    pub fn selected_frame(&self) -> Option<&CapturedFrame> {
        self.selected.and_then(|i| self.frames.get(i))
    }

    /// The full dissection of the selected frame (built on selection only).
    pub fn dissect_selected(&self) -> Option<Dissection> {
        self.selected_frame()
            .map(|f| codec::dissect(f.link, &f.bytes))
    }
}

fn ip_key(s: &str) -> u64 {
    s.parse::<std::net::Ipv4Addr>()
        .map(|a| u64::from(u32::from(a)))
        .unwrap_or(u64::MAX)
}

/// Quick filter: words all must match; `problems` (or `問題`) keeps rows with diagnostics;
/// `v1`/`v2`/`v3` match the version; anything else matches kind, group, addresses or summary.
pub fn matches(row: &Row, needle: &str) -> bool {
    needle.split_whitespace().all(|word| match word {
        "problems" | "problem" | "問題" | "errors" => {
            row.worst.is_some_and(|s| s >= Severity::Warning)
        }
        "v1" | "v2" | "v3" => row.version == word[1..] || row.kind.starts_with(word),
        w => {
            row.kind.contains(w)
                || row.group.contains(w)
                || row.src.contains(w)
                || row.dst.contains(w)
                || row.summary.to_ascii_lowercase().contains(w)
        }
    })
}

/// Byte offsets to highlight for a field: its span, or the byte at a derived field's point.
pub fn highlight(field: &Field) -> Span {
    if field.span.is_empty() {
        Span::new(field.span.start, field.span.start)
    } else {
        field.span
    }
}

/// For a byte, the bits a bit-field covers within that byte (for the hex pane's bit marks).
pub fn bits_in_byte(field: &Field, offset: usize) -> Option<u8> {
    let mask = field.mask?;
    let len = field.span.len();
    if !field.span.contains(offset) || len == 0 || len > 4 {
        return None;
    }
    let shift = 8 * (len - 1 - (offset - field.span.start));
    Some(((mask >> shift) & 0xff) as u8)
}

/// The index of the innermost field covering `offset` (hover or click on a hex byte).
pub fn field_for_byte(d: &Dissection, offset: usize) -> Option<usize> {
    d.field_at(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import;

    fn v2_report() -> Vec<u8> {
        let hex = "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a";
        import::hexdump::parse(hex).frames.remove(0)
    }

    #[test]
    fn hovering_maddr_highlights_exactly_its_four_bytes() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let f = d
            .fields
            .iter()
            .find(|f| f.id == "igmp.maddr")
            .expect("maddr");
        assert_eq!(highlight(f), Span::new(42, 46));
    }

    #[test]
    fn clicking_a_checksum_byte_selects_the_checksum_field() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let i = field_for_byte(&d, 41).expect("a field");
        assert_eq!(d.fields[i].id, "igmp.checksum");
        let i = field_for_byte(&d, 14).expect("a field");
        assert!(d.fields[i].id == "ip.version" || d.fields[i].id == "ip.hdr_len");
    }

    #[test]
    fn bit_fields_mark_their_bits() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let df = d.fields.iter().find(|f| f.id == "ip.flags.df").expect("df");
        assert_eq!(bits_in_byte(df, 20), Some(0x40));
        let off = d
            .fields
            .iter()
            .find(|f| f.id == "ip.frag_offset")
            .expect("offset");
        assert_eq!(bits_in_byte(off, 20), Some(0x1f));
        assert_eq!(bits_in_byte(off, 21), Some(0xff));
    }

    #[test]
    fn filter_sort_and_step() {
        let mut ins = Inspector::default();
        let text = crate::model::samples::all()
            .iter()
            .flat_map(|s| s.frames.clone())
            .map(|f| import::export::hex_stream(&f))
            .collect::<Vec<_>>()
            .join("\n\n");
        ins.load(import::import_text(&text));
        assert_eq!(ins.rows.len(), 12);
        ins.set_filter("problems");
        assert_eq!(
            ins.visible.len(),
            3,
            "{:?}",
            ins.rows
                .iter()
                .map(|r| (&r.kind, r.worst))
                .collect::<Vec<_>>()
        );
        ins.set_filter("v3");
        assert!(ins.visible.iter().all(|i| ins.rows[*i].version == "3"));
        ins.set_filter("");
        ins.selected = Some(0);
        ins.step(1);
        assert_eq!(ins.selected, Some(1));
        ins.step(-5);
        assert_eq!(ins.selected, Some(0));
        ins.set_sort(SortKey::Group);
        ins.set_sort(SortKey::Group);
        assert!(ins.descending);
    }
}
