//! The Builder screen: pick a message, edit any field (auto fields say why), see the frame's
//! hex, field tree and diagnostics live, and send, collect, export or share it.

use crate::sorted_map::SortedSet;
use std::net::Ipv4Addr;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::frame_detail::{diagnostics, field_tree, hex_pane};
use super::{download, target, testids};
use crate::codec::{self, Lang, LinkType};
use crate::import::{capture, export, CapturedFrame};
use crate::model::builder::{self as model, Intent};
use crate::model::i18n::t;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub on_open: Callback<Vec<u8>>,
    /// A frame spec (JSON) from a share link.
    #[prop_or_default]
    pub shared: Option<String>,
}

/// What the Builder was showing, kept while its tab is closed (and in localStorage across
/// reloads): (message kind, spec, list).
#[derive(serde::Serialize, serde::Deserialize)]
struct Memory {
    kind: String,
    spec: codec::FrameSpec,
    list: Vec<Vec<u8>>,
}

thread_local! {
    static MEMORY: std::cell::RefCell<Option<Memory>> = const { std::cell::RefCell::new(None) };
}

/// What the Builder kept in localStorage, if it reads.
fn saved_memory() -> Option<Memory> {
    super::saved(super::BUILDER_KEY).and_then(|json| serde_json::from_str::<Memory>(&json).ok())
}

fn remembered() -> Memory {
    MEMORY
        .with(|m| m.borrow_mut().take())
        .or_else(saved_memory)
        .unwrap_or_else(|| Memory {
            kind: "v2-report".into(),
            spec: model::preset("v2-report").unwrap_or_else(|| {
                codec::FrameSpec::ethernet(codec::spec::IgmpSpec::Raw {
                    msg_type: 0x16,
                    code: 0,
                    checksum: codec::Derived::Auto,
                    body: vec![0; 4],
                })
            }),
            list: vec![],
        })
}

/// The frame the Builder holds now (shown or last shown), for a lesson's build exercise.
pub(crate) fn builder_frame() -> Option<Vec<u8>> {
    MEMORY
        .with(|m| m.borrow().as_ref().map(|m| m.spec.clone()))
        .or_else(|| saved_memory().map(|m| m.spec))
        .map(|spec| codec::emit(&spec))
}

