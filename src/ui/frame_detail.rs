//! The chosen frame in detail: its field tree, its bytes and its diagnostics. Pointing at a
//! field, choosing one, collapsing rows and the byte cursor are this component's own state, so
//! that hovering redraws this part of the Inspector only. The Builder shows the same tree and
//! bytes through [`field_tree`] and [`HexPane`].

use crate::num::Fixed;
use crate::sorted_map::SortedSet;
use std::fmt::Write as _;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::testids;
use crate::codec::{Dissection, Lang, Layer};
use crate::model::analysis_view::esc;
use crate::model::i18n::t;
use crate::model::inspector as model;

#[derive(Properties, PartialEq)]
pub struct FrameDetailProps {
    pub dissection: Rc<Dissection>,
    pub bytes: Rc<[u8]>,
    pub lang: Lang,
    /// Which frame this is (the load and the frame's number): a new one starts afresh.
    pub frame: (u64, Option<usize>),
    /// Wireshark's "Apply as Filter": gets the filter that matches the chosen field's value.
    pub on_apply_filter: Callback<String>,
}

/// One frame's tree and bytes.
#[component]
pub fn FrameDetail(props: &FrameDetailProps) -> Html {
    let l = props.lang;
    let d = &props.dissection;
    let selected = use_state_eq(|| None::<usize>);
    let hover = use_state_eq(|| None::<usize>);
    let collapsed = use_state(SortedSet::<usize>::new);
    let cursor = use_state_eq(|| None::<usize>);
    let root = use_node_ref();
    // A new frame: nothing chosen or collapsed (patching the rows is three times faster than
    // building them anew), and the tree shows its IGMP layer (what this workbench is for) from
    // its top, at least down to the group address.
    {
        let root = root.clone();
        let (selected, hover, collapsed, cursor) = (
            selected.clone(),
            hover.clone(),
            collapsed.clone(),
            cursor.clone(),
        );
        use_effect_with(props.frame, move |_| {
            selected.set(None);
            hover.set(None);
            cursor.set(None);
            if !collapsed.is_empty() {
                collapsed.set(SortedSet::new());
            }
            if let Some(el) = root.cast::<HtmlElement>() {
                fit_panes(&el);
            }
            scroll_pane_to(&root, ".tree", ".tree [data-field^=igmp]", true);
            scroll_pane_to(&root, ".tree", ".tree [data-field='igmp.maddr']", false);
        });
    }
    // (The bytes of the field pointed at come into view: HexPane scrolls to them.)
    let active = hover.or(*selected);
    // What is pointed at lives here, shown by both panes; the setter is the same on every
    // render, so that pointing redraws the bytes but not the tree.
    let on_hover = {
        let hover = hover.clone();
        use_callback((), move |field: Option<usize>, _| hover.set(field))
    };
    let tree = html! {
        <FieldTree dissection={d.clone()} lang={l} selected={selected.clone()} collapsed={collapsed.clone()} on_hover={on_hover.clone()} />
    };
    let hex = html! {
        <HexPane dissection={d.clone()} bytes={props.bytes.clone()} lang={l} {active} cursor={cursor.clone()} selected={selected.clone()} {on_hover} />
    };
    let diags = diagnostics(d, l);
    let apply = selected.and_then(|i| d.fields.get(i)).map(|f| {
        let text = crate::model::filter::apply_as_filter(d, f, &props.bytes);
        let onclick = {
            let text = text.clone();
            props.on_apply_filter.reform(move |_: MouseEvent| text.clone())
        };
        html! {
            <p class="apply-filter">
                <button data-testid={testids::APPLY_AS_FILTER} data-filter={text.clone()} {onclick}>{ t(l, "inspector.apply_as_filter") }</button>
                <code>{ text }</code>
            </p>
        }
    });
    html! {
        <div class="detail" ref={root}>
            <div class="tree-col">{ tree }{ for apply }</div>{ hex }{ diags }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldTreeProps {
    pub dissection: Rc<Dissection>,
    pub lang: Lang,
    pub selected: UseStateHandle<Option<usize>>,
    pub collapsed: UseStateHandle<SortedSet<usize>>,
    /// A row pointed at or focused (its bytes light up), or none.
    pub on_hover: Callback<Option<usize>>,
}

/// The field tree (ARIA tree pattern): see [`field_tree`].
#[component]
pub fn FieldTree(props: &FieldTreeProps) -> Html {
    field_tree(
        &props.dissection,
        props.lang,
        &props.selected,
        &props.on_hover,
        &props.collapsed,
    )
}

#[derive(Properties, PartialEq)]
pub struct HexPaneProps {
    pub dissection: Rc<Dissection>,
    pub bytes: Rc<[u8]>,
    pub lang: Lang,
    /// The field whose bytes are highlighted (pointed at, else chosen).
    pub active: Option<usize>,
    pub cursor: UseStateHandle<Option<usize>>,
    pub selected: UseStateHandle<Option<usize>>,
    pub on_hover: Callback<Option<usize>>,
}

/// How many lines of `px` pixels the scrolling box `g` shows (one more for a part line).
fn view_lines(g: &HtmlElement, px: f64) -> usize {
    crate::num::usize_sat(crate::num::whole(
        f64::from(g.client_height()) / px.max(1.0),
    ))
    .saturating_add(1)
}

/// What every hex line reads: the frame's dissection, its bytes and the innermost field of each
/// byte, compared by identity (a new frame is a new `Rc`), not by content.
#[derive(Clone)]
struct Shared(Rc<Dissection>, Rc<[u8]>, Rc<Vec<Option<usize>>>);

/// A frame's dissection and bytes, the same when they are the same `Rc`s.
struct SameFrame(Rc<Dissection>, Rc<[u8]>);

impl PartialEq for SameFrame {
    fn eq(&self, other: &SameFrame) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && Rc::ptr_eq(&self.1, &other.1)
    }
}

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
            && Rc::ptr_eq(&self.1, &other.1)
            && Rc::ptr_eq(&self.2, &other.2)
    }
}

