//! The Builder's form for an MLD frame (#30): the fields of a [`MldFrameSpec`] as the form shows
//! them (ids are Wireshark's, as in the field tree), what typing into one does, and "auto" back.
//! The IGMP form is `model::builder`; the errors and the number readers are shared with it.

use std::net::Ipv6Addr;

use crate::codec::layout::{ethernet, ipv6, mld};
use crate::codec::mac::{self, format_mac};
use crate::codec::mld_spec::MldRecordSpec;
use crate::codec::mld_spec::{preset, MldFrameSpec, MldSpec};
use crate::codec::spec::{Derived, MacAddr};
use crate::codec::width::ascii_twins;
use crate::codec::Text;
use crate::import::export::hex_stream;
use crate::model::builder::{
    self as model, parse_u16, parse_u8, set_record_field, EditField, Intent, RecordAddr, SetError,
};

/// The "sources" list's id (every source address of an MLDv2 query, in one box).
pub const SOURCES: &str = "icmpv6.mld.source_address";
/// The Router Alert's box: its value, or empty for no Hop-by-Hop header.
pub const ROUTER_ALERT: &str = "ipv6.opt.router_alert";
/// An MLDv2 report's records, edited as one ([`records_text`]).
pub const RECORDS: &str = "icmpv6.mldr.records";

/// The form: every field of the frame, in wire order (an MLDv2 report's records are edited in
/// their own rows: [`Edits::records`]).
pub fn fields(spec: &MldFrameSpec) -> Vec<EditField> {
    let mut out = Vec::new();
    let mut f =
        |id, label, value, auto, derivable| push(&mut out, id, label, value, auto, derivable);
    let ip = &spec.ipv6;
    let dst = ip.dst.or(spec.mld.auto_destination());
    let link = &spec.link;
    f(
        ethernet::DST.id,
        ("Destination MAC", "宛先 MAC"),
        format_mac(&link.dst.or(MacAddr(mac::ipv6_multicast_mac(dst))).0),
        link.dst.is_auto().then_some((
            "33:33 + the low 32 bits of the IPv6 destination (RFC 2464 §7)",
            "33:33 + IPv6 宛先の下位 32 ビット (RFC 2464 §7)",
        )),
        true,
    );
    f(
        ethernet::SRC.id,
        ("Source MAC", "送信元 MAC"),
        format_mac(&link.src.0),
        None,
        false,
    );
    f(
        ipv6::HLIM.id,
        ipv6::HLIM.label,
        ip.hop_limit.to_string(),
        None,
        false,
    );
    f(
        ipv6::SRC.id,
        ipv6::SRC.label,
        ip.src.to_string(),
        None,
        false,
    );
    f(
        ipv6::DST.id,
        ipv6::DST.label,
        dst.to_string(),
        ip.dst.is_auto().then_some((
            "by the message: ff02::1, the address, ff02::2 (Done) or ff02::16 (MLDv2 report); RFC 2710 §8, RFC 3810 §5",
            "メッセージで決まる: ff02::1、そのアドレス、ff02::2 (Done メッセージ)、ff02::16 (MLDv2 レポート)。RFC 2710 §8、RFC 3810 §5",
        )),
        true,
    );
    f(
        ROUTER_ALERT,
        (
            "Router Alert value (empty: no Hop-by-Hop header)",
            "ルータアラート値 (空: ホップバイホップヘッダなし)",
        ),
        ip.router_alert.map(|v| v.to_string()).unwrap_or_default(),
        None,
        false,
    );
    let (_, code, checksum) = spec.mld.head();
    if let MldSpec::V1 { msg_type, .. } = &spec.mld {
        f(
            mld::TYPE.id,
            mld::TYPE.label,
            msg_type.to_string(),
            None,
            false,
        );
    }
    f(mld::CODE.id, mld::CODE.label, code.to_string(), None, false);
    f(
        mld::CHECKSUM.id,
        mld::CHECKSUM.label,
        format!("0x{:04x}", spec.message().1),
        checksum.is_auto().then_some((
            "IPv6 pseudo-header + message (RFC 8200 §8.1)",
            "IPv6 疑似ヘッダ + メッセージ (RFC 8200 §8.1)",
        )),
        true,
    );
    match &spec.mld {
        MldSpec::V1 {
            max_delay, group, ..
        } => {
            f(
                mld::MAX_DELAY.id,
                ("Maximum Response Delay (ms)", "最大応答遅延 (ミリ秒)"),
                max_delay.to_string(),
                None,
                false,
            );
            f(
                mld::MADDR.id,
                mld::MADDR.label,
                group.to_string(),
                None,
                false,
            );
        }
        MldSpec::V2Query {
            max_resp_code,
            group,
            s,
            qrv,
            qqic,
            sources,
            ..
        } => {
            f(
                mld::MAX_CODE.id,
                mld::MAX_CODE.label,
                max_resp_code.to_string(),
                None,
                false,
            );
            f(
                mld::MADDR.id,
                mld::MADDR.label,
                group.to_string(),
                None,
                false,
            );
            f(
                mld::S.id,
                mld::S.label,
                u8::from(*s).to_string(),
                None,
                false,
            );
            f(mld::QRV.id, mld::QRV.label, qrv.to_string(), None, false);
            f(mld::QQIC.id, mld::QQIC.label, qqic.to_string(), None, false);
            f(
                SOURCES,
                ("Sources (comma-separated)", "送信元 (カンマ区切り)"),
                sources
                    .iter()
                    .map(Ipv6Addr::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                None,
                false,
            );
        }
        MldSpec::V2Report { .. } => {}
    }
    out
}

/// One row of the form (not inlined: the form has twenty of them).
#[inline(never)]
fn push(
    out: &mut Vec<EditField>,
    id: &str,
    (en, ja): (&str, &str),
    value: String,
    auto: Option<(&str, &str)>,
    derivable: bool,
) {
    out.push(EditField {
        id: id.into(),
        label: Text::new(en, ja),
        value,
        auto: auto.map(|(en, ja)| Text::new(en, ja)),
        derivable,
        note: None,
    });
}

fn parse_ip6(text: &str) -> Result<Ipv6Addr, SetError> {
    RecordAddr::parse(text)
}

/// An MLDv2 report's records as one edit ([`RECORDS`]): `type/group/sources/aux` for each,
/// separated by `;` (sources by `,`, aux data in hex). One edit for the whole list, so that
/// adding, changing and removing records replay in order like any other field.
pub fn records_text(records: &[MldRecordSpec]) -> String {
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let sources: Vec<String> = r.sources.iter().map(|s| s.to_string()).collect();
        out.push_str(&format!(
            "{}/{}/{}/{}",
            r.record_type,
            r.group,
            sources.join(","),
            hex_stream(&r.aux)
        ));
    }
    out
}

