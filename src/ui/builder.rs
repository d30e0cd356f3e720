//! The Builder screen: pick a message, edit any field (auto fields say why), see the frame's
//! hex, field tree and diagnostics live, and send, collect, export or share it.

use crate::sorted_map::SortedSet;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::frame_detail::{diagnostics, field_tree, HexPane};
use super::{act, download, target, testids};
use crate::codec::{self, Lang, LinkType};
use crate::import::{capture, export, CapturedFrame};
use crate::model::builder as model;
use crate::model::builder_ui::{self, Action, BuilderUi};
use crate::model::i18n::t;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub on_open: Callback<Vec<u8>>,
    /// The Builder's state, held by the app so that it outlives the tab (the view is mounted
    /// only while shown, so that its field ids never double the Inspector's in the DOM).
    pub ui: Ui,
}

/// Hex digits of the frame shown (2 KB); Copy and the exports give all of it.
const HEX_SHOWN: usize = 4096;

/// The Builder's state in a reducer (`model::builder_ui`).
/// The screen's state in a reducer.
pub(crate) type Store = super::Reduced<BuilderUi>;

pub(crate) type Ui = UseReducerHandle<Store>;

/// The Builder as a reload left it (localStorage), with a share link's frame if one came.
pub(crate) fn initial(shared: Option<&str>) -> Store {
    let memory =
        super::saved(super::BUILDER_KEY).and_then(|json| builder_ui::Memory::read(&json).ok());
    let mut ui = BuilderUi::from_memory(memory);
    if let Some(json) = shared {
        ui.open_shared(json);
    }
    super::Reduced(ui)
}