#[derive(Properties, PartialEq)]
struct HexLineProps {
    line: usize,
    shared: Shared,
    lang: Lang,
    /// The highlighted span, when it touches this line.
    hl: Option<(usize, usize)>,
    /// The highlighted field, when it touches this line (for its bits).
    active: Option<usize>,
    /// The cursor, when it is on this line.
    cursor: Option<usize>,
}

/// One line of the hex pane: its offset, 16 bytes and their ASCII.
#[component]
fn HexLine(props: &HexLineProps) -> Html {
    let Shared(d, bytes, owners) = &props.shared;
    let (line, l) = (props.line, props.lang);
    let chunk = bytes
        .get(line * 16..(line * 16 + 16).min(bytes.len()))
        .unwrap_or(&[]);
    let field = props.active.and_then(|i| d.fields.get(i));
    // The screen reader's words for a byte, looked up once a line.
    let cell = t(l, "hex.cell");
    // Which of the line's bytes a paste's typo left unknown, found once for both columns.
    let unknown_at = |k: usize| d.unknown.iter().any(|r| r.contains(&(line * 16 + k)));
    // The line as one piece of markup and one node, which the browser parses in one step and
    // the page adds or removes in one (#26: made an element and an attribute at a time, each of
    // a 64 KB frame's views took 50-140 ms to draw here). Clicks, the mouse and the keys are the
    // grid's, found by `data-offset`.
    let mut cells = String::with_capacity(chunk.len() * 160 + 200);
    let _ = write!(
        cells,
        "<div class=\"hexline\" role=\"row\" aria-rowindex=\"{}\"><span class=\"off\" role=\"rowheader\">{:04x}</span><span class=\"bytes\" role=\"none\">",
        line + 1,
        line * 16
    );
    for (k, b) in chunk.iter().enumerate() {
        let offset = line * 16 + k;
        let hl = props.hl.is_some_and(|(s, e)| (s..e).contains(&offset));
        let bits = field.and_then(|f| model::bits_in_byte(f, offset));
        let owner_field = owners
            .get(offset)
            .copied()
            .flatten()
            .and_then(|i| d.fields.get(i));
        // A screen reader hears the offset, the value and the field, not "00" alone.
        let name = owner_field.map(|f| f.label.get(l)).unwrap_or_default();
        // (The shown digits are a word of the name, as WCAG 2.5.3 asks.) A byte a paste's
        // typo left unknown shows "??", never the zero that stands in for it.
        let unknown = unknown_at(k);
        let shown = if unknown {
            "??".to_string()
        } else {
            format!("{b:02x}")
        };
        let value = if unknown {
            format!("?? {}", t(l, "hex.unknown"))
        } else {
            shown.clone()
        };
        let label = cell
            .replace("{offset}", &offset.to_string())
            .replace("{value}", &value)
            .replace("{name}", name);
        let mut class = String::from("byte");
        for (on, name) in [
            (true, owner_field.map_or("", |f| layer_class(f.layer))),
            (hl, "hl"),
            (Some(offset) == props.cursor, "cursor"),
            (unknown, "unknown"),
        ] {
            if on && !name.is_empty() {
                class.push(' ');
                class.push_str(name);
            }
        }
        let _ = write!(
            cells,
            "<span class=\"{class}\" role=\"gridcell\" id=\"hexbyte-{offset}\" aria-selected=\"{hl}\" aria-label=\"{}\" data-offset=\"{offset}\"",
            esc(&label)
        );
        if hl {
            cells.push_str(" data-highlighted=\"true\"");
        }
        if unknown {
            cells.push_str(" data-unknown=\"true\"");
        }
        if let Some(m) = bits {
            let _ = write!(cells, " title=\"bits {m:08b}\"");
        }
        let _ = write!(cells, ">{shown}</span>");
    }
    let ascii: String = chunk
        .iter()
        .enumerate()
        .map(|(k, b)| {
            if unknown_at(k) {
                '?'
            } else if b.is_ascii_graphic() {
                char::from(*b)
            } else {
                '.'
            }
        })
        .collect();
    let _ = write!(
        cells,
        "</span><span class=\"ascii\" role=\"gridcell\">{}</span></div>",
        esc(&ascii)
    );
    Html::from_html_unchecked(AttrValue::from(cells))
}

