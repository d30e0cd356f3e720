//! A display filter shared out to the import workers (#26). The workers that read and
//! summarised a capture keep the batches they made (the reader every other one, the helper the
//! rest), so a filter runs on both of them, over frames they already hold, off the page's
//! thread and on two cores: each tests its batches and sends back the capture indices of the
//! frames kept, which the page merges ([`super::inspector::Action::FilterPart`]).
//!
//! What a worker needs besides its batches is where they sit in the capture, for `frame.number`
//! and the frame times: [`places`] (made by the page, which appended every batch) gives each
//! batch's first index and the time of the frame before it.

use super::filter::{self, Expr, FrameCtx};
use super::frames;

/// The most capture bytes the workers keep for filtering (beyond it, a filter runs on the page,
/// in steps): the kept batches double the capture's memory.
pub const HOLD_LIMIT: f64 = 512.0 * 1024.0 * 1024.0;

/// Where batch `seq` sits: the index of its first frame, and the time (seconds) of the frame
/// before it, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub base: usize,
    pub prev: Option<f64>,
}

/// The places of the batches that start at `starts` (in batch order), as the page sends them:
/// two numbers per batch, its first index and the time before it (NaN for none).
pub fn places(starts: &[usize], time: impl Fn(usize) -> f64) -> Vec<f64> {
    starts
        .iter()
        .flat_map(|&s| {
            let prev = s.checked_sub(1).map_or(f64::NAN, &time);
            [s as f64, prev]
        })
        .collect()
}

/// Batch `seq`'s place, read from [`places`]' numbers.
pub fn place(places: &[f64], seq: u32) -> Option<Place> {
    let at = usize::try_from(seq).ok()?.checked_mul(2)?;
    let base = *places.get(at)?;
    let prev = *places.get(at.checked_add(1)?)?;
    (base >= 0.0 && base.fract() == 0.0).then(|| Place {
        base: crate::num::usize_sat(crate::num::whole(base)),
        prev: (!prev.is_nan()).then_some(prev),
    })
}

