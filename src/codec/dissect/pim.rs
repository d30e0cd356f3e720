//! PIM version 2 beside IGMP (RFC 7761 §4.9), with Wireshark's field ids: the common header,
//! and the bodies of a Hello (its options, §4.9.2), a Register (§4.9.3, with the packet it
//! carries dissected), a Register-Stop (§4.9.4), a Join/Prune (§4.9.5) and an Assert (§4.9.6).
//! Encoded addresses (§4.9.1) are read for IPv4 in the native encoding; anything else is shown
//! as bytes.

use super::{verdict_text, Dissector, Layer};
use crate::codec::checksum;
use crate::codec::layout;
use crate::codec::layout::pim::encoded;
use crate::codec::timecode;
use crate::codec::{Span, Text};

use encoded::Kind as Encoded;

/// tshark's names for the message types.
fn type_name(t: u8) -> &'static str {
    match t {
        0 => "Hello",
        1 => "Register",
        2 => "Register-stop",
        3 => "Join/Prune",
        4 => "Bootstrap",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft-Ack",
        8 => "Candidate-RP-Advertisement",
        _ => "Unknown",
    }
}

impl Dissector<'_> {
    /// A PIM message at `s` up to `end` (the end of the IP datagram).
    pub(super) fn pim(&mut self, s: usize, end: usize) {
        self.layer = Layer::Transport;
        use layout::pim::{self as head, CHECKSUM, RESERVED, TYPE, VERSION};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < head::LEN {
            self.truncated(s, head::LEN, "the PIM header", "PIM ヘッダ");
            return;
        }
        let (version, kind, stored) = (VERSION.read8(b), TYPE.read8(b), CHECKSUM.read16(b));
        self.open(
            "pim",
            (
                "Protocol Independent Multicast",
                "PIM (プロトコル独立マルチキャスト)",
            ),
            Span::new(s, end),
            || Text::same(format!("PIMv{version} {}", type_name(kind))),
        );
        self.add_def(&VERSION, s, || Text::same(version.to_string()));
        self.add_def(&TYPE, s, || {
            Text::same(format!("{} ({kind})", type_name(kind)))
        });
        self.add_def(&RESERVED, s, || {
            Text::same(format!("{:#04x}", RESERVED.read(b)))
        });
        // RFC 7761 §4.9: over the whole message; a Register's over its 8-byte header only (one
        // summed whole is accepted too).
        let ok = (!self.unknown_in(s, s.saturating_add(b.len()))).then(|| {
            checksum::verifies(b)
                || kind == 1
                    && b.get(..head::LEN + layout::pim::register::LEN)
                        .is_some_and(checksum::verifies)
        });
        self.add_def(&CHECKSUM, s, || verdict_text(stored, ok));
        if version == 2 && b.len() > head::LEN {
            let body = s.saturating_add(head::LEN);
            self.open(
                "pim.option",
                ("PIM options", "PIM オプション"),
                Span::new(body, end),
                || Text::same(""),
            );
            let _ = match kind {
                0 => self.pim_hello(body, end),
                1 => self.pim_register(body, end),
                2 | 5 => self.pim_stop_or_assert(body, end, kind == 5),
                3 | 6 | 7 => self.pim_join_prune(body, end, kind != 7),
                _ => None,
            };
            self.close();
        }
        self.close();
    }

    /// An encoded address at `at`; returns where it ends, or `None` when it is cut short or not
    /// IPv4 in the native encoding.
    fn pim_address(
        &mut self,
        at: usize,
        end: usize,
        kind: Encoded,
        id: &'static str,
    ) -> Option<usize> {
        let b = self.bytes.get(at..end)?.get(..kind.size())?;
        if encoded::FAMILY.read(b) != 1 || encoded::ENCODING.read(b) != 0 {
            return None;
        }
        // The address is the encoding's last 4 bytes.
        let a = kind.size().saturating_sub(4);
        let addr = crate::codec::ipv4_at(b, a);
        let label = match kind {
            Encoded::Unicast => ("Encoded unicast address", "符号化ユニキャストアドレス"),
            Encoded::Group => ("Encoded group address", "符号化グループアドレス"),
            Encoded::Source => ("Encoded source address", "符号化送信元アドレス"),
        };
        self.open(id, label, Span::rel(at, 0, kind.size()), || {
            Text::same(addr.to_string())
        });
        self.add_def(&encoded::FAMILY, at, || Text::same("IPv4 (1)"));
        self.add_def(&encoded::ENCODING, at, || Text::same("Native (0)"));
        let addr_id = match kind {
            Encoded::Unicast => "pim.unicast",
            Encoded::Group => "pim.group",
            Encoded::Source => "pim.source",
        };
        if kind != Encoded::Unicast {
            let (flags, bits) = if kind == Encoded::Group {
                (&encoded::GROUP_FLAGS, &encoded::GROUP_FLAG_BITS[..])
            } else {
                (&encoded::SOURCE_FLAGS, &encoded::SOURCE_FLAG_BITS[..])
            };
            self.add_def(flags, at, || Text::same(format!("{:#04x}", flags.read(b))));
            self.add_flag_defs(bits, at, b);
            self.add_def(&encoded::MASK_LEN, at, || {
                Text::same(encoded::MASK_LEN.read(b).to_string())
            });
        }
        self.add(
            addr_id,
            ("Address", "アドレス"),
            Span::rel(at, a, kind.size()),
            || Text::same(addr.to_string()),
        );
        self.close();
        Some(at.saturating_add(kind.size()))
    }

    fn pim_hello(&mut self, mut at: usize, end: usize) -> Option<()> {
        use layout::pim::hello::*;
        while at < end {
            let head = self.bytes.get(at..end)?.get(..HEAD_LEN)?;
            let (otype, olen) = (
                OPTION_TYPE.read16(head),
                usize::from(OPTION_LENGTH.read16(head)),
            );
            self.add_def(&OPTION_TYPE, at, || Text::same(otype.to_string()));
            self.add_def(&OPTION_LENGTH, at, || Text::same(olen.to_string()));
            let v_at = at.saturating_add(HEAD_LEN);
            let v = self.bytes.get(v_at..end)?.get(..olen)?;
            match (otype, olen) {
                (1, 2) => {
                    let t = HOLDTIME.read(v);
                    self.add_def(&HOLDTIME, v_at, || {
                        Text::same(format!("{t} s ({})", timecode::relts(t)))
                    });
                }
                (19, 4) => {
                    self.add_def(&DR_PRIORITY, v_at, || {
                        Text::same(DR_PRIORITY.read(v).to_string())
                    });
                }
                (20, 4) => {
                    let g = GENERATION_ID.read(v);
                    self.add_def(&GENERATION_ID, v_at, || Text::same(format!("{g:#010x}")));
                }
                (2, 4) => {
                    self.add_def(&T, v_at, || Text::same(T.read(v).to_string()));
                    self.add_def(&PROPAGATION_DELAY, v_at, || {
                        Text::same(format!("{} ms", PROPAGATION_DELAY.read(v)))
                    });
                    self.add_def(&OVERRIDE_INTERVAL, v_at, || {
                        Text::same(format!("{} ms", OVERRIDE_INTERVAL.read(v)))
                    });
                }
                _ => {}
            }
            at = v_at.saturating_add(olen);
        }
        Some(())
    }

    fn pim_register(&mut self, at: usize, end: usize) -> Option<()> {
        use layout::pim::register::*;
        let h = self.bytes.get(at..end)?;
        let flags = FLAGS.read(h.get(..LEN)?);
        self.add_def(&FLAGS, at, || Text::same(format!("{flags:#010x}")));
        self.add_flag_defs(&[&BORDER, &NULL_REGISTER], at, h);
        let inner = at.saturating_add(LEN);
        h.get(IP_VERSION.start())?;
        let version = IP_VERSION.read(h);
        self.add_def(&IP_VERSION, at, || Text::same(version.to_string()));
        if version == 4 {
            // RFC 7761 §4.9.3: the data packet the DR encapsulates, dissected as any IPv4 packet.
            self.inside_ipv4(inner, end);
        }
        Some(())
    }

    fn pim_stop_or_assert(&mut self, at: usize, end: usize, assert: bool) -> Option<()> {
        let at = self.pim_address(at, end, Encoded::Group, "pim.group")?;
        let at = self.pim_address(at, end, Encoded::Unicast, "pim.source")?;
        if assert {
            use layout::pim::assert::*;
            let m = self.bytes.get(at..end)?.get(..LEN)?;
            self.add_def(&RPT, at, || Text::same(RPT.read(m).to_string()));
            self.add_def(&METRIC_PREF, at, || {
                Text::same(METRIC_PREF.read(m).to_string())
            });
            self.add_def(&METRIC, at, || Text::same(METRIC.read(m).to_string()));
        }
        Some(())
    }

    fn pim_join_prune(&mut self, mut at: usize, end: usize, upstream: bool) -> Option<()> {
        if upstream {
            at = self.pim_address(at, end, Encoded::Unicast, "pim.upstream_neighbor")?;
        }
        use layout::pim::join_prune::*;
        let h = self.bytes.get(at..end)?.get(..LEN)?;
        let (groups, hold) = (NUMGROUPS.read(h), HOLDTIME.read(h));
        self.add_def(&RESERVED, at, || {
            Text::same(format!("{:#04x}", RESERVED.read(h)))
        });
        self.add_def(&NUMGROUPS, at, || Text::same(groups.to_string()));
        self.add_def(&HOLDTIME, at, || {
            Text::same(format!("{hold} s ({})", timecode::relts(hold)))
        });
        at = at.saturating_add(LEN);
        for _ in 0..groups {
            self.open(
                "pim.group_set",
                ("Group", "グループ"),
                Span::new(at, end),
                || Text::same(""),
            );
            let done = (|| -> Option<usize> {
                let mut at = self.pim_address(at, end, Encoded::Group, "pim.group")?;
                let c = self.bytes.get(at..end)?.get(..COUNTS_LEN)?;
                let (joins, prunes) = (NUMJOINS.read(c), NUMPRUNES.read(c));
                let counts_at = at;
                self.add_def(&NUMJOINS, at, || Text::same(joins.to_string()));
                at = at.saturating_add(COUNTS_LEN);
                for _ in 0..joins {
                    at = self.pim_address(at, end, Encoded::Source, "pim.join_ip")?;
                }
                self.add_def(&NUMPRUNES, counts_at, || Text::same(prunes.to_string()));
                for _ in 0..prunes {
                    at = self.pim_address(at, end, Encoded::Source, "pim.prune_ip")?;
                }
                Some(at)
            })();
            self.close();
            // Each group set's span runs to the message's end, as tshark gives it (its subtree
            // is opened with length -1): the next set starts inside it.
            let next = done?;
            at = next;
        }
        Some(())
    }
}
