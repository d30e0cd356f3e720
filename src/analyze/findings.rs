//! Findings: adding one, merging repeats, and the codec's per-frame diagnostics.

use super::observer::{secs, Analyzer, Us, MAX_FRAMES_PER_FINDING};
use super::rules::{self, Rule};
use super::{Finding, MAX_FINDINGS};
use crate::codec::frame::MessageKind;
use crate::codec::{diagnostics, Diagnostic, Severity};

impl Analyzer {
    /// Adds a finding; with a `merge` key, a finding of the same rule and key made within
    /// `window` gets the frames instead (a merged per-port capture repeats frames; a router
    /// that keeps breaking a rule is one finding).
    #[allow(clippy::too_many_arguments, reason = "a finding has this many parts")]
    pub(super) fn add(
        &mut self,
        rule: &str,
        rfc: String,
        severity: Severity,
        frames: Vec<u64>,
        t: Us,
        en: String,
        ja: String,
        merge: Option<(String, Us)>,
    ) {
        if let Some((key, window)) = &merge {
            let k = (rule.to_string(), key.clone());
            if let Some((i, last)) = self.merge.get(&k).copied() {
                if t.saturating_sub(last) <= *window {
                    if let Some(f) = self.findings.get_mut(i) {
                        for n in frames {
                            if let Err(at) = f.frames.binary_search(&n) {
                                if f.frames.len() < MAX_FRAMES_PER_FINDING {
                                    f.frames.insert(at, n);
                                }
                            }
                        }
                    }
                    self.merge.insert(k, (i, t));
                    return;
                }
            }
        }
        if self.findings.len() >= MAX_FINDINGS {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        if let Some((key, _)) = merge {
            self.merge
                .insert((rule.to_string(), key), (self.findings.len(), t));
        }
        // Frame numbers in order, once each (inserted in place: no sort to carry).
        let mut sorted: Vec<u64> = Vec::with_capacity(frames.len());
        for n in frames {
            if let Err(at) = sorted.binary_search(&n) {
                if sorted.len() < MAX_FRAMES_PER_FINDING {
                    sorted.insert(at, n);
                }
            }
        }
        self.findings.push(Finding {
            rule: rule.to_string(),
            rfc,
            severity,
            frames: sorted,
            t: secs(t),
            en,
            ja,
        });
    }

    pub(super) fn rule(
        &mut self,
        r: &Rule,
        frames: Vec<u64>,
        t: Us,
        en: String,
        ja: String,
        merge: Option<(String, Us)>,
    ) {
        let rfc = self.family.cite(r.rfc);
        self.add(r.id, rfc, r.severity, frames, t, en, ja, merge);
    }

    /// The codec's per-frame diagnostics, one finding per distinct message; a report or Leave
    /// to the wrong address becomes the `report-destination` rule.
    pub(super) fn diagnostic(
        &mut self,
        d: &Diagnostic,
        kind: Option<MessageKind>,
        number: u64,
        t: Us,
    ) {
        let en = d.message.get(crate::codec::Lang::En).to_string();
        let ja = d.message.get(crate::codec::Lang::Ja).to_string();
        let is_report = matches!(
            kind,
            Some(
                MessageKind::V1Report
                    | MessageKind::V2Report
                    | MessageKind::V2Leave
                    | MessageKind::V3Report
            )
        );
        let key = en.clone();
        if d.is(&diagnostics::IP_WRONG_DESTINATION) && is_report {
            let r = rules::REPORT_DESTINATION;
            let rfc = self.family.cite(r.rfc);
            self.add(
                r.id,
                rfc,
                d.severity,
                vec![number],
                t,
                en,
                ja,
                Some((key, Us::MAX)),
            );
            return;
        }
        self.add(
            d.code(),
            d.rfc.to_string(),
            d.severity,
            vec![number],
            t,
            en,
            ja,
            Some((key, Us::MAX)),
        );
    }
}
