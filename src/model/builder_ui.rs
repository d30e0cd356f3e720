//! The Builder screen's state, and what each of its controls does to it (#29, #31): the message
//! chosen, the frame's spec, the frames collected for a pcap, what was refused and why, and the
//! IGMPv3 record form. The UI keeps it in a reducer (held by the app, so that it outlives the
//! tab) and forwards events as [`Action`]s; tested natively in `tests/builder_ui.rs`.

use std::net::Ipv4Addr;

use crate::codec::mld_spec::{self, MldFrameSpec};
use crate::codec::{self, FrameSpec, Lang, Text};
use crate::model::builder::{self as model, Intent, SetError};
use crate::model::builder_mld;
use crate::model::builder_mld::Edits;
use crate::model::i18n::t;

/// The message the Builder opens with.
pub const FIRST: &str = "v2-report";

/// What the Builder could not do, said in both languages.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A share link's spec does not read (serde's message names the place).
    Shared(String),
    /// A record's field (record number from 1) was not taken.
    Record(usize, SetError),
    /// The record form's group is not an IPv4 address.
    IntentGroup(String),
    /// The record form's sources are not a list of IPv4 addresses.
    IntentSources(String),
    /// The record form's group or sources are not taken (an MLDv2 report's: IPv6).
    Intent(SetError),
}

impl Problem {
    pub fn text(&self) -> Text {
        let both = |f: &dyn Fn(Lang) -> String| Text::new(f(Lang::En), f(Lang::Ja));
        match self {
            Problem::Shared(why) => both(&|l| format!("{} {why}", t(l, "builder.shared_bad"))),
            Problem::Record(n, why) => {
                let why = why.text();
                both(&|l| format!("{} {n}: {}", t(l, "builder.record"), why.get(l)))
            }
            Problem::IntentGroup(text) => {
                both(&|l| format!("{text:?} {}", t(l, "builder.not_group")))
            }
            Problem::IntentSources(text) => {
                both(&|l| format!("{text:?} {}", t(l, "builder.not_sources")))
            }
            Problem::Intent(why) => why.text(),
        }
    }
}

/// A group record as its row in the form shows it (an IGMPv3 or an MLDv2 report's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRow {
    pub record_type: u8,
    pub group: String,
    /// Separated by ", ".
    pub sources: String,
    /// In hex.
    pub aux: String,
}

/// What the Builder keeps across reloads: (message, spec, collected frames).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Memory {
    pub kind: String,
    pub spec: FrameSpec,
    pub list: Vec<Vec<u8>>,
    /// The MLD frame, when the message is one (#30): its preset and the fields typed
    /// (`builder_mld::Edits::text`).
    #[serde(default)]
    pub mld: Option<String>,
}

impl Memory {
    /// The Builder's memory from its JSON (localStorage), read by hand as [`FrameSpec::read`]
    /// is (#30's room).
    pub fn read(json: &str) -> Result<Memory, crate::json::JsonError> {
        crate::json::read(json, |v| {
            Ok(Memory {
                kind: v.field("kind")?.string()?,
                spec: FrameSpec::read(v.field("spec")?)?,
                list: v.field("list")?.list_of(FrameSpec::read_bytes)?,
                mld: v.opt("mld", crate::json::Value::string)?,
            })
        })
    }
}

/// The screen's state.
#[derive(Clone, Debug, PartialEq)]
pub struct BuilderUi {
    /// The message picker's value: a preset's name, or "shared".
    pub kind: String,
    pub spec: FrameSpec,
    /// The MLD frame shown instead of `spec` when an MLD message is picked (#30): its preset
    /// and the fields typed since.
    pub mld: Option<Edits>,
    /// Frames collected for "Export as pcap".
    pub list: Vec<Vec<u8>>,
    pub problem: Option<Problem>,
    /// A field whose text was not taken, and why: shown beside that field.
    pub field_error: Option<(String, SetError)>,
    /// The text that was not taken, by input ([`BuilderUi::shown`]'s key): it stays in its box,
    /// beside the reason, until it is mended or another message is picked.
    pub refused: Option<(String, String)>,
    /// The note on a typed value that became another (`model::typed_note`), by field id.
    pub typed: Option<(String, Text)>,
    /// The record form: intent, group and sources as typed.
    pub intent: String,
    pub intent_group: String,
    pub intent_sources: String,
}

/// What the user does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A preset picked by name.
    Message(String),
    /// A field's text (by field id).
    Set {
        id: String,
        text: String,
    },
    /// A field back to its derived value.
    Auto(String),
    /// A record's field: `type`, `group`, `sources` or `aux`.
    SetRecord {
        index: usize,
        what: &'static str,
        text: String,
    },
    RemoveRecord(usize),
    Intent(String),
    IntentGroup(String),
    IntentSources(String),
    /// Adds the record the form describes.
    AddIntent,
    /// Adds the frame to the list for the pcap.
    Collect,
}