/// Makes the tree and the bytes of `detail` (a `.detail`) as tall as the window leaves below
/// its top (CSS `--pane-h`): with a frame chosen, list, tree and bytes fit one screen.
pub(crate) fn fit_panes(detail: &HtmlElement) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let view = w
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    // The element's top in the page: offsets up the chain of positioned ancestors.
    let mut top = 0.0;
    let mut node = Some(detail.clone());
    for _ in 0..64 {
        let Some(e) = node else { break };
        top += f64::from(e.offset_top());
        node = e
            .offset_parent()
            .and_then(|p| p.dyn_into::<HtmlElement>().ok());
    }
    let height = (view - top - 24.0).max(160.0);
    let _ = detail.set_attribute("style", &format!("--pane-h:{}px", Fixed(height, 0)));
}

/// Scrolls the box `pane` (found in `within`; positioned, so that offsets are relative to it)
/// so that the first `item` is in view, or at its top.
fn scroll_pane_to(within: &NodeRef, pane: &str, item: &str, to_top: bool) {
    let Some(root) = within.cast::<HtmlElement>() else {
        return;
    };
    let find = |sel: &str| {
        root.query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    };
    let (Some(pane), Some(item)) = (find(pane), find(item)) else {
        return;
    };
    let (y, h) = (item.offset_top(), item.offset_height());
    let (top, view) = (pane.scroll_top(), pane.client_height());
    if to_top || y < top {
        pane.set_scroll_top(y);
    } else if y + h > top + view {
        pane.set_scroll_top(y + h - view);
    }
}

fn layer_class(layer: Layer) -> &'static str {
    match layer {
        Layer::Frame => "l-frame",
        Layer::Link => "l-link",
        Layer::Ipv4 => "l-ip",
        Layer::Igmp | Layer::Mld => "l-igmp",
        Layer::Arp => "l-arp",
        Layer::Ipv6 => "l-ip",
        Layer::Transport => "l-transport",
        Layer::Trailer => "l-trailer",
    }
}

