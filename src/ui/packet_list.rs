//! The packet list: an ARIA grid of the loaded frames (only the rows on screen are in the DOM),
//! with the filter, "IGMP only", go to packet, sorting, export, copy and share. It reads the
//! Inspector's model from the store and changes it through the store's actions; its scroll
//! position, height and copy feedback are its own state.

use crate::num::Short;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::inspector::{Change, Store};
use super::{download, target, testids};
use crate::codec::{Lang, Severity};
use crate::import::{capture, export};
use crate::model::i18n::{fill, t};
use crate::model::inspector::{Action, Inspector, SortKey};
use crate::model::time_format::TimeFormat;

/// Pixels per row: the list draws only the rows in view.
const ROW_HEIGHT: f64 = 24.0;
/// Rows shown by default (and per page before the list is measured).
const LIST_ROWS: usize = 12;

#[derive(Properties, PartialEq)]
pub struct PacketListProps {
    pub lang: Lang,
    /// The Inspector's store: a new handle (and so a redraw) with every change to be seen.
    pub store: UseReducerHandle<Store>,
    /// The list's scrolling box (the Inspector focuses it after a frame link).
    pub list_ref: NodeRef,
    /// The capture analysis' progress (frames done, of), while it runs.
    pub analysing: Option<(usize, usize)>,
    pub on_analyse: Callback<MouseEvent>,
    /// Hands display filter (job, text) to the import workers, which kept the capture's
    /// batches; false when they cannot (the filter then runs here, in steps). `None` stops
    /// theirs.
    pub filter_workers: Callback<Option<(u64, String)>, bool>,
}