impl Default for BuilderUi {
    fn default() -> Self {
        BuilderUi::from_memory(None)
    }
}

impl BuilderUi {
    /// The Builder as a reload left it, or the first preset.
    pub fn from_memory(memory: Option<Memory>) -> BuilderUi {
        let memory = memory.unwrap_or_else(|| Memory {
            kind: FIRST.into(),
            spec: model::preset(FIRST).unwrap_or_else(|| {
                FrameSpec::ethernet(codec::spec::IgmpSpec::Raw {
                    msg_type: 0x16,
                    code: 0,
                    checksum: codec::Derived::Auto,
                    body: vec![0; 4],
                })
            }),
            list: vec![],
            mld: None,
        });
        BuilderUi {
            kind: memory.kind,
            spec: memory.spec,
            mld: memory.mld.as_deref().and_then(Edits::from_text),
            list: memory.list,
            problem: None,
            field_error: None,
            refused: None,
            typed: None,
            intent: "join-any".into(),
            intent_group: "224.10.10.10".into(),
            intent_sources: String::new(),
        }
    }

    /// Opens a share link's spec (JSON): shown as "shared", or the reason it does not read.
    /// An MLD frame's link holds `{"mld": "PRESET\nID=TEXT…"}` (`builder_mld::Edits::text`).
    pub fn open_shared(&mut self, json: &str) {
        let read = crate::json::read(json, |v| {
            match v.opt("mld", crate::json::Value::string)? {
                Some(text) => Edits::from_text(&text)
                    .map(|e| (None, Some(e)))
                    .ok_or_else(|| {
                        crate::json::Wrong::new(
                            v,
                            crate::json::Problem::WrongType("mld: not an MLD message".into()),
                        )
                    }),
                None => FrameSpec::read(v).map(|s| (Some(s), None)),
            }
        });
        match read {
            Ok((spec, mld)) => {
                if let Some(spec) = spec {
                    self.spec = spec;
                }
                self.mld = mld;
                self.kind = "shared".into();
                self.clear_notes();
            }
            Err(e) => self.problem = Some(Problem::Shared(e.to_string())),
        }
    }

    /// The spec as JSON, for a share link.
    pub fn spec_json(&self) -> String {
        match &self.mld {
            Some(mld) => {
                #[derive(serde::Serialize)]
                struct SharedMld {
                    mld: String,
                }
                serde_json::to_string(&SharedMld { mld: mld.text() })
            }
            None => serde_json::to_string(&self.spec),
        }
        .unwrap_or_default()
    }

    /// The form's fields: the MLD frame's or the IGMP frame's.
    pub fn fields(&self) -> Vec<model::EditField> {
        match self.mld_spec() {
            Some(m) => builder_mld::fields(&m),
            None => model::fields(&self.spec),
        }
    }

    /// The MLD frame, when the message is one.
    pub fn mld_spec(&self) -> Option<MldFrameSpec> {
        self.mld.as_ref().and_then(Edits::spec)
    }

    pub fn memory(&self) -> Memory {
        Memory {
            kind: self.kind.clone(),
            spec: self.spec.clone(),
            list: self.list.clone(),
            mld: self.mld.as_ref().map(Edits::text),
        }
    }