/// Tests each frame of `batch` (the wire form of [`frames::encode`]) against `expr`, whose tree
/// fields are `ids` ([`Expr::kept_ids`]); `first` is the capture's first frame time. Pushes the
/// capture index of each frame kept and returns how many frames were tested.
pub fn filter_batch(
    expr: &Expr,
    ids: &[String],
    batch: &[u8],
    place: Place,
    first: f64,
    kept: &mut Vec<u32>,
) -> usize {
    let mut prev = place.prev;
    let mut tested = 0;
    for record in frames::records(batch) {
        let Ok((_, f)) = record else { break };
        let index = place.base.saturating_add(tested);
        let t = f.seconds();
        // Filters that read what was kept before (`Expr::in_order`) are never shared out.
        let ctx = FrameCtx::at(index, t, first, prev, None);
        prev = Some(t);
        let d = filter::dissect_for(ids, f.link, f.bytes);
        if filter::eval_in(expr, &d, f.bytes, Some(&ctx)) {
            kept.push(u32::try_from(index).unwrap_or(u32::MAX));
        }
        tested = tested.saturating_add(1);
    }
    tested
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::CapturedFrame;
    use crate::model::filter::Filter;
    use crate::model::inspector::{row, Action, Inspector};

    /// The workers' answer is the page's: a capture cut into batches held by two "workers"
    /// (even and odd batches), filtered batch by batch and merged through `FilterPart`, keeps
    /// exactly the frames the page's own steps keep, for filters on fields, frame numbers and
    /// times, with "IGMP only" on and off.
    #[test]
    fn filtering_in_shares_keeps_what_the_page_keeps() {
        // Every sample frame, and an ARP request (not IGMP).
        let arp = "ffffffffffff0200000000010806000108000604000102000000000001c0a80101000000000000c0a80102";
        let mut sample: Vec<Vec<u8>> = crate::model::samples::all()
            .into_iter()
            .flat_map(|s| s.frames)
            .collect();
        sample.push(
            (0..arp.len() / 2)
                .map(|i| u8::from_str_radix(&arp[2 * i..2 * i + 2], 16).unwrap())
                .collect(),
        );
        let frames: Vec<CapturedFrame> = (0..21_000)
            .map(|i| {
                let bytes = sample[i % sample.len()].clone();
                CapturedFrame {
                    link: crate::codec::LinkType::Ethernet,
                    ts_sec: 1_700_000_000 + (i / 7) as i64,
                    ts_nsec: (i % 7) as u32 * 100_000_000,
                    orig_len: bytes.len() as u32,
                    bytes,
                    comment: None,
                    interface: 0,
                    unknown: Vec::new(),
                }
            })
            .collect();
        let batch_len = 2048;
        let batches: Vec<Vec<u8>> = frames
            .chunks(batch_len)
            .map(|c| {
                let mut out = Vec::new();
                for f in c {
                    let r = crate::import::stream::FrameRef::from(f);
                    frames::encode(&mut out, &row(0, r), r);
                }
                out
            })
            .collect();
        for text in [
            "igmp.maddr == 224.10.10.10",
            "igmp.type == 0x16 || frame.number in {5..40}",
            "frame.time_delta > 0.2 && ip.addr == 192.168.1.1",
            "frame.time_relative < 3 && !igmp",
            "eth.dst[0:3] == 01:00:5e",
        ] {
            for igmp_only in [false, true] {
                let mut page = Inspector::default();
                page.apply(Action::BeginStream);
                for b in &batches {
                    page.apply(Action::Append {
                        batch: b.clone(),
                        file_bytes: None,
                    });
                }
                page.apply(Action::IgmpOnly(igmp_only));
                let mut shared = page.clone();
                page.apply(Action::Filter(text.into()));
                while page.filter_job.is_some() {
                    page.apply(Action::FilterStep(1000));
                }
                shared.apply(Action::Filter(text.into()));
                let job = shared.filter_job.as_ref().map(|j| j.id).unwrap();
                let Filter::Display(expr) = shared.compiled.clone() else {
                    panic!("{text}")
                };
                let ids = expr.kept_ids();
                let at = places(&shared.batch_starts, |i| {
                    shared.frames.get(i).map_or(0.0, |f| f.seconds())
                });
                let first = shared.frames.get(0).map_or(0.0, |f| f.seconds());
                // The odd worker answers first, then the even one.
                for parity in [1, 0] {
                    for (seq, b) in batches.iter().enumerate().filter(|(s, _)| s % 2 == parity) {
                        let mut kept = Vec::new();
                        let p = place(&at, seq as u32).unwrap();
                        let tested = filter_batch(&expr, &ids, b, p, first, &mut kept);
                        shared.apply(Action::FilterPart { job, tested, kept });
                    }
                }
                assert!(shared.filter_job.is_none(), "{text}");
                assert_eq!(
                    shared.visible, page.visible,
                    "{text} (IGMP only {igmp_only})"
                );
                assert!(page.visible.len() < 21_000, "{text}");
                assert!(igmp_only || !page.visible.is_empty(), "{text}");
            }
        }
    }

    /// A late answer to a filter that was replaced or stopped changes nothing.
    #[test]
    fn an_answer_to_an_old_filter_is_ignored() {
        let mut ins = Inspector::default();
        let v2 = crate::model::samples::all().remove(0).frames.remove(0);
        let frames: Vec<CapturedFrame> = (0..30_000)
            .map(|i| CapturedFrame {
                link: crate::codec::LinkType::Ethernet,
                ts_sec: i,
                ts_nsec: 0,
                orig_len: v2.len() as u32,
                bytes: v2.clone(),
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            })
            .collect();
        ins.load(crate::import::Import {
            format: None,
            frames,
            problems: vec![],
            comments: vec![],
            skipped: 0,
        });
        ins.apply(Action::Filter("igmp".into()));
        let old = ins.filter_job.as_ref().unwrap().id;
        ins.apply(Action::Filter("ip".into()));
        let before = ins.clone();
        ins.apply(Action::FilterPart {
            job: old,
            tested: 30_000,
            kept: vec![1, 2],
        });
        assert_eq!(ins, before);
        ins.apply(Action::FilterStop);
        assert_eq!(ins.visible.len(), 30_000);
    }
}