/// A frame of more shown fields than this draws a window of `TREE_WINDOW` rows around the
/// selected one (#29: the 10 000-source report's 10 046 rows held the page for 3.4 s; a window
/// of 100 rows draws in one short task); one of more hex lines than `HEX_LIMIT_LINES` (2 KB)
/// scrolls whole but draws the lines in view and a step above and below them (#26).
const TREE_LIMIT: usize = 400;
const TREE_WINDOW: usize = 100;
const HEX_LIMIT_LINES: usize = 128;
/// Scrolling draws anew once every this many lines, only the lines that came into the window
/// (each line is a component of its own, drawn again only when it changes).
const HEX_STEP_LINES: usize = 8;

pub(crate) fn field_tree(
    d: &Dissection,
    l: Lang,
    selected: &UseStateHandle<Option<usize>>,
    hover: &Callback<Option<usize>>,
    collapsed: &UseStateHandle<SortedSet<usize>>,
) -> Html {
    // The rows shown (those under a collapsed row are not), for the roving tab stop: the
    // selected row when shown, else the first (ARIA tree pattern).
    let mut shown: Vec<usize> = Vec::new();
    let mut below: Option<u8> = None;
    for (i, f) in d.fields.iter().enumerate() {
        if below.is_some_and(|depth| f.depth > depth) {
            continue;
        }
        below = collapsed.contains(&i).then_some(f.depth);
        shown.push(i);
    }
    let tab_stop = selected
        .filter(|s| shown.contains(s))
        .or(shown.first().copied());
    // A frame of thousands of fields (a v3 report with 10 000 sources) draws a window of rows
    // around the selected one, never all (#29: drawing 10 000 rows held the page for seconds);
    // choosing a byte in the hex pane moves the window there.
    let at = tab_stop
        .and_then(|s| shown.iter().position(|x| *x == s))
        .unwrap_or(0);
    let window = if shown.len() > TREE_LIMIT {
        TREE_WINDOW
    } else {
        shown.len()
    };
    let w0 = at
        .saturating_sub(window / 2)
        .min(shown.len().saturating_sub(window));
    let w1 = w0.saturating_add(window).min(shown.len());
    let (first, last) = (
        shown.get(w0).copied().unwrap_or(0),
        shown.get(w1.saturating_sub(1)).copied().unwrap_or(0),
    );
    let mut hidden_below: Option<u8> = None;
    let mut rows = Vec::new();
    for (i, f) in d.fields.iter().enumerate() {
        if let Some(depth) = hidden_below {
            if f.depth > depth {
                continue;
            }
            hidden_below = None;
        }
        let has_children = d.fields.get(i + 1).is_some_and(|n| n.depth > f.depth);
        let is_collapsed = collapsed.contains(&i);
        if is_collapsed {
            hidden_below = Some(f.depth);
        }
        if i < first || i > last {
            continue;
        }
        let diags: Vec<Html> = d
            .diagnostics
            .iter()
            .filter(|x| {
                x.field.as_deref() == Some(f.id)
                    && f.span.start <= x.span.start
                    && x.span.start <= f.span.end.max(f.span.start)
            })
            .map(|x| diag_html(x, l))
            .collect();
        let is_sel = **selected == Some(i);
        rows.push(html! {
            // Keyed: a row keeps its DOM node (and the focus) when rows around it come and go.
            <div key={i} class={classes!("field", layer_class(f.layer), is_sel.then_some("selected"), f.derived.then_some("derived"))}
                role="treeitem" aria-level={(u32::from(f.depth) + 1).to_string()}
                aria-expanded={has_children.then(|| (!is_collapsed).to_string())}
                tabindex={if tab_stop == Some(i) { "0" } else { "-1" }} data-i={i.to_string()}
                data-field={f.id} data-start={f.span.start.to_string()} data-end={f.span.end.to_string()}
                aria-selected={is_sel.to_string()}
                style={format!("padding-left:{}em", crate::num::Short(f64::from(f.depth) * 1.2 + 0.3))}
                >
                if has_children {
                    // Hidden from assistive technology: the row itself says expanded or not
                    // and takes ←/→, so the button's name never leaks into the row's name.
                    <button class="twisty" tabindex="-1" aria-hidden="true" aria-expanded={(!is_collapsed).to_string()}
                        aria-label={format!("{} {}", t(l, if is_collapsed { "tree.expand" } else { "tree.collapse" }), f.label.get(l))}>
                        { if is_collapsed { "▸" } else { "▾" } }
                    </button>
                } else {
                    <span class="twisty"></span>
                }
                <span class="label">{ f.label.get(l).to_string() }</span>
                { ": " }
                <span class="value">{ f.value.get(l).to_string() }</span>
                <span class="fid">{ format!(" {}", f.id) }</span>
                { for diags }
            </div>
        });
    }
    let onkeydown = tree_keys(selected, collapsed);
    // One handler per kind of event for the whole tree (not one per row): a click selects the
    // row or, on its twisty, collapses or expands it; pointing at a row or focusing it shows its
    // bytes.
    let onclick = {
        let (selected, collapsed) = (selected.clone(), collapsed.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(i) = index_under(&e, "data-i") else {
                return;
            };
            if closest(&e, ".twisty").is_some() {
                let mut next = (*collapsed).clone();
                if !next.remove(&i) {
                    next.insert(i);
                }
                collapsed.set(next);
            } else {
                selected.set(Some(i));
            }
        })
    };
    let onmouseover = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| hover.emit(index_under(&e, "data-i")))
    };
    let onfocusin = {
        let hover = hover.clone();
        Callback::from(move |e: FocusEvent| hover.emit(index_under(&e, "data-i")))
    };
    let unhover = {
        let hover = hover.clone();
        move || hover.emit(None)
    };
    let onmouseleave = {
        let unhover = unhover.clone();
        Callback::from(move |_: MouseEvent| unhover())
    };
    let onfocusout = Callback::from(move |_: FocusEvent| unhover());
    html! {
        <>
        if w0 > 0 {
            <p class="more muted" data-testid={testids::TREE_MORE} data-above={w0.to_string()}>{ format!("{w0} {}", t(l, "tree.more_above")) }</p>
        }
        <div class="tree" role="tree" data-testid={testids::FIELD_TREE} aria-label={t(l, "inspector.tree_label").to_string()}
            {onkeydown} {onclick} {onmouseover} {onmouseleave} {onfocusin} {onfocusout}>
            { for rows }
        </div>
        if w1 < shown.len() {
            <p class="more muted" data-testid={testids::TREE_MORE} data-below={(shown.len() - w1).to_string()}>{ format!("{} {}", shown.len() - w1, t(l, "tree.more_below")) }</p>
        }
        </>
    }
}