#[component]
pub fn BuilderView(props: &Props) -> Html {
    let l = props.lang;
    let memory = use_memo((), |_| std::cell::RefCell::new(Some(remembered())));
    let initial = memory.borrow_mut().take();
    let (init_kind, init_spec, init_list) = match initial {
        Some(m) => (Some(m.kind), Some(m.spec), Some(m.list)),
        None => (None, None, None),
    };
    let kind = use_state(move || init_kind.unwrap_or_else(|| "v2-report".into()));
    let spec = use_state(move || init_spec.unwrap_or_else(|| remembered().spec));
    let error = use_state(|| None::<String>);
    // A field whose text was not taken, and why: shown beside that field, in the page's language.
    let field_error = use_state(|| None::<(String, model::SetError)>);
    // The note on a typed time that became another (model::typed_note), by field id.
    let typed = use_state(|| None::<(String, codec::Text)>);
    let list = use_state(move || init_list.unwrap_or_default());
    {
        // Remember the state for the next time the tab opens.
        let kind = (*kind).clone();
        let spec_now = (*spec).clone();
        let list_now = (*list).clone();
        use_effect_with(
            (kind.clone(), spec_now.clone(), list_now.len()),
            move |_| {
                let memory = Memory {
                    kind,
                    spec: spec_now,
                    list: list_now,
                };
                if let Ok(json) = serde_json::to_string(&memory) {
                    super::save(super::BUILDER_KEY, &json);
                }
                move || MEMORY.with(|m| *m.borrow_mut() = Some(memory))
            },
        );
    }
    let selected = use_state_eq(|| None::<usize>);
    let hover = use_state_eq(|| None::<usize>);
    let hex_cursor = use_state_eq(|| None::<usize>);
    let set_hover = {
        let hover = hover.clone();
        Callback::from(move |field: Option<usize>| hover.set(field))
    };
    let collapsed = use_state(SortedSet::<usize>::new);
    let intent = use_state(|| "join-any".to_string());
    let intent_group = use_state(|| "224.10.10.10".to_string());
    let intent_sources = use_state(String::new);
    let share_note = use_state(|| None::<String>);
    // What the last copy did, read out by screen readers (a translation key).
    let copy_status = use_state_eq(|| None::<&'static str>);

    {
        let spec = spec.clone();
        let kind = kind.clone();
        let error = error.clone();
        use_effect_with(props.shared.clone(), move |shared| {
            if let Some(text) = shared {
                match serde_json::from_str::<codec::FrameSpec>(text) {
                    Ok(s) => {
                        spec.set(s);
                        kind.set("shared".into());
                    }
                    Err(e) => error.set(Some(format!("share link: {e}"))),
                }
            }
        });
    }

    let bytes = codec::emit(&spec);
    let dissection = codec::dissect(LinkType::Ethernet, &bytes);

    let on_kind = {
        let spec = spec.clone();
        let kind = kind.clone();
        let error = error.clone();
        let typed = typed.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = target::<HtmlSelectElement>(&e) else {
                return;
            };
            if let Some(p) = model::preset(&sel.value()) {
                spec.set(p);
                error.set(None);
                typed.set(None);
            }
            kind.set(sel.value());
        })
    };
    let edit = |id: String| {
        let spec = spec.clone();
        let error = error.clone();
        let field_error = field_error.clone();
        let typed = typed.clone();
        Callback::from(move |e: Event| {
            let Some(input) = target::<HtmlInputElement>(&e) else {
                return;
            };
            let mut next = (*spec).clone();
            match model::set(&mut next, &id, &input.value()) {
                Ok(()) => {
                    // The shown value (28.8 for a typed 30) changes nothing when it comes back
                    // on a blur or a language switch: the note about what was typed stays.
                    if next != *spec {
                        typed.set(
                            model::typed_note(&spec, &id, &input.value()).map(|n| (id.clone(), n)),
                        );
                    }
                    spec.set(next);
                    error.set(None);
                    field_error.set(None);
                }
                Err(why) => field_error.set(Some((id.clone(), why))),
            }
        })
    };
    let restore = |id: String| {
        let spec = spec.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*spec).clone();
            model::set_auto(&mut next, &id);
            spec.set(next);
        })
    };
    let rows = model::fields(&spec).into_iter().map(|f| {
        let auto = f.auto.is_some();
        let bad = field_error.as_ref().filter(|(id, _)| *id == f.id).map(|(_, why)| why.text());
        let error_id = format!("berr-{}", f.id);
        html! {
            <div class={classes!("bfield", auto.then_some("auto"))}>
                <label for={format!("b-{}", f.id)}>{ f.label.get(l).to_string() }</label>
                <input id={format!("b-{}", f.id)} data-testid={testids::BUILDER_FIELD} data-field={f.id.clone()} value={f.value.clone()} onchange={edit(f.id.clone())}
                    aria-invalid={bad.is_some().then_some("true")} aria-describedby={bad.is_some().then(|| error_id.clone())} />
                if let Some(why) = &bad {
                    <span class="note bad" id={error_id.clone()} data-testid={testids::BUILDER_FIELD_ERROR} data-field={f.id.clone()} role="alert">{ why.get(l).to_string() }</span>
                }
                if let Some(r) = &f.auto {
                    <span class="auto-tag" title={r.get(l).to_string()}>{ t(l, "builder.auto") }{ ": " }{ r.get(l).to_string() }</span>
                } else if f.derivable {
                    <button class="use-auto" onclick={restore(f.id.clone())}>{ t(l, "builder.use_auto") }</button>
                }
                if let Some((_, n)) = typed.as_ref().filter(|(id, _)| *id == f.id) {
                    <span class="note typed-note" data-testid={testids::BUILDER_TYPED_NOTE} role="status">{ n.get(l).to_string() }</span>
                } else if let Some(n) = &f.note {
                    <span class="note">{ n.get(l).to_string() }</span>
                }
            </div>
        }
    });

    // IGMPv3 report records.
    let records = match &spec.igmp {
        codec::spec::IgmpSpec::V3Report { records, .. } => Some(records.clone()),
        _ => None,
    };
    let record_rows = records.clone().unwrap_or_default().into_iter().enumerate().map(|(i, r)| {
        let set_rec = |what: &'static str| {
            let spec = spec.clone();
            let error = error.clone();
            Callback::from(move |e: Event| {
                let value = target::<HtmlInputElement>(&e).map(|x| x.value()).or_else(|| target::<HtmlSelectElement>(&e).map(|x| x.value())).unwrap_or_default();
                let mut next = (*spec).clone();
                match model::set_record(&mut next, i, what, &value) {
                    Ok(()) => {
                        spec.set(next);
                        error.set(None);
                    }
                    Err(why) => error.set(Some(format!("{} {}: {}", t(l, "builder.record"), i + 1, why.text().get(l)))),
                }
            })
        };
        let remove = {
            let spec = spec.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*spec).clone();
                let mut left = 0;
                if let Some(rs) = model::records_mut(&mut next) {
                    if i < rs.len() {
                        rs.remove(i);
                    }
                    left = rs.len();
                }
                spec.set(next);
                // The focus goes to the record that took this one's place, or the one before,
                // or "Add record" (#29).
                super::focus_later(if i < left {
                    format!(".record[data-record=\"{i}\"] button")
                } else if left > 0 {
                    format!(".record[data-record=\"{}\"] button", left - 1)
                } else {
                    "[data-testid=builder-intent-add]".to_string()
                });
            })
        };
        let types = (1..=6u8).map(|k| {
            let name = codec::frame::record_type_name(k).map(|x| x.0).unwrap_or("?");
            html! { <option value={k.to_string()} selected={r.record_type == k}>{ format!("{k} {name}") }</option> }
        });
        // "Record 2: Sources" for a screen reader (the headings are above the first row).
        let name = |key: &str| format!("{} {}: {}", t(l, "builder.rec"), i + 1, t(l, key));
        html! {
            <div class="record" data-record={i.to_string()}>
                <select data-testid="builder-record-type" onchange={set_rec("type")} aria-label={name("builder.rec.type")}>{ for types }</select>
                <input data-testid="builder-record-group" value={r.group.to_string()} onchange={set_rec("group")} aria-label={name("builder.rec.group")} />
                <input data-testid="builder-record-sources" placeholder={t(l, "builder.sources").to_string()} value={r.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")} onchange={set_rec("sources")} aria-label={name("builder.rec.sources")} />
                <input placeholder={t(l, "builder.aux").to_string()} value={export::hex_stream(&r.aux)} onchange={set_rec("aux")} aria-label={name("builder.rec.aux")} />
                <button onclick={remove} aria-label={name("builder.rec.remove")}>{ "✕" }</button>
            </div>
        }
    });
    let on_intent = {
        let intent = intent.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = target::<HtmlSelectElement>(&e) {
                intent.set(s.value());
            }
        })
    };
    let text_state = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = target::<HtmlInputElement>(&e) {
                h.set(i.value());
            }
        })
    };
    let on_add_intent = {
        let spec = spec.clone();
        let error = error.clone();
        let intent = intent.clone();
        let g = intent_group.clone();
        let srcs = intent_sources.clone();
        Callback::from(move |_: MouseEvent| {
            let Ok(group) = g.trim().parse::<Ipv4Addr>() else {
                error.set(Some(format!("{:?} is not a group address", g.trim())));
                return;
            };
            let sources: Result<Vec<Ipv4Addr>, _> = srcs
                .split([',', ' '])
                .filter(|x| !x.trim().is_empty())
                .map(|x| x.trim().parse::<Ipv4Addr>())
                .collect();
            let Ok(sources) = sources else {
                error.set(Some(
                    "sources: a comma-separated list of IPv4 addresses".into(),
                ));
                return;
            };
            let Some(it) = Intent::from_name(&intent) else {
                return;
            };
            let mut next = (*spec).clone();
            if let Some(rs) = model::records_mut(&mut next) {
                rs.push(it.record(group, sources));
            }
            spec.set(next);
            error.set(None);
        })
    };

    let hex = export::hex_stream(&bytes);
    // Too big for one Ethernet frame: what a host or router would send instead.
    let size_note = dissection
        .fields
        .iter()
        .find(|f| f.id == "ip")
        .and_then(|ip| {
            model::size_note(
                dissection.info.kind,
                bytes.len().saturating_sub(ip.span.start),
            )
        });
    let on_send = {
        let on_open = props.on_open.clone();
        let bytes = bytes.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(bytes.clone()))
    };
    let on_add = {
        let list = list.clone();
        let bytes = bytes.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*list).clone();
            next.push(bytes.clone());
            list.set(next);
        })
    };
    let on_export = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| {
            let frames: Vec<CapturedFrame> = list
                .iter()
                .enumerate()
                .map(|(i, b)| CapturedFrame {
                    link: LinkType::Ethernet,
                    ts_sec: i as i64,
                    ts_nsec: 0,
                    orig_len: b.len() as u32,
                    bytes: b.clone(),
                    comment: None,
                    interface: 0,
                })
                .collect();
            download(
                "igmp-frames.pcap",
                &capture::write_pcap(&frames),
                "application/vnd.tcpdump.pcap",
            );
        })
    };
    let on_copy = {
        let hex = hex.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |_: MouseEvent| {
            super::copy_text(&hex, "copy.copied", &copy_status);
        })
    };
    let on_share = {
        let spec = spec.clone();
        let share_note = share_note.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |_: MouseEvent| {
            let json = serde_json::to_string(&*spec).unwrap_or_default();
            let fragment = format!("#spec={}", crate::model::share::pack(json.as_bytes()));
            if let Some(w) = web_sys::window() {
                super::set_fragment(&fragment);
                let link = w.location().href().ok();
                if let Some(link) = &link {
                    super::copy_text(link, "copy.link_copied", &copy_status);
                }
                share_note.set(link);
            }
        })
    };
    let presets = model::MESSAGES.iter().map(|(v, en, ja)| {
        html! { <option value={*v} selected={*kind == *v}>{ if l == Lang::Ja { *ja } else { *en } }</option> }
    });

    html! {
        <div class="builder" data-testid={testids::BUILDER}>
            <section class="panel">
                <label>{ t(l, "builder.message") }{ " " }
                    <select data-testid={testids::BUILDER_MESSAGE} onchange={on_kind}>
                        { for presets }
                        if *kind == "shared" { <option value="shared" selected=true>{ t(l, "builder.shared") }</option> }
                    </select>
                </label>
                <span class="muted">{ " " }{ t(l, "builder.hint") }</span>
                if let Some(e) = &*error {
                    <p class="bad" data-testid="builder-error">{ e.clone() }</p>
                }
            </section>
            <div class="builder-grid">
                <section class="panel bfields">{ for rows }
                    if records.is_some() {
                        <h2 class="h3">{ t(l, "builder.records") }</h2>
                        if records.as_ref().is_some_and(|r| !r.is_empty()) {
                            <div class="record head" aria-hidden="true" data-testid="builder-record-head">
                                <span>{ t(l, "builder.rec.type") }</span>
                                <span>{ t(l, "builder.rec.group") }</span>
                                <span>{ t(l, "builder.rec.sources") }</span>
                                <span>{ t(l, "builder.rec.aux") }</span>
                                <span></span>
                            </div>
                        }
                        { for record_rows }
                        <div class="intent">
                            <select data-testid="builder-intent" onchange={on_intent} aria-label={t(l, "builder.intent").to_string()}>
                                <option value="join-any" selected={*intent == "join-any"}>{ t(l, "builder.intent.join_any") }</option>
                                <option value="join-from" selected={*intent == "join-from"}>{ t(l, "builder.intent.join_from") }</option>
                                <option value="leave" selected={*intent == "leave"}>{ t(l, "builder.intent.leave") }</option>
                                <option value="block" selected={*intent == "block"}>{ t(l, "builder.intent.block") }</option>
                            </select>
                            <input data-testid="builder-intent-group" value={(*intent_group).clone()} oninput={text_state(&intent_group)} aria-label={t(l, "mac.group").to_string()} />
                            <input data-testid="builder-intent-sources" aria-label={t(l, "builder.sources").to_string()} placeholder={t(l, "builder.sources").to_string()} value={(*intent_sources).clone()} oninput={text_state(&intent_sources)} />
                            <button data-testid="builder-intent-add" onclick={on_add_intent}>{ t(l, "builder.add_record") }</button>
                        </div>
                    }
                </section>
                <section class="panel">
                    <h2 class="h3">{ t(l, "builder.hex") }</h2>
                    <code class="hexstream" data-testid={testids::BUILDER_HEX}>{ hex.clone() }</code>
                    if let Some(n) = &size_note {
                        <p class="note warn" data-testid={testids::BUILDER_SIZE_NOTE} role="status">{ n.get(l).to_string() }</p>
                    }
                    <div class="input-row">
                        <button onclick={on_send} data-testid="builder-send">{ t(l, "builder.send") }</button>
                        <button onclick={on_add} data-testid="builder-add">{ t(l, "builder.add") }</button>
                        <button onclick={on_export} disabled={list.is_empty()}>{ format!("{} ({})", t(l, "builder.export"), list.len()) }</button>
                        <button onclick={on_copy}>{ t(l, "builder.copy") }</button>
                        <button onclick={on_share}>{ t(l, "scen.share") }</button>
                    </div>
                    <p class="copy-status" role="status" aria-live="polite" data-testid={testids::COPY_STATUS}>{ copy_status.map(|k| t(l, k)).unwrap_or_default() }</p>
                    if let Some(link) = &*share_note { <p class="muted share-link">{ link.clone() }</p> }
                    { diagnostics(&dissection, l) }
                    <div class="detail">
                        { field_tree(&dissection, l, &selected, &set_hover, &collapsed) }
                        { hex_pane(&dissection, &bytes, l, hover.or(*selected), &hex_cursor, &selected, &set_hover) }
                    </div>
                </section>
            </div>
        </div>
    }
}