/// From [`records_text`].
fn parse_records(text: &str) -> Result<Vec<MldRecordSpec>, SetError> {
    text.split(';')
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            let mut parts = r.split('/');
            let mut record = model::record(0, Ipv6Addr::UNSPECIFIED, Vec::new());
            for what in ["type", "group", "sources", "aux"] {
                set_record_field(&mut record, what, parts.next().unwrap_or(""))?;
            }
            Ok(record)
        })
        .collect()
}

/// An MLD frame as the Builder keeps it across a reload and in a share link: the preset it
/// started from and the fields typed since, the last text of each (`None`: back to auto). Kept
/// this way rather than as the spec's JSON so that the browser app does not carry serde's reader
/// for [`MldFrameSpec`] (20 KB of wasm); `igmpwb build` reads that JSON. As text ([`Edits::text`]):
/// the preset on the first line, then `id=text` for each field typed, or `id` alone for auto.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edits {
    pub preset: String,
    pub edits: Vec<(String, Option<String>)>,
}

impl Edits {
    /// The text form (`mld1-done\nipv6.hlim=64`).
    pub fn text(&self) -> String {
        let mut out = self.preset.clone();
        for (id, text) in &self.edits {
            out.push('\n');
            out.push_str(id);
            if let Some(text) = text {
                out.push('=');
                out.push_str(text);
            }
        }
        out
    }

    /// From [`Edits::text`]; None when the first line is not an MLD preset.
    pub fn from_text(text: &str) -> Option<Edits> {
        let mut lines = text.lines();
        let preset = lines.next()?.trim();
        preset_exists(preset).then(|| Edits {
            preset: preset.into(),
            edits: lines
                .map(|l| match l.split_once('=') {
                    Some((id, text)) => (id.to_string(), Some(text.to_string())),
                    None => (l.to_string(), None),
                })
                .collect(),
        })
    }

    pub fn new(preset: &str) -> Edits {
        Edits {
            preset: preset.into(),
            edits: Vec::new(),
        }
    }

    /// The frame: the preset with the edits made again in order (one that is refused now is
    /// left out); None when the preset is not an MLD one.
    pub fn spec(&self) -> Option<MldFrameSpec> {
        let mut spec = preset(&self.preset)?;
        for (id, text) in &self.edits {
            match text {
                Some(text) => {
                    let _ = set(&mut spec, id, text);
                }
                None => set_auto(&mut spec, id),
            }
        }
        Some(spec)
    }

    /// Types `text` into field `id` (None: auto): kept when the field takes it.
    pub fn apply(&mut self, id: &str, text: Option<&str>) -> Result<(), SetError> {
        let Some(mut spec) = self.spec() else {
            return Ok(());
        };
        match text {
            Some(text) => set(&mut spec, id, text)?,
            None => set_auto(&mut spec, id),
        }
        self.edits.retain(|(i, _)| i != id);
        // One line each in the text form.
        self.edits
            .push((id.into(), text.map(|t| t.replace(['\n', '\r'], " "))));
        Ok(())
    }
}