/// The element the event happened in, or its nearest ancestor, that matches `selector`.
fn closest(e: &Event, selector: &str) -> Option<web_sys::Element> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// The number in attribute `attr` of the nearest element carrying it where the event happened.
fn index_under(e: &Event, attr: &str) -> Option<usize> {
    closest(e, &format!("[{attr}]"))?
        .get_attribute(attr)?
        .parse()
        .ok()
}

/// The ARIA tree pattern's keys on the field tree: ↑/↓ (and Home/End) move the focus, → expands
/// or goes to the first child, ← collapses or goes to the parent, Enter and Space select.
fn tree_keys(
    selected: &UseStateHandle<Option<usize>>,
    collapsed: &UseStateHandle<SortedSet<usize>>,
) -> Callback<KeyboardEvent> {
    let (selected, collapsed) = (selected.clone(), collapsed.clone());
    Callback::from(move |e: KeyboardEvent| {
        let Some(tree) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(list) = tree.query_selector_all("[role=treeitem]") else {
            return;
        };
        let items: Vec<HtmlElement> = (0..list.length())
            .filter_map(|k| list.item(k))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect();
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let Some(pos) = active
            .as_ref()
            .and_then(|a| items.iter().position(|it| it.is_same_node(Some(a))))
        else {
            return;
        };
        let Some(item) = items.get(pos) else {
            return;
        };
        let index: Option<usize> = item.get_attribute("data-i").and_then(|v| v.parse().ok());
        let expanded = item.get_attribute("aria-expanded");
        let level = |el: &HtmlElement| {
            el.get_attribute("aria-level")
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(1)
        };
        let toggle = |i: Option<usize>| {
            if let Some(i) = i {
                let mut next = (*collapsed).clone();
                if !next.remove(&i) {
                    next.insert(i);
                }
                collapsed.set(next);
            }
        };
        let target = match e.key().as_str() {
            "ArrowDown" => items.get(pos + 1),
            "ArrowUp" => pos.checked_sub(1).and_then(|p| items.get(p)),
            "Home" => items.first(),
            "End" => items.last(),
            "ArrowRight" => match expanded.as_deref() {
                Some("false") => {
                    toggle(index);
                    None
                }
                Some("true") => items.get(pos + 1),
                _ => None,
            },
            "ArrowLeft" => {
                if expanded.as_deref() == Some("true") {
                    toggle(index);
                    None
                } else {
                    let lv = level(item);
                    items
                        .get(..pos)
                        .and_then(|before| before.iter().rev().find(|x| level(x) < lv))
                }
            }
            "Enter" | " " => {
                selected.set(index);
                // Selecting re-renders the detail (and may rebuild the tree's rows): the focus
                // stays on the row that was chosen, never on <body> (#29).
                if let Some(i) = index {
                    super::focus_later(format!(".tree [role=treeitem][data-i=\"{i}\"]"));
                }
                None
            }
            _ => return,
        };
        e.prevent_default();
        if let Some(next) = target {
            item.set_tab_index(-1);
            next.set_tab_index(0);
            let _ = next.focus();
        }
    })
}