#[component]
pub fn PacketList(props: &PacketListProps) -> Html {
    let l = props.lang;
    let state = props.store.model.clone();
    let dispatch = props.store.dispatcher();
    let list_ref = props.list_ref.clone();
    let analysing = props.analysing;
    let on_analyse = props.on_analyse.clone();
    let scroll_top = use_state_eq(|| 0.0f64);
    // How many rows the list shows: its height can be dragged.
    let list_rows = use_state_eq(|| LIST_ROWS);
    let filter_ref = use_node_ref();
    let goto_ref = use_node_ref();
    let goto_invalid = use_state_eq(|| false);
    let copied = use_state(|| None::<String>);
    // A capture too big for a link: said instead of copying a link that would drop frames.
    let too_big = use_state(|| None::<crate::codec::Text>);
    // What the last copy did, read out by screen readers (a translation key).
    let copy_status = use_state_eq(|| None::<&'static str>);
    let inspector = state.borrow();
    // ----- packet list (only the visible rows are rendered) ------------------------------------
    let first = ((*scroll_top / ROW_HEIGHT).floor() as usize).min(inspector.visible.len());
    // (At least the rows of its default height: the list grows with the capture.)
    let last = (first + (*list_rows).max(LIST_ROWS) + 2).min(inspector.visible.len());
    let select_row = |index: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            dispatch.dispatch(Change::Apply(Action::Click {
                index,
                toggle: e.ctrl_key() || e.meta_key(),
                extend: e.shift_key(),
            }));
        })
    };
    let onscroll = {
        let (scroll_top, list_rows) = (scroll_top.clone(), list_rows.clone());
        Callback::from(move |e: Event| {
            if let Some(el) = target::<HtmlElement>(&e) {
                scroll_top.set(f64::from(el.scroll_top()));
                list_rows.set(rows_in(&el));
            }
        })
    };
    // The end of a drag of the list's resize handle.
    let onmouseup = {
        let list_rows = list_rows.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(el) = target::<HtmlElement>(&e) {
                list_rows.set(rows_in(&el));
            }
        })
    };
    let onkeydown = {
        let state = state.clone();
        let dispatch = dispatch.clone();
        let list_ref = list_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            // A page: the rows the list shows now.
            let page = list_ref
                .cast::<HtmlElement>()
                .map_or(LIST_ROWS, |el| rows_in(&el)) as i64;
            let delta = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                "PageDown" => page,
                "PageUp" => -page,
                "End" => i64::MAX,
                "Home" => i64::MIN,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(Change::Apply(Action::Step(delta)));
            keep_selection_in_view(&state.borrow(), &list_ref);
        })
    };
    // The filter applies on Enter, or after a pause in typing; a newer filter replaces the one
    // running. On a large capture it runs in steps with yields to the page between them, so
    // the list stays scrollable and no task blocks the page.
    // What is being typed, shown until the pause applies it; otherwise the box shows the
    // model's filter (which a link, "Apply as filter" or a frame link also set).
    let typed = use_state(String::new);
    let filter_timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    // Typed text waits for the pause (the box shows it, not the model's filter).
    let filter_pending = use_mut_ref(|| false);
    let filter_generation = use_mut_ref(|| 0u64);
    let apply_filter = {
        let dispatch = dispatch.clone();
        let state = state.clone();
        let generation = filter_generation.clone();
        let workers = props.filter_workers.clone();
        Rc::new(move |text: String| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            dispatch.dispatch(Change::Apply(Action::Filter(text.clone())));
            let job = state
                .borrow()
                .filter_job
                .as_ref()
                .map(|j| (j.id, j.in_order));
            // The workers take it when they hold the capture (and it does not read what it kept
            // before); a quick filter stops theirs.
            match job {
                None => {
                    workers.emit(None);
                    return;
                }
                Some((job, false)) if workers.emit(Some((job, text))) => return,
                Some(_) => {}
            }
            let (dispatch, state, generation) =
                (dispatch.clone(), state.clone(), generation.clone());
            yew::platform::spawn_local(async move {
                // Steps of about FILTER_STEP_MS: their size follows how fast this machine tests
                // rows, so a fast filter is not slowed by a thousand yields.
                let mut rows = FILTER_STEP_ROWS;
                loop {
                    yew::platform::time::sleep(std::time::Duration::ZERO).await;
                    if *generation.borrow() != mine || state.borrow().filter_job.is_none() {
                        return;
                    }
                    let started = now_ms();
                    dispatch.dispatch(Change::Apply(Action::FilterStep(rows)));
                    let took = (now_ms() - started).max(1.0);
                    let next = rows as f64 * FILTER_STEP_MS / took;
                    rows = (next as usize).clamp(FILTER_STEP_ROWS, FILTER_STEP_MAX_ROWS);
                }
            });
        })
    };
    let onfilter = {
        let typed = typed.clone();
        let timer = filter_timer.clone();
        let pending = filter_pending.clone();
        let apply_filter = apply_filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = target::<HtmlInputElement>(&e) {
                let value = input.value();
                let apply_filter = apply_filter.clone();
                let waiting = pending.clone();
                let text = value.clone();
                *pending.borrow_mut() = true;
                *timer.borrow_mut() = Some(super::later(FILTER_PAUSE_MS, move || {
                    *waiting.borrow_mut() = false;
                    apply_filter(text)
                }));
                typed.set(value);
            }
        })
    };
    let on_filter_key = {
        let timer = filter_timer.clone();
        let pending = filter_pending.clone();
        let apply_filter = apply_filter.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                *timer.borrow_mut() = None;
                *pending.borrow_mut() = false;
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    apply_filter(input.value());
                }
            }
        })
    };
    let on_filter_stop = {
        let dispatch = dispatch.clone();
        let generation = filter_generation.clone();
        let workers = props.filter_workers.clone();
        Callback::from(move |_: MouseEvent| {
            *generation.borrow_mut() += 1;
            workers.emit(None);
            dispatch.dispatch(Change::Apply(Action::FilterStop));
        })
    };
    let on_igmp_only = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.dispatch(Change::Apply(Action::IgmpOnly(input.checked())));
            }
        })
    };
    // The time display format: chosen in the select, remembered across visits.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            if let Some(f) = super::saved(TIME_FORMAT_KEY).and_then(|v| TimeFormat::from_id(&v)) {
                dispatch.dispatch(Change::Apply(Action::TimeFormat(f)));
            }
        });
    }
    let on_time_format = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = target::<web_sys::HtmlSelectElement>(&e) else {
                return;
            };
            if let Some(f) = TimeFormat::from_id(&sel.value()) {
                super::save(TIME_FORMAT_KEY, f.id());
                dispatch.dispatch(Change::Apply(Action::TimeFormat(f)));
            }
        })
    };
    let time_format = inspector.time_format;
    let time_label = match time_format {
        TimeFormat::Utc => format!("{} (UTC)", t(l, "col.time")),
        TimeFormat::Local => format!("{} ({})", t(l, "col.time"), local_zone()),
        _ => format!("{} ({})", t(l, "col.time"), t(l, "unit.s")),
    };
    let sort_by = |key: SortKey| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Change::Apply(Action::Sort(key))))
    };
    let rows = inspector.visible[first..last].iter().filter_map(|&i| {
        let r = &inspector.rows[i];
        let text = inspector.row_text(i, &local_offset)?;
        let selected = inspector.selected == Some(i);
        let marked = inspector.marked.contains(&i);
        let mark = match r.worst {
            Some(Severity::Error) => "✖",
            Some(Severity::Warning) => "⚠",
            _ => "",
        };
        Some(html! {
            <div role="row" class={classes!("row", selected.then_some("selected"), marked.then_some("marked"), r.worst.map(|s| s.name()))} data-marked={marked.then_some("true")}
                data-testid={testids::PACKET_ROW} data-index={i.to_string()} aria-selected={selected.to_string()}
                onclick={select_row(i)}>
                <span role="gridcell" class="c-mark">{ mark }</span>
                <span role="gridcell" class="c-no">{ i + 1 }</span>
                <span role="gridcell" class="c-time">{ text.time }</span>
                <span role="gridcell" class="c-src">{ text.src }</span>
                <span role="gridcell" class="c-dst">{ text.dst }</span>
                <span role="gridcell" class="c-ver">{ text.version }</span>
                <span role="gridcell" class="c-type">{ text.kind }</span>
                <span role="gridcell" class="c-group">{ text.group }</span>
                <span role="gridcell" class="c-summary">{ text.summary }</span>
            </div>
        })
    });
    let export_all = |ng: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let s = state.borrow();
            let frames = s.frames.to_vec();
            let (data, name) = if ng {
                (capture::write_pcapng(&frames), "igmp-workbench.pcapng")
            } else {
                (capture::write_pcap(&frames), "igmp-workbench.pcap")
            };
            download(name, &data, "application/vnd.tcpdump.pcap");
        })
    };
    let export_displayed = |ng: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let frames = state.borrow().displayed_frames();
            let (data, name) = if ng {
                (capture::write_pcapng(&frames), "igmp-displayed.pcapng")
            } else {
                (capture::write_pcap(&frames), "igmp-displayed.pcap")
            };
            download(name, &data, "application/vnd.tcpdump.pcap");
        })
    };
    let export_selected = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let frames = state.borrow().frames_for_export();
            if !frames.is_empty() {
                download(
                    "igmp-selected.pcap",
                    &capture::write_pcap(&frames),
                    "application/vnd.tcpdump.pcap",
                );
            }
        })
    };
    let copy_as = {
        let state = state.clone();
        let copied = copied.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = target::<web_sys::HtmlSelectElement>(&e) else {
                return;
            };
            let s = state.borrow();
            let Some(f) = s.selected_frame() else { return };
            let text = match sel.value().as_str() {
                "hex" => export::hex_stream(f.bytes),
                "tcpdump" => export::tcpdump_xx(f.bytes),
                "offset" => export::offset_dump(f.bytes),
                "c" => export::c_array(f.bytes, "frame"),
                _ => return,
            };
            super::copy_text(&text, "copy.copied", &copy_status);
            copied.set(Some(text));
            sel.set_value("");
        })
    };
    let share = {
        let state = state.clone();
        let copied = copied.clone();
        let copy_status = copy_status.clone();
        let too_big = too_big.clone();
        Callback::from(move |_: MouseEvent| {
            let s = state.borrow();
            // Every frame with its time, the selection and the filter; refused (never cut)
            // when it would not fit a link.
            let fragment = match crate::model::share::capture_fragment(
                &s.frames.to_vec(),
                s.selected,
                &s.filter,
            ) {
                Ok(f) => f,
                Err(e) => {
                    too_big.set(Some(e.text()));
                    copied.set(None);
                    return;
                }
            };
            too_big.set(None);
            if let Some(w) = web_sys::window() {
                super::set_fragment(&fragment);
                let link = w.location().href().ok();
                if let Some(link) = &link {
                    super::copy_text(link, "copy.link_copied", &copy_status);
                }
                copied.set(link);
            }
        })
    };
    // Go to packet (Ctrl+G, as in Wireshark): a number and Enter.
    let on_goto_key = {
        let (state, dispatch, list_ref, goto_invalid) = (
            state.clone(),
            dispatch.clone(),
            list_ref.clone(),
            goto_invalid.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            e.prevent_default();
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let number = input.value().trim().parse::<usize>().unwrap_or(0);
            if state.borrow().lists(number) {
                goto_invalid.set(false);
                dispatch.dispatch(Change::Apply(Action::GoTo {
                    number,
                    reveal: false,
                }));
                show_selection(&state.borrow(), &list_ref);
            } else {
                goto_invalid.set(true);
            }
        })
    };
    {
        // Page-wide shortcuts while the Inspector is shown: "/" focuses the filter (unless a
        // text field has focus), Ctrl+G the go-to-packet box. Not passive, so that the
        // browser's own meaning of the keys (find, quick find) is prevented.
        let (list_ref, filter_ref, goto_ref) =
            (list_ref.clone(), filter_ref.clone(), goto_ref.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&doc, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let shown = list_ref
                        .cast::<HtmlElement>()
                        .is_some_and(|l| l.offset_parent().is_some());
                    if !shown {
                        return;
                    }
                    let typing = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .is_some_and(|a| {
                            matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        });
                    let target = if e.key() == "/" && !typing && !e.ctrl_key() && !e.meta_key() {
                        filter_ref.cast::<HtmlInputElement>()
                    } else if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("g") {
                        goto_ref.cast::<HtmlInputElement>()
                    } else {
                        None
                    };
                    if let Some(input) = target {
                        e.prevent_default();
                        let _ = input.focus();
                        input.select();
                    }
                })
            });
            move || drop(listener)
        });
    }
    let total_height = inspector.visible.len() as f64 * ROW_HEIGHT;
    let packet_list = html! {
        <section class="panel packets">
            <div class="panel-head">
                <h2>{ t(l, "inspector.packets") }</h2>
                <input class={classes!("filter", inspector.filter_error.is_some().then_some("invalid"))} type="search"
                    data-testid={testids::PACKET_FILTER} placeholder={t(l, "inspector.filter").to_string()}
                    aria-invalid={inspector.filter_error.is_some().to_string()}
                    aria-describedby="filter-error"
                    value={if *filter_pending.borrow() { (*typed).clone() } else { inspector.filter.clone() }} oninput={onfilter} onkeydown={on_filter_key} ref={filter_ref.clone()}
                    aria-label={t(l, "inspector.filter_label").to_string()} aria-keyshortcuts="/" />
                <select data-testid={testids::TIME_FORMAT} onchange={on_time_format} aria-label={t(l, "time.format").to_string()}>
                    { for TimeFormat::ALL.iter().map(|f| html! {
                        <option value={f.id()} selected={*f == time_format}>{ t(l, &format!("time.{}", f.id())) }</option>
                    }) }
                </select>
                if let Some((done, total)) = inspector.filter_progress() {
                    <span class="muted" role="status" data-testid={testids::FILTER_PROGRESS} data-done={done.to_string()} data-total={total.to_string()}>
                        { format!("{} {done}/{total} ", t(l, "inspector.filtering")) }
                        <button data-testid={testids::FILTER_STOP} onclick={on_filter_stop}>{ t(l, "inspector.stop") }</button>
                    </span>
                }
                <span class="muted" data-testid={testids::DISPLAYED_COUNT}
                    data-displayed={inspector.visible.len().to_string()} data-total={inspector.frames.len().to_string()}>
                    { displayed_count(l, inspector.visible.len(), inspector.frames.len()) }
                </span>
                <input class="goto" type="number" min="1" data-testid={testids::GOTO_PACKET} ref={goto_ref.clone()}
                    placeholder={t(l, "inspector.goto").to_string()} aria-label={t(l, "inspector.goto").to_string()}
                    title={t(l, "inspector.goto_hint").to_string()} aria-keyshortcuts="Control+G"
                    aria-invalid={goto_invalid.to_string()} onkeydown={on_goto_key} />
                <label class="igmp-only" title={t(l, "inspector.igmp_only_hint").to_string()}>
                    <input type="checkbox" data-testid={testids::IGMP_ONLY} checked={inspector.igmp_only} onchange={on_igmp_only} />
                    { t(l, "inspector.igmp_only") }
                    if inspector.hidden_by_igmp_only() > 0 {
                        <span class="hidden-count" data-testid={testids::HIDDEN_COUNT} data-hidden={inspector.hidden_by_igmp_only().to_string()}>
                            { format!(" ({} {})", inspector.hidden_by_igmp_only(), t(l, "inspector.hidden")) }
                        </span>
                    }
                </label>
                <span class="toolbar">
                    <button onclick={export_all(false)} data-testid="export-pcap">{ t(l, "inspector.export_pcap") }</button>
                    <button onclick={export_all(true)} data-testid="export-pcapng">{ t(l, "inspector.export_pcapng") }</button>
                    <button onclick={export_displayed(false)} data-testid={testids::EXPORT_DISPLAYED}>{ t(l, "inspector.export_displayed") }</button>
                    <button onclick={export_displayed(true)} data-testid={testids::EXPORT_DISPLAYED_NG}>{ t(l, "inspector.export_displayed_ng") }</button>
                    <button onclick={export_selected} data-testid="export-selected" title={t(l, "inspector.export_selected_hint").to_string()}>{ t(l, "inspector.export_selected") }</button>
                    <select data-testid="copy-as" onchange={copy_as} aria-label={t(l, "inspector.copy_as").to_string()}>
                        <option value="" selected=true>{ t(l, "inspector.copy_as") }</option>
                        <option value="hex">{ t(l, "inspector.copy.hex") }</option>
                        <option value="tcpdump">{ "tcpdump -xx" }</option>
                        <option value="offset">{ t(l, "inspector.copy.offset") }</option>
                        <option value="c">{ t(l, "inspector.copy.c") }</option>
                    </select>
                    <button onclick={share} data-testid="share-frames">{ t(l, "scen.share") }</button>
                    <button onclick={on_analyse} data-testid={testids::ANALYSIS_OPEN} title={t(l, "analysis.open_hint").to_string()}
                        disabled={inspector.frames.is_empty() || analysing.is_some()}>{ t(l, "analysis.open") }</button>
                    if let Some((done, total)) = analysing {
                        <span class="muted" role="status" data-testid={testids::ANALYSIS_PROGRESS}>
                            { format!("{} {done}/{total}", t(l, "analysis.running")) }
                        </span>
                    }
                </span>
            </div>
            if let Some(e) = &inspector.filter_error {
                <p class="filter-error" id="filter-error" role="alert" data-testid={testids::FILTER_ERROR} data-column={e.column.to_string()}>
                    { format!("{} {}: {}", t(l, "inspector.filter_column"), e.column, e.message().get(l)) }
                </p>
            }
            <p class="copy-status" role="status" aria-live="polite" data-testid={testids::COPY_STATUS}>{ copy_status.map(|k| t(l, k)).unwrap_or_default() }</p>
            if let Some(number) = inspector.hidden_goto {
                <p class="muted" role="status" data-testid={testids::FRAME_HIDDEN} data-frame={number.to_string()}>
                    { hidden_text(l, number) }{ " " }
                    <button data-testid={testids::FRAME_SHOW} onclick={{
                        let (dispatch, state, list_ref) = (dispatch.clone(), state.clone(), list_ref.clone());
                        Callback::from(move |_: MouseEvent| {
                            dispatch.dispatch(Change::Apply(Action::GoTo { number, reveal: true }));
                            // Once the list has every row again, bring the frame into view.
                            let (state, list_ref, dispatch) = (state.clone(), list_ref.clone(), dispatch.clone());
                            super::later(0, move || {
                                show_selection(&state.borrow(), &list_ref);
                                dispatch.dispatch(Change::Redraw);
                            })
                            .forget();
                        })
                    }}>{ t(l, "inspector.show_frame") }</button>
                </p>
            }
            if let Some(msg) = &*too_big {
                <p class="bad" role="alert" data-testid={testids::SHARE_TOO_BIG}>{ msg.get(l).to_string() }</p>
            }
            if let Some(c) = &*copied {
                <pre class="copied" data-testid="copied">{ c.clone() }</pre>
            }
            // The ARIA grid: a header row group and the rows' group, which scrolls and takes the
            // keyboard (only the rows on screen are in the DOM; aria-rowcount says how many).
            <div role="grid" aria-label={t(l, "inspector.packets").to_string()} aria-rowcount={(inspector.visible.len() + 1).to_string()}>
            <div role="rowgroup">
            <div role="row" class="row head">
                <span role="columnheader" class="c-mark"><span class="sr-only">{ t(l, "col.mark") }</span></span>
                <span role="columnheader" class="c-no"><button onclick={sort_by(SortKey::Index)}>{ t(l, "col.no") }</button></span>
                <span role="columnheader" class="c-time"><button onclick={sort_by(SortKey::Time)}>{ time_label.clone() }</button></span>
                <span role="columnheader" class="c-src"><button onclick={sort_by(SortKey::Src)}>{ t(l, "col.src") }</button></span>
                <span role="columnheader" class="c-dst"><button onclick={sort_by(SortKey::Dst)}>{ t(l, "col.dst") }</button></span>
                <span role="columnheader" class="c-ver">{ t(l, "col.ver") }</span>
                <span role="columnheader" class="c-type"><button onclick={sort_by(SortKey::Kind)}>{ t(l, "col.type") }</button></span>
                <span role="columnheader" class="c-group"><button onclick={sort_by(SortKey::Group)}>{ t(l, "col.group") }</button></span>
                <span role="columnheader" class="c-summary">{ t(l, "col.summary") }</span>
            </div>
            </div>
            // As tall as its rows up to LIST_ROWS, and no more than a quarter of the window (so that
            // the tree and the bytes fit below it on a 768-pixel screen); drag to resize.
            <div class="list" role="rowgroup" tabindex="0" ref={list_ref} {onscroll} {onkeydown} {onmouseup}
                style={format!("height:min({}px,25vh)", Short(ROW_HEIGHT * inspector.visible.len().clamp(2, LIST_ROWS) as f64))}>
                <div role="none" style={format!("height:{}px;position:relative", Short(total_height))}>
                    <div role="none" style={format!("position:absolute;top:{}px;left:0;right:0", Short(first as f64 * ROW_HEIGHT))}>
                        { for rows }
                    </div>
                </div>
            </div>
            </div>
        </section>
    };

    packet_list
}