impl Edits {
    /// An MLDv2 report's records; None for the other messages.
    pub fn records(&self) -> Option<Vec<MldRecordSpec>> {
        match self.spec()?.mld {
            MldSpec::V2Report { records, .. } => Some(records),
            _ => None,
        }
    }

    /// Sets record `i`'s `type`, `group`, `sources` or `aux`, as the IGMP form does.
    pub fn set_record(&mut self, i: usize, what: &str, text: &str) -> Result<(), SetError> {
        let mut records = self.records().unwrap_or_default();
        let r = records
            .get_mut(i)
            .ok_or(SetError::NoSuchRecord(i.saturating_add(1)))?;
        set_record_field(r, what, text)?;
        self.apply(RECORDS, Some(&records_text(&records)))
    }

    /// Adds the record for what a listener wants (RFC 3810 §6.1); group and sources as typed.
    pub fn add_intent(
        &mut self,
        intent: Intent,
        group: &str,
        sources: &str,
    ) -> Result<(), SetError> {
        let mut records = self.records().unwrap_or_default();
        records.push(intent.record(parse_ip6(group)?, model::parse_list(sources)?));
        self.apply(RECORDS, Some(&records_text(&records)))
    }

    /// Removes record `i`; false when there is none (out of range, or no report).
    pub fn remove_record(&mut self, i: usize) -> bool {
        let mut records = self.records().unwrap_or_default();
        if i >= records.len() {
            return false;
        }
        records.remove(i);
        self.apply(RECORDS, Some(&records_text(&records))).is_ok()
    }
}

fn preset_exists(name: &str) -> bool {
    crate::codec::mld_spec::MESSAGES
        .iter()
        .any(|(n, _, _)| *n == name)
}

/// Takes a field's text; the spec is unchanged when it is refused.
pub fn set(spec: &mut MldFrameSpec, id: &str, text: &str) -> Result<(), SetError> {
    let mut next = spec.clone();
    let ip = &mut next.ipv6;
    // The fields every message has (ids as in the field tree: Wireshark's).
    let (code, checksum) = match &mut next.mld {
        MldSpec::V1 { code, checksum, .. }
        | MldSpec::V2Query { code, checksum, .. }
        | MldSpec::V2Report { code, checksum, .. } => (code, checksum),
    };
    match id {
        "eth.dst" => next.link.dst = Derived::Raw(parse_mac(text)?),
        "eth.src" => next.link.src = parse_mac(text)?,
        "ipv6.hlim" => ip.hop_limit = parse_u8(text)?,
        "ipv6.src" => ip.src = parse_ip6(text)?,
        "ipv6.dst" => ip.dst = Derived::Raw(parse_ip6(text)?),
        ROUTER_ALERT => {
            ip.router_alert = match text.trim() {
                "" => None,
                v => Some(parse_u16(v)?),
            }
        }
        "icmpv6.code" => *code = parse_u8(text)?,
        "icmpv6.checksum" => *checksum = Derived::Raw(parse_u16(text)?),
        _ => match &mut next.mld {
            MldSpec::V1 {
                msg_type,
                max_delay,
                group,
                ..
            } => match id {
                "icmpv6.type" => *msg_type = parse_u8(text)?,
                "icmpv6.mld.maximum_response_delay" => *max_delay = parse_u16(text)?,
                "icmpv6.mld.multicast_address" => *group = parse_ip6(text)?,
                _ => return Ok(()),
            },
            MldSpec::V2Query {
                max_resp_code,
                group,
                s,
                qrv,
                qqic,
                sources,
                ..
            } => match id {
                "icmpv6.mld.maximum_response_code" => *max_resp_code = parse_u16(text)?,
                "icmpv6.mld.multicast_address" => *group = parse_ip6(text)?,
                "icmpv6.mld.flag.s" => *s = parse_u8(text)? != 0,
                "icmpv6.mld.flag.qrv" => *qrv = parse_u8(text)?.min(7),
                "icmpv6.mld.qqi" => *qqic = parse_u8(text)?,
                SOURCES => *sources = model::parse_list(text)?,
                _ => return Ok(()),
            },
            MldSpec::V2Report { records, .. } => match id {
                RECORDS => *records = parse_records(text)?,
                _ => return Ok(()),
            },
        },
    }
    *spec = next;
    Ok(())
}

fn parse_mac(text: &str) -> Result<MacAddr, SetError> {
    mac::parse_mac(&ascii_twins(text))
        .map(MacAddr)
        .ok_or_else(|| SetError::NotAMacAddress(text.to_string()))
}