    /// The frame's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        match self.mld_spec() {
            Some(m) => mld_spec::emit(&m),
            None => codec::emit(&self.spec),
        }
    }

    /// The IGMPv3 or MLDv2 report's records as their rows show them, if the message is one.
    pub fn records(&self) -> Option<Vec<RecordRow>> {
        fn rows<A: std::fmt::Display>(records: &[codec::spec::RecordSpec<A>]) -> Vec<RecordRow> {
            records
                .iter()
                .map(|r| RecordRow {
                    record_type: r.record_type,
                    group: r.group.to_string(),
                    sources: r
                        .sources
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    aux: crate::import::export::hex_stream(&r.aux),
                })
                .collect()
        }
        if let Some(m) = &self.mld {
            return m.records().map(|r| rows(&r));
        }
        match &self.spec.igmp {
            codec::spec::IgmpSpec::V3Report { records, .. } => Some(rows(records)),
            _ => None,
        }
    }

    fn clear_notes(&mut self) {
        self.problem = None;
        self.field_error = None;
        self.typed = None;
    }

    /// Drops what was refused in the field `id` (its value is being replaced).
    fn forget(&mut self, id: &str) {
        if self.field_error.as_ref().is_some_and(|(k, _)| k == id) {
            self.field_error = None;
        }
    }

    /// The key of a record's input (`what` as in [`Action::SetRecord`]), for [`Self::shown`].
    pub fn record_key(index: usize, what: &str) -> String {
        format!("record.{index}.{what}")
    }

    /// What the input `key` (a field's id, or a [`Self::record_key`]) shows: the text that was
    /// refused there, or else `value`, the frame's.
    pub fn shown<'a>(&'a self, key: &str, value: &'a str) -> &'a str {
        match &self.refused {
            Some((k, text)) if k == key => text,
            _ => value,
        }
    }

    pub fn apply(&mut self, action: Action) {
        self.apply_one(action);
        // A refused text is shown only beside its reason: once the reason is gone (mended,
        // another problem, another message), the box shows the frame's value again.
        let reason = match (&self.refused, &self.problem, &self.field_error) {
            (Some((key, _)), Some(Problem::Record(n, _)), _) => {
                key.starts_with(&Self::record_key(n.saturating_sub(1), ""))
            }
            (Some((key, _)), _, Some((id, _))) => key == id,
            _ => false,
        };
        if !reason {
            self.refused = None;
        }
    }

    fn apply_one(&mut self, action: Action) {
        match action {
            // A name that is no preset ("shared" picked again) changes nothing.
            Action::Message(name) => {
                if let Some(p) = model::preset(&name) {
                    self.spec = p;
                    self.mld = None;
                    self.clear_notes();
                    self.kind = name;
                } else if mld_spec::preset(&name).is_some() {
                    self.mld = Some(Edits::new(&name));
                    self.clear_notes();
                    self.kind = name;
                }
            }
            Action::Set { id, text } => {
                let taken = match &mut self.mld {
                    Some(m) => m.apply(&id, Some(&text)),
                    None => {
                        let mut next = self.spec.clone();
                        model::set(&mut next, &id, &text).map(|()| {
                            // The shown value (28.8 for a typed 30) changes nothing when it
                            // comes back on a blur or a language switch: the note about what was
                            // typed stays.
                            if next != self.spec {
                                self.typed = model::typed_note(&self.spec, &id, &text)
                                    .map(|n| (id.clone(), n));
                            }
                            self.spec = next;
                        })
                    }
                };
                match taken {
                    Ok(()) => {
                        self.problem = None;
                        self.field_error = None;
                    }
                    Err(why) => {
                        self.refused = Some((id.clone(), text));
                        self.field_error = Some((id, why));
                    }
                }
            }
            Action::Auto(id) => {
                self.forget(&id);
                match &mut self.mld {
                    Some(m) => {
                        let _ = m.apply(&id, None);
                    }
                    None => model::set_auto(&mut self.spec, &id),
                }
            }
            Action::SetRecord { index, what, text } => {
                let taken = match &mut self.mld {
                    Some(m) => m.set_record(index, what, &text),
                    None => {
                        let mut next = self.spec.clone();
                        model::set_record(&mut next, index, what, &text).map(|()| self.spec = next)
                    }
                };
                self.problem = taken.err().map(|why| {
                    self.refused = Some((Self::record_key(index, what), text));
                    Problem::Record(index.saturating_add(1), why)
                });
            }
            Action::RemoveRecord(i) => {
                let removed = match &mut self.mld {
                    Some(m) => m.remove_record(i),
                    None => model::records_mut(&mut self.spec)
                        .filter(|rs| i < rs.len())
                        .map(|rs| rs.remove(i))
                        .is_some(),
                };
                // The records after it move up: a refused text would land in another's box.
                if removed && matches!(self.problem, Some(Problem::Record(..))) {
                    self.problem = None;
                }
            }
            Action::Intent(v) => self.intent = v,
            Action::IntentGroup(v) => self.intent_group = v,
            Action::IntentSources(v) => self.intent_sources = v,
            Action::AddIntent => self.add_intent(),
            Action::Collect => {
                let bytes = self.bytes();
                self.list.push(bytes);
            }
        }
    }

    fn add_intent(&mut self) {
        if let Some(m) = &mut self.mld {
            let Some(it) = Intent::from_name(&self.intent) else {
                return;
            };
            self.problem = m
                .add_intent(it, &self.intent_group, &self.intent_sources)
                .err()
                .map(Problem::Intent);
            return;
        }
        let g = crate::codec::width::ascii_twins(self.intent_group.trim());
        let Ok(group) = g.parse::<Ipv4Addr>() else {
            self.problem = Some(Problem::IntentGroup(self.intent_group.trim().to_string()));
            return;
        };
        let s = crate::codec::width::ascii_twins(&self.intent_sources);
        let sources: Result<Vec<Ipv4Addr>, _> = s
            .split([',', ' ', '、'])
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.trim().parse::<Ipv4Addr>())
            .collect();
        let Ok(sources) = sources else {
            self.problem = Some(Problem::IntentSources(
                self.intent_sources.trim().to_string(),
            ));
            return;
        };
        let Some(it) = Intent::from_name(&self.intent) else {
            return;
        };
        if let Some(rs) = model::records_mut(&mut self.spec) {
            rs.push(it.record(group, sources));
        }
        self.problem = None;
    }
}