fn diag_html(x: &crate::codec::Diagnostic, l: Lang) -> Html {
    html! {
        <div class={classes!("diagnostic", x.severity.name())} data-testid={testids::DIAGNOSTIC} data-severity={x.severity.name()} data-code={x.code()}>
            <strong>{ format!("{} · {}", t(l, &format!("severity.{}", x.severity.name())), if l == Lang::Ja { x.check.name.1 } else { x.check.name.0 }) }</strong>{ " " }
            { x.message.get(l).to_string() }
            if !x.rfc.is_empty() { <span class="rfc">{ format!(" ({})", x.rfc) }</span> }
        </div>
    }
}

pub(crate) fn diagnostics(d: &Dissection, l: Lang) -> Html {
    // Diagnostics without a tree row of their own are listed under the tree.
    let loose: Vec<Html> = d
        .diagnostics
        .iter()
        .filter(|x| {
            x.field
                .as_ref()
                .is_none_or(|id| !d.fields.iter().any(|f| f.id == id))
        })
        .map(|x| diag_html(x, l))
        .collect();
    html! {
        <div class="diagnostics">
            <h3>{ t(l, "inspector.diagnostics") }</h3>
            if d.diagnostics.is_empty() {
                <p class="ok">{ t(l, "inspector.no_diagnostics") }</p>
            } else {
                <p class="muted">{ format!("{} {}", d.diagnostics.len(), t(l, "inspector.diag_count")) }</p>
            }
            { for loose }
        </div>
    }
}