/// A derived field back to its computed value.
pub fn set_auto(spec: &mut MldFrameSpec, id: &str) {
    match id {
        _ if id == ethernet::DST.id => spec.link.dst = Derived::Auto,
        _ if id == ipv6::DST.id => spec.ipv6.dst = Derived::Auto,
        _ if id == mld::CHECKSUM.id => match &mut spec.mld {
            MldSpec::V1 { checksum, .. }
            | MldSpec::V2Query { checksum, .. }
            | MldSpec::V2Report { checksum, .. } => *checksum = Derived::Auto,
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::mld_spec::{emit, preset};
    use crate::codec::{dissect, LinkType};

    fn codes(spec: &MldFrameSpec) -> Vec<&'static str> {
        dissect(LinkType::Ethernet, &emit(spec))
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    }

    #[test]
    fn every_field_shown_is_one_the_tree_has_and_typing_its_value_back_changes_nothing() {
        for (kind, _, _) in crate::codec::mld_spec::MESSAGES {
            let spec = preset(kind).unwrap_or_else(|| panic!("{kind}"));
            let tree = dissect(LinkType::Ethernet, &emit(&spec));
            for field in fields(&spec) {
                assert!(
                    field.id == ROUTER_ALERT
                        || (field.id == SOURCES && field.value.is_empty())
                        || tree.fields.iter().any(|f| f.id == field.id),
                    "{kind}: {} not in the tree",
                    field.id
                );
                // An auto field shows the value it gets (the checksum, the destination):
                // typing that value gives the same frame.
                let mut again = spec.clone();
                if !field.value.is_empty() {
                    assert_eq!(
                        set(&mut again, &field.id, &field.value),
                        Ok(()),
                        "{kind} {}",
                        field.id
                    );
                    assert_eq!(emit(&again), emit(&spec), "{kind} {}", field.id);
                }
            }
        }
    }

    #[test]
    fn a_done_made_wrong_on_purpose_says_so_and_auto_mends_it() {
        let mut done = preset("mld1-done").unwrap_or_else(|| panic!("preset"));
        assert_eq!(codes(&done), Vec::<&str>::new());
        assert_eq!(set(&mut done, "ipv6.hlim", "255"), Ok(()));
        assert_eq!(set(&mut done, ROUTER_ALERT, ""), Ok(()));
        assert_eq!(set(&mut done, "ipv6.dst", "ff02::1"), Ok(()));
        assert_eq!(set(&mut done, "icmpv6.checksum", "0x1234"), Ok(()));
        let found = codes(&done);
        for want in [
            "mld.hop_limit_not_1",
            "mld.missing_router_alert",
            "mld.wrong_destination",
            "mld.bad_checksum",
        ] {
            assert!(found.contains(&want), "{want} not in {found:?}");
        }
        set_auto(&mut done, "ipv6.dst");
        set_auto(&mut done, "icmpv6.checksum");
        assert_eq!(set(&mut done, "ipv6.hlim", "1"), Ok(()));
        assert_eq!(set(&mut done, ROUTER_ALERT, "0"), Ok(()));
        assert_eq!(
            emit(&done),
            emit(&preset("mld1-done").unwrap_or_else(|| panic!("preset")))
        );
        // Refused, the spec kept.
        assert_eq!(
            set(&mut done, "icmpv6.mld.multicast_address", "239.1.1.1"),
            Err(SetError::NotAnIpv6Address("239.1.1.1".into()))
        );
        assert_eq!(
            set(&mut done, "ipv6.hlim", "300"),
            Err(SetError::TooBigForOneByte(300))
        );
    }

    #[test]
    fn edits_read_back_from_their_text_and_give_the_same_frame() {
        let mut e = Edits::new("mld2-group-source-query");
        assert_eq!(e.apply("ipv6.hlim", Some("2")), Ok(()));
        assert_eq!(e.apply(SOURCES, Some("2001:db8::1, 2001:db8::2")), Ok(()));
        assert_eq!(e.apply("icmpv6.checksum", Some("0x1")), Ok(()));
        assert_eq!(e.apply("icmpv6.checksum", None), Ok(()));
        assert!(e.apply("ipv6.src", Some("fe80::1\nipv6.hlim=9")).is_err());
        assert_eq!(e.edits.len(), 3, "one entry per field, the last");
        let text = e.text();
        assert_eq!(text, "mld2-group-source-query\nipv6.hlim=2\nicmpv6.mld.source_address=2001:db8::1, 2001:db8::2\nicmpv6.checksum");
        let back = Edits::from_text(&text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(back, e);
        assert_eq!(back.spec().map(|s| emit(&s)), e.spec().map(|s| emit(&s)));
        assert_eq!(Edits::from_text("v2-leave\nipv6.hlim=2"), None);
    }
}