/// How many whole rows the packet list shows as it is now.
fn rows_in(list: &HtmlElement) -> usize {
    crate::num::clamp(
        (f64::from(list.client_height()) / ROW_HEIGHT).floor(),
        1.0,
        200.0,
    ) as usize
}

/// Scrolls the selected row into view and gives the list the focus (after going to a packet).
pub(super) fn show_selection(s: &Inspector, list_ref: &NodeRef) {
    keep_selection_in_view(s, list_ref);
    if let Some(list) = list_ref.cast::<HtmlElement>() {
        let _ = list.focus();
    }
}

/// Scrolls the packet list so that the selected row is in view.
fn keep_selection_in_view(s: &Inspector, list_ref: &NodeRef) {
    let (Some(sel), Some(el)) = (s.selected, list_ref.cast::<HtmlElement>()) else {
        return;
    };
    let Some(pos) = s.position_of(sel) else {
        return;
    };
    let y = pos as f64 * ROW_HEIGHT;
    let top = f64::from(el.scroll_top());
    let height = f64::from(el.client_height()).max(ROW_HEIGHT);
    if y < top {
        el.set_scroll_top(y as i32);
    } else if y + ROW_HEIGHT > top + height {
        el.set_scroll_top((y + ROW_HEIGHT - height) as i32);
    }
}

