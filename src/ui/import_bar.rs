//! The import bar: the paste box, the file chooser, the samples, and what the import found (its
//! format, progress with Cancel, problems with their places, capture comments).

use crate::num::{Fixed, Short};
use yew::prelude::*;

use super::inspector::Store;
use super::testids;
use crate::codec::Lang;
use crate::import::{export, LinkChoice, Location};
use crate::model::i18n::t;
use crate::model::samples;

/// How far a load has come: frames summarised on the page, or bytes read by the worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Loading {
    Frames(usize, usize),
    Bytes(f64, f64),
}

impl Loading {
    pub(super) fn done(self) -> f64 {
        match self {
            Loading::Frames(n, _) => n as f64,
            Loading::Bytes(n, _) => n,
        }
    }
    pub(super) fn total(self) -> f64 {
        match self {
            Loading::Frames(_, n) => n as f64,
            Loading::Bytes(_, n) => n,
        }
    }
    pub(super) fn describe(self, frames: usize) -> String {
        match self {
            Loading::Frames(n, total) => format!("{n} / {total}"),
            Loading::Bytes(n, total) => {
                format!(
                    "{} / {} MB · {frames}",
                    Fixed(n / 1e6, 1),
                    Fixed(total / 1e6, 1)
                )
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportBarProps {
    pub lang: Lang,
    /// The Inspector's store (what was detected, problems, comments).
    pub store: UseReducerHandle<Store>,
    /// The text the app puts in the paste box, with its revision (a new revision writes it,
    /// even the same text again); what the user types is never written back.
    pub text: (u64, String),
    pub loading: Option<Loading>,
    /// The last load's time, and the import worker's own (for the benchmark).
    pub load_ms: Option<u64>,
    pub worker_ms: Option<u64>,
    pub oninput: Callback<InputEvent>,
    /// How the paste is read (the link-type choice beside the paste box).
    pub link: LinkChoice,
    pub on_link: Callback<LinkChoice>,
    pub onfile: Callback<Event>,
    /// A sample chosen: its frames as a hex stream.
    pub on_sample: Callback<String>,
    pub on_cancel: Callback<MouseEvent>,
}

#[component]
pub fn ImportBar(props: &ImportBarProps) -> Html {
    let l = props.lang;
    let inspector = props.store.model.borrow();
    let (loading, load_ms, worker_ms) = (props.loading, props.load_ms, props.worker_ms);
    let on_cancel = props.on_cancel.clone();
    let (oninput, onfile) = (props.oninput.clone(), props.onfile.clone());
    let area = use_node_ref();
    {
        let area = area.clone();
        let text = props.text.1.clone();
        use_effect_with(props.text.0, move |_| {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                el.set_value(&text);
            }
        });
    }
    // ----- how the paste is read ---------------------------------------------------------------
    let on_link = {
        let cb = props.on_link.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                cb.emit(LinkChoice::from_value(&select.value()));
            }
        })
    };
    let link_select = html! {
        <label class="paste-link">
            { t(l, "inspector.link") }{ " " }
            <select data-testid={testids::PASTE_LINK} onchange={on_link}>
                { for LinkChoice::ALL.iter().map(|c| html! {
                    <option value={c.value()} selected={*c == props.link}>{ t(l, &format!("inspector.link.{}", c.value())) }</option>
                }) }
            </select>
        </label>
    };
    let text_frames = matches!(inspector.format, Some(crate::import::InputFormat::Text(_)));
    let auto_read = (props.link == LinkChoice::Auto && text_frames)
        .then(|| inspector.frames.link_types(10_000))
        .filter(|found| !found.is_empty())
        .map(|found| {
            let values = found.iter().map(|k| k.value()).collect::<Vec<_>>().join(",");
            let names = found.iter().map(|k| t(l, &format!("inspector.link.{}", k.value())).to_string()).collect::<Vec<_>>().join(", ");
            html! { <span class="muted" data-testid={testids::PASTE_LINK_AUTO} data-links={values}>{ format!("{}: {names}", t(l, "inspector.link.auto_read")) }</span> }
        });
    // A problem in pasted text: its place in the paste box, one click away.
    let go_to = {
        let area = area.clone();
        move |line: usize, column: usize| {
            let area = area.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                    // The box's text now (what the user pasted is not kept in Rust).
                    let at = utf16_offset(&el.value(), line, column);
                    let _ = el.focus();
                    let _ = el.set_selection_range(at, at);
                }
            })
        }
    };
    // ----- samples ---------------------------------------------------------------------------
    let sample_buttons = samples::all().into_iter().map(|s| {
        let on_sample = props.on_sample.clone();
        let frames = s.frames.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let joined = frames.iter().map(|f| export::hex_stream(f)).collect::<Vec<_>>().join("\n\n");
            on_sample.emit(joined);
        });
        html! { <button class="sample" data-testid={testids::SAMPLE} data-sample={s.name} {onclick}>{ s.title.get(l).to_string() }</button> }
    });

    // ----- import status ---------------------------------------------------------------------
    let status = html! {
        <div class="import-status" data-testid={testids::IMPORT_STATUS} aria-live="polite" data-load-ms={load_ms.map(|m| m.to_string())} data-worker-ms={worker_ms.map(|m| m.to_string())}>
            if let Some(progress) = loading {
                <div class="progress-row">
                    <progress data-testid="import-progress" value={Short(progress.done()).to_string()} max={Short(progress.total()).to_string()} />
                    <span>{ format!("{} {}", t(l, "inspector.loading"), progress.describe(inspector.frames.len())) }</span>
                    <button onclick={on_cancel.clone()} data-testid="import-cancel">{ t(l, "inspector.cancel") }</button>
                </div>
            }
            if let Some(format) = inspector.format {
                <span class="format">{ format!("{}: {} · {} {}", t(l, "inspector.detected"), format.describe().get(l), inspector.frames.len(), crate::model::i18n::counted(l, inspector.frames.len(), "inspector.frame", "inspector.frames")) }</span>
            } else if inspector.problems.is_empty() {
                <span class="format muted">{ t(l, "inspector.no_input") }</span>
            }
            <ul class="problems">
                { for inspector.problems.iter().map(|p| match p.location {
                    Location::Text { line, column } if text_frames || inspector.frames.is_empty() => html! {
                        <li class={classes!("problem", p.severity.name())} data-severity={p.severity.name()}>
                            <button class="problem-go" data-testid={testids::PROBLEM_GO} data-line={line.to_string()} data-column={column.to_string()}
                                title={t(l, "inspector.problem.go").to_string()} onclick={go_to(line, column)}>{ p.describe(l) }</button>
                        </li>
                    },
                    _ => html! {
                        <li class={classes!("problem", p.severity.name())} data-severity={p.severity.name()}>{ p.describe(l) }</li>
                    },
                }) }
                { for inspector.comments.iter().map(|c| html! { <li class="comment">{ c.clone() }</li> }) }
            </ul>
        </div>
    };

    html! {
        <section class="panel input">
            <textarea data-testid={testids::HEX_INPUT} spellcheck="false" rows="3" ref={area}
                placeholder={t(l, "inspector.paste").to_string()} {oninput} />
            <div class="input-row">
                { link_select }
                { for auto_read }
                <label class="file">
                    { t(l, "inspector.open") }
                    <input type="file" data-testid={testids::FILE_INPUT} accept=".pcap,.pcapng,.cap,.txt,.hex" onchange={onfile} />
                </label>
                <span class="samples-label">{ t(l, "inspector.samples") }{ ":" }</span>
                <div class="samples">{ for sample_buttons }</div>
            </div>
            { status }
        </section>
    }
}

/// The paste box position (UTF-16 code units, as the DOM counts) of a 1-based line and column
/// (columns count characters).
fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut at = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i.saturating_add(1) == line {
            at = at.saturating_add(
                l.chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf16)
                    .sum::<usize>(),
            );
            break;
        }
        at = at
            .saturating_add(l.encode_utf16().count())
            .saturating_add(1);
    }
    u32::try_from(at).unwrap_or(u32::MAX)
}