/// The frame's bytes: a grid that takes the keyboard (arrows, Home/End, Ctrl+Home/End); the
/// byte under the cursor selects the innermost field that covers it, as a click does. A frame of
/// more than `HEX_LIMIT_LINES` lines scrolls as a whole but draws only the lines near the view
/// (#26: a 64 KB frame's 4 096 lines): the grid's padding stands for the others, and the cursor
/// and the chosen field are scrolled into view by their line numbers.
#[component]
pub fn HexPane(props: &HexPaneProps) -> Html {
    let (d, bytes, l, active) = (&*props.dissection, &*props.bytes, props.lang, props.active);
    let (cursor, selected, hover) = (&props.cursor, &props.selected, &props.on_hover);
    let grid = use_node_ref();
    // The first line scrolled to, in steps of `HEX_STEP_LINES` (scrolling within a step draws
    // nothing new), and one line's height in pixels, measured once drawn.
    // With the number of lines the view holds.
    let top = use_state_eq(|| (0_usize, 32_usize));
    // After a jump (the scrollbar dragged, PageDown), the line at the view's top: the task that
    // follows it draws the view's lines alone, and the next one the steps around them.
    let jumped = use_state_eq(|| None::<usize>);
    let line_px = use_state_eq(|| 18.0_f64);
    let field = active.and_then(|i| d.fields.get(i));
    let span = field.map(model::highlight);
    // The innermost field covering each byte (for its tint, a click and the cursor).
    let owners = use_memo(
        SameFrame(Rc::clone(&props.dissection), Rc::clone(&props.bytes)),
        |f| f.0.owners(f.1.len()),
    );
    // The cursor starts on the chosen field (the one clicked, not the one under the mouse).
    let chosen = (**selected)
        .and_then(|i| d.fields.get(i))
        .map(model::highlight);
    let at = match (**cursor, &chosen) {
        (Some(c), Some(s)) if s.contains(c) => c,
        (_, Some(s)) => s.start,
        (Some(c), None) => c,
        (None, None) => 0,
    }
    .min(bytes.len().saturating_sub(1));
    let place = {
        let (cursor, selected, owners) = (cursor.clone(), selected.clone(), owners.clone());
        let hover = hover.clone();
        move |to: usize| {
            cursor.set(Some(to));
            selected.set(owners.get(to).copied().flatten());
            // What the mouse points at would hide what the keys chose.
            hover.emit(None);
        }
    };
    let onkeydown = {
        let (place, len) = (place.clone(), bytes.len());
        Callback::from(move |e: KeyboardEvent| {
            let line = at - at % 16;
            let to = match (e.key().as_str(), e.ctrl_key() || e.meta_key()) {
                ("ArrowRight", _) => at.saturating_add(1),
                ("ArrowLeft", _) => at.saturating_sub(1),
                ("ArrowDown", _) => at.saturating_add(16),
                ("ArrowUp", _) => at.saturating_sub(16),
                ("Home", true) => 0,
                ("End", true) => usize::MAX,
                ("Home", false) => line,
                ("End", false) => line.saturating_add(15),
                _ => return,
            };
            e.prevent_default();
            if len > 0 {
                place(to.min(len - 1));
            }
        })
    };
    // One handler per kind of event for all the bytes. A press places the cursor (a line is
    // drawn anew when its highlight changes, so the byte pressed may be another element by the
    // time the button is released); a click does too, for what clicks without pressing (a
    // screen reader's activation).
    // A press that focuses the grid: the focus does not put the cursor back where it was.
    let pressed = use_mut_ref(|| false);
    let onclick = {
        let (place, pressed) = (place.clone(), pressed.clone());
        Callback::from(move |e: MouseEvent| {
            *pressed.borrow_mut() = e.type_() == "mousedown";
            if let Some(offset) = index_under(&e, "data-offset") {
                place(offset);
            }
        })
    };
    let onmousedown = onclick.clone();
    let onmouseover = {
        let (hover, owners) = (hover.clone(), owners.clone());
        Callback::from(move |e: MouseEvent| {
            let offset = index_under(&e, "data-offset");
            hover.emit(offset.and_then(|o| owners.get(o).copied().flatten()));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.emit(None))
    };
    let onfocus = {
        let (place, len) = (place.clone(), bytes.len());
        Callback::from(move |_: FocusEvent| {
            if len > 0 && !pressed.replace(false) {
                place(at);
            }
        })
    };
    // The lines near the view, never all of a 64 KB frame (#29, #26).
    let total_lines = bytes.len().div_ceil(16);
    let virtual_lines = total_lines > HEX_LIMIT_LINES;
    let (l0, l1) = if virtual_lines {
        let (first, view) = *top;
        let (l0, l1) = match *jumped {
            // The lines the view shows, the last perhaps in part.
            Some(line) => (line, line.saturating_add(view).saturating_add(1)),
            // A step above the view and one below it (`first` is the view's first line rounded
            // down a step: two steps below it).
            None => (
                first.saturating_sub(HEX_STEP_LINES),
                first
                    .saturating_add(view)
                    .saturating_add(2 * HEX_STEP_LINES),
            ),
        };
        (l0.min(total_lines), l1.min(total_lines))
    } else {
        (0, total_lines)
    };
    // The cursor's and the highlighted field's lines come into view when they change (by
    // their line numbers: they may not be drawn yet).
    {
        let (grid, line_px, top) = (grid.clone(), line_px.clone(), top.clone());
        let want = (at / 16, span.map(|s| s.start / 16), bytes.len());
        use_effect_with(want, move |(cursor_line, field_line, _)| {
            let Some(g) = grid.cast::<HtmlElement>() else {
                return;
            };
            // One line's height as drawn (fractional: 4 096 rounded heights would drift).
            let measured = g
                .query_selector(".hexline")
                .ok()
                .flatten()
                .map(|e| e.get_bounding_client_rect().height())
                .filter(|h| *h > 0.0);
            let px = measured.unwrap_or(*line_px);
            if measured.is_some_and(|h| (h - *line_px).abs() > 0.01) {
                line_px.set(px);
            }
            top.set((top.0, view_lines(&g, px)));
            let line = field_line.unwrap_or(*cursor_line);
            let y = line as f64 * px;
            let (scrolled, view) = (f64::from(g.scroll_top()), f64::from(g.client_height()));
            if y < scrolled {
                g.set_scroll_top(y as i32);
            } else if y + px > scrolled + view {
                g.set_scroll_top((y + px - view).ceil() as i32);
            }
        });
    }
    let onscroll = {
        let (top, px, jumped) = (top.clone(), *line_px, jumped.clone());
        let drawn_now = (l0, l1);
        Callback::from(move |e: Event| {
            if let Some(g) = e.target_dyn_into::<HtmlElement>() {
                let line = crate::num::usize_sat(crate::num::whole(f64::from(g.scroll_top()) / px));
                let view = view_lines(&g, px);
                let first = line - line % HEX_STEP_LINES;
                if line < drawn_now.0 || line.saturating_add(view) > drawn_now.1 {
                    jumped.set(Some(line));
                    let jumped = jumped.clone();
                    super::later(0, move || jumped.set(None)).forget();
                }
                top.set((first, view));
            }
        })
    };
    // What the lines not drawn would fill, above and below the drawn ones.
    let spacer = |lines: usize| {
        let style = format!("height:{}px", Fixed(lines as f64 * *line_px, 0));
        html! { <div class="hex-spacer" aria-hidden="true" {style}></div> }
    };
    let shared = Shared(
        Rc::clone(&props.dissection),
        Rc::clone(&props.bytes),
        Rc::clone(&owners),
    );
    let lines = (l0..l1).map(|line| {
        let range = line * 16..(line * 16 + 16).min(bytes.len());
        let touches = |s: &std::ops::Range<usize>| s.start < range.end && range.start < s.end;
        // Only what differs on this line is its own: a line the change does not touch is not
        // drawn again (scrolling a step draws the new lines only).
        let hl = span.filter(|s| touches(&(s.start..s.end))).map(|s| (s.start, s.end));
        html! {
            <HexLine key={line} {line} shared={shared.clone()} lang={l} {hl}
                active={active.filter(|_| hl.is_some())} cursor={range.contains(&at).then_some(at)} />
        }
    });
    // A bit field: say which bits of which bytes it covers.
    let bits = field.filter(|f| f.mask.is_some()).map(|f| {
        let parts: Vec<String> = (f.span.start..f.span.end)
            .filter_map(|o| model::bits_in_byte(f, o).map(|b| format!("byte {o}: {b:08b}")))
            .collect();
        format!("{} — {}", f.id, parts.join(", "))
    });
    // The cursor's cell, when it is drawn.
    let drawn = (l0..l1).contains(&(at / 16)) && !bytes.is_empty();
    html! {
        <div class="hex" data-testid={testids::HEX_PANE}>
            <div class={classes!("hex-scroll", virtual_lines.then_some("virtual"))} ref={grid} {onscroll}>
            if virtual_lines { { spacer(l0) } }
            <div class="hex-grid" role="grid" tabindex="0" aria-label={t(l, "inspector.bytes_label").to_string()}
                aria-rowcount={total_lines.to_string()} aria-activedescendant={drawn.then(|| format!("hexbyte-{at}"))}
                data-lines={total_lines.to_string()} data-first-line={l0.to_string()} data-drawn-lines={(l1 - l0).to_string()}
                {onkeydown} {onfocus} {onclick} {onmousedown} {onmouseover} {onmouseleave}>
                { for lines }
            </div>
            if virtual_lines { { spacer(total_lines.saturating_sub(l1)) } }
            </div>
            if let Some(b) = bits { <p class="bits" data-testid="hex-bits">{ b }</p> }
        </div>
    }
}