/// "Displayed: N of M", always shown, so that an empty list never looks like an answer.
fn displayed_count(l: Lang, shown: usize, total: usize) -> String {
    fill(
        l,
        "inspector.displayed",
        &[("shown", &shown), ("total", &total)],
    )
}

/// "Frame N is hidden by the filter", in the user's language.
fn hidden_text(l: Lang, number: usize) -> String {
    fill(l, "inspector.hidden_frame", &[("number", &number)])
}

/// The pause in typing after which the filter applies (Enter applies it at once).
const FILTER_PAUSE_MS: u32 = 300;
/// Rows the first filter step tests before it yields to the page; later steps are sized to take
/// about FILTER_STEP_MS (never more rows than FILTER_STEP_MAX_ROWS).
const FILTER_STEP_ROWS: usize = 1_000;
const FILTER_STEP_MS: f64 = 30.0;
const FILTER_STEP_MAX_ROWS: usize = 100_000;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Where the chosen time display format is kept.
const TIME_FORMAT_KEY: &str = "igmpwb.time-format";

/// The viewer's offset from UTC, in seconds, at `secs` since the epoch (daylight saving time
/// included), as the browser knows it.
fn local_offset(secs: i64) -> i64 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    // getTimezoneOffset() is UTC − local, in minutes.
    -(date.get_timezone_offset() as i64) * 60
}

/// The viewer's time zone name (`Asia/Tokyo`), for the Time column's label.
fn local_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "local".into())
}