#[component]
pub fn BuilderView(props: &Props) -> Html {
    let l = props.lang;
    let b = &props.ui.0;
    // Remember the state for the next reload.
    use_effect_with(b.memory(), |memory| {
        if let Ok(json) = serde_json::to_string(memory) {
            super::save(super::BUILDER_KEY, &json);
        }
    });
    let selected = use_state_eq(|| None::<usize>);
    let hover = use_state_eq(|| None::<usize>);
    let hex_cursor = use_state_eq(|| None::<usize>);
    let set_hover = {
        let hover = hover.clone();
        Callback::from(move |field: Option<usize>| hover.set(field))
    };
    let collapsed = use_state(SortedSet::<usize>::new);
    let share_note = use_state(|| None::<String>);
    // What the last copy did, read out by screen readers (a translation key).
    let copy_status = use_state_eq(|| None::<&'static str>);

    let bytes = b.bytes();
    let dissection = Rc::new(codec::dissect(LinkType::Ethernet, &bytes));

    let on_kind = act(&props.ui, |e: Event| {
        Action::Message(
            target::<HtmlSelectElement>(&e)
                .map(|s| s.value())
                .unwrap_or_default(),
        )
    });
    let drafts = super::use_drafts();
    let shown = |key: &str, value: &str| drafts.shown(key, b.shown(key, value));
    let edit = |id: String| {
        drafts.committed(act(&props.ui, move |e: Event| Action::Set {
            id: id.clone(),
            text: target::<HtmlInputElement>(&e)
                .map(|i| i.value())
                .unwrap_or_default(),
        }))
    };
    let restore = |id: String| act(&props.ui, move |_: MouseEvent| Action::Auto(id.clone()));
    let rows = b.fields().into_iter().map(|f| {
        let auto = f.auto.is_some();
        let bad = b.field_error.as_ref().filter(|(id, _)| *id == f.id).map(|(_, why)| why.text());
        let error_id = format!("berr-{}", f.id);
        html! {
            <div class={classes!("bfield", auto.then_some("auto"))}>
                <label for={format!("b-{}", f.id)}>{ f.label.get(l).to_string() }</label>
                <input id={format!("b-{}", f.id)} data-testid={testids::BUILDER_FIELD} data-field={f.id.clone()} value={shown(&f.id, &f.value)} oninput={drafts.typing(f.id.clone())} onchange={edit(f.id.clone())}
                    aria-invalid={bad.is_some().then_some("true")} aria-describedby={bad.is_some().then(|| error_id.clone())} />
                if let Some(why) = &bad {
                    <span class="note bad" id={error_id.clone()} data-testid={testids::BUILDER_FIELD_ERROR} data-field={f.id.clone()} role="alert">{ why.get(l).to_string() }</span>
                }
                if let Some(r) = &f.auto {
                    <span class="auto-tag" title={r.get(l).to_string()}>{ t(l, "builder.auto") }{ ": " }{ r.get(l).to_string() }</span>
                } else if f.derivable {
                    <button class="use-auto" onclick={restore(f.id.clone())}>{ t(l, "builder.use_auto") }</button>
                }
                if let Some((_, n)) = b.typed.as_ref().filter(|(id, _)| *id == f.id) {
                    <span class="note typed-note" data-testid={testids::BUILDER_TYPED_NOTE} role="status">{ n.get(l).to_string() }</span>
                } else if let Some(n) = &f.note {
                    <span class="note">{ n.get(l).to_string() }</span>
                }
            </div>
        }
    });

    // An IGMPv3 or MLDv2 report's records.
    let records = b.records();
    let count = records.as_ref().map_or(0, Vec::len);
    let record_rows = records.iter().flatten().enumerate().map(|(i, r)| {
        let set_rec = |what: &'static str| {
            drafts.committed(act(&props.ui, move |e: Event| {
                let text = target::<HtmlInputElement>(&e).map(|x| x.value()).or_else(|| target::<HtmlSelectElement>(&e).map(|x| x.value())).unwrap_or_default();
                Action::SetRecord { index: i, what, text }
            }))
        };
        let key = |what: &str| BuilderUi::record_key(i, what);
        let remove = {
            let ui = props.ui.clone();
            let left = count.saturating_sub(1);
            Callback::from(move |_: MouseEvent| {
                ui.dispatch(Action::RemoveRecord(i));
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
                <input data-testid="builder-record-group" value={shown(&key("group"), &r.group)} oninput={drafts.typing(key("group"))} onchange={set_rec("group")} aria-label={name("builder.rec.group")} />
                <input data-testid="builder-record-sources" placeholder={t(l, "builder.sources").to_string()} value={shown(&key("sources"), &r.sources)} oninput={drafts.typing(key("sources"))} onchange={set_rec("sources")} aria-label={name("builder.rec.sources")} />
                <input placeholder={t(l, "builder.aux").to_string()} value={shown(&key("aux"), &r.aux)} oninput={drafts.typing(key("aux"))} onchange={set_rec("aux")} aria-label={name("builder.rec.aux")} />
                <button onclick={remove} aria-label={name("builder.rec.remove")}>{ "✕" }</button>
            </div>
        }
    });
    let on_intent = act(&props.ui, |e: Event| {
        Action::Intent(
            target::<HtmlSelectElement>(&e)
                .map(|s| s.value())
                .unwrap_or_default(),
        )
    });
    let text_of = |f: fn(String) -> Action| {
        act(&props.ui, move |e: InputEvent| {
            f(target::<HtmlInputElement>(&e)
                .map(|i| i.value())
                .unwrap_or_default())
        })
    };
    // The record is made and drawn in a task of its own after the click's (#29: with 10 000
    // sources, making and drawing it in the click's task, which also lays out the page, made
    // that task 130-150 ms long).
    let on_add_intent = {
        let ui = props.ui.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let ui = ui.clone();
            super::later(0, move || ui.dispatch(Action::AddIntent)).forget();
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
    let on_add = act(&props.ui, |_: MouseEvent| Action::Collect);
    let on_export = {
        let list = b.list.clone();
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
                    unknown: Vec::new(),
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
        let json = b.spec_json();
        let share_note = share_note.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |_: MouseEvent| {
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
    let presets = model::MESSAGES.iter().chain(codec::mld_spec::MESSAGES).map(|(v, en, ja)| {
        html! { <option value={*v} selected={b.kind == *v}>{ if l == Lang::Ja { *ja } else { *en } }</option> }
    });

    html! {
        <div class="builder" data-testid={testids::BUILDER}>
            <section class="panel">
                <label>{ t(l, "builder.message") }{ " " }
                    <select data-testid={testids::BUILDER_MESSAGE} onchange={on_kind}>
                        { for presets }
                        if b.kind == "shared" { <option value="shared" selected=true>{ t(l, "builder.shared") }</option> }
                    </select>
                </label>
                <span class="muted">{ " " }{ t(l, "builder.hint") }</span>
                if let Some(p) = &b.problem {
                    <p class="bad" data-testid="builder-error" role="alert">{ p.text().get(l).to_string() }</p>
                }
            </section>
            <div class="builder-grid">
                <section class="panel bfields">{ for rows }
                    if records.is_some() {
                        <h2 class="h3">{ t(l, "builder.records") }</h2>
                        if count > 0 {
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
                                <option value="join-any" selected={b.intent == "join-any"}>{ t(l, "builder.intent.join_any") }</option>
                                <option value="join-from" selected={b.intent == "join-from"}>{ t(l, "builder.intent.join_from") }</option>
                                <option value="leave" selected={b.intent == "leave"}>{ t(l, "builder.intent.leave") }</option>
                                <option value="block" selected={b.intent == "block"}>{ t(l, "builder.intent.block") }</option>
                            </select>
                            <input data-testid="builder-intent-group" value={b.intent_group.clone()} oninput={text_of(Action::IntentGroup)} aria-label={t(l, "mac.group").to_string()} />
                            <input data-testid="builder-intent-sources" aria-label={t(l, "builder.sources").to_string()} placeholder={t(l, "builder.sources").to_string()} value={b.intent_sources.clone()} oninput={text_of(Action::IntentSources)} />
                            <button data-testid="builder-intent-add" onclick={on_add_intent}>{ t(l, "builder.add_record") }</button>
                        </div>
                    }
                </section>
                <section class="panel">
                    <h2 class="h3">{ t(l, "builder.hex") }</h2>
                    // The first 2 KB of a larger frame (laying out 80 000 digits held the page);
                    // Copy and the exports give all of it.
                    <code class="hexstream" data-testid={testids::BUILDER_HEX} data-bytes={bytes.len().to_string()}>{ hex.get(..HEX_SHOWN).unwrap_or(&hex) }</code>
                    if hex.len() > HEX_SHOWN {
                        <p class="muted" data-testid={testids::BUILDER_HEX_MORE}>{ format!("{} {}", bytes.len() - HEX_SHOWN / 2, t(l, "builder.hex_more")) }</p>
                    }
                    if let Some(n) = &size_note {
                        <p class="note warn" data-testid={testids::BUILDER_SIZE_NOTE} role="status">{ n.get(l).to_string() }</p>
                    }
                    <div class="input-row">
                        <button onclick={on_send} data-testid="builder-send">{ t(l, "builder.send") }</button>
                        <button onclick={on_add} data-testid="builder-add">{ t(l, "builder.add") }</button>
                        <button onclick={on_export} disabled={b.list.is_empty()}>{ format!("{} ({})", t(l, "builder.export"), b.list.len()) }</button>
                        <button onclick={on_copy}>{ t(l, "builder.copy") }</button>
                        <button onclick={on_share}>{ t(l, "scen.share") }</button>
                    </div>
                    <p class="copy-status" role="status" aria-live="polite" data-testid={testids::COPY_STATUS}>{ copy_status.map(|k| t(l, k)).unwrap_or_default() }</p>
                    if let Some(link) = &*share_note { <p class="muted share-link">{ link.clone() }</p> }
                    { diagnostics(&dissection, l) }
                    <div class="detail">
                        { field_tree(&dissection, l, &selected, &set_hover, &collapsed) }
                        <HexPane dissection={dissection.clone()} bytes={Rc::<[u8]>::from(bytes.as_slice())} lang={l} active={hover.or(*selected)} cursor={hex_cursor.clone()} selected={selected.clone()} on_hover={set_hover.clone()} />
                    </div>
                </section>
            </div>
        </div>
    }
}
