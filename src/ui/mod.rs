//! The browser UI (Yew). A thin layer: it renders `model` state and forwards events; all
//! protocol logic lives in the pure core.

mod analysis;
mod builder;
mod frame_detail;
mod import_bar;
pub mod inspector;
mod lessons;
mod mac_panel;
mod packet_list;
mod scenario_diagrams;
pub mod scenarios;
pub use crate::testids;
mod use_import;
pub mod worker;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::codec::Lang;
use crate::model::i18n::{self, t};

const LANG_KEY: &str = "igmpwb.lang";
const LARGE_KEY: &str = "igmpwb.large";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Inspector,
    Builder,
    Scenarios,
    Lessons,
    About,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Inspector,
        Tab::Builder,
        Tab::Scenarios,
        Tab::Lessons,
        Tab::About,
    ];

    /// Its name in the address (`#builder`) and in storage.
    fn name(self) -> &'static str {
        match self {
            Tab::Inspector => "inspector",
            Tab::Builder => "builder",
            Tab::Scenarios => "scenarios",
            Tab::Lessons => "lessons",
            Tab::About => "about",
        }
    }

    /// The tab a fragment (`#builder`) or a stored name names.
    fn named(text: &str) -> Option<Tab> {
        let name = text.strip_prefix('#').unwrap_or(text);
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The header's logo, inline: the single-file build carries it (a `static/logo.svg` link would be
/// broken there), and so does every other build.
const LOGO: &str = include_str!("../../static/logo.svg");

/// A screen's model kept in a `use_reducer_eq` (#31): each action applies to a copy, and the page
/// redraws only when the model compares unequal.
pub(crate) trait Applies: Clone + PartialEq + 'static {
    type Action;
    fn apply(&mut self, action: Self::Action);
}

impl Applies for crate::model::scenario_ui::ScenarioUi {
    type Action = crate::model::scenario_ui::Action;
    fn apply(&mut self, action: Self::Action) {
        crate::model::scenario_ui::ScenarioUi::apply(self, action)
    }
}

impl Applies for crate::model::builder_ui::BuilderUi {
    type Action = crate::model::builder_ui::Action;
    fn apply(&mut self, action: Self::Action) {
        crate::model::builder_ui::BuilderUi::apply(self, action)
    }
}

#[derive(Clone, PartialEq)]
pub(crate) struct Reduced<T>(pub T);

impl<T: Applies> Reducible for Reduced<T> {
    type Action = T::Action;

    fn reduce(self: Rc<Self>, action: T::Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.0.apply(action);
        Rc::new(next)
    }
}

/// A callback that dispatches the action `f` makes of its event.
pub(crate) fn act<T: Applies, E: 'static>(
    ui: &UseReducerHandle<Reduced<T>>,
    f: impl Fn(E) -> T::Action + 'static,
) -> Callback<E> {
    ui.dispatcher().to_callback().reform(f)
}

/// The text being typed into an input whose value the state owns, until the input's `change`.
/// Yew writes such an input's value back from the state on every render, so without this a
/// render in between (a hover, a language switch, a playing scenario's next frame) would put the
/// old value back over what was typed, and the change would never come: a silent loss. One
/// input is typed into at a time; its key names it (a field id, `record.2.group`, …).
#[derive(Clone)]
pub(crate) struct Drafts(std::rc::Rc<std::cell::RefCell<Option<(String, String)>>>);

#[hook]
pub(crate) fn use_drafts() -> Drafts {
    Drafts(use_mut_ref(|| None))
}

impl Drafts {
    /// What input `key` shows: its draft, or else `value`, the state's.
    pub(crate) fn shown(&self, key: &str, value: &str) -> String {
        match &*self.0.borrow() {
            Some((k, text)) if k == key => text.clone(),
            _ => value.to_string(),
        }
    }

    /// The input's `oninput`: keeps what is typed (no render).
    pub(crate) fn typing(&self, key: impl Into<String>) -> Callback<InputEvent> {
        let (draft, key) = (self.0.clone(), key.into());
        Callback::from(move |e: InputEvent| {
            let text = target::<web_sys::HtmlInputElement>(&e).map(|i| i.value());
            *draft.borrow_mut() = text.map(|t| (key.clone(), t));
        })
    }

    /// The input's `onchange`: drops the draft, then `f` takes the value to the state.
    pub(crate) fn committed(&self, f: Callback<Event>) -> Callback<Event> {
        let draft = self.0.clone();
        Callback::from(move |e: Event| {
            draft.borrow_mut().take();
            f.emit(e);
        })
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Work the user typed survives a reload (and a crash): the paste box, the Builder and an
/// edited scenario are kept in localStorage under these keys.
pub(crate) const PASTE_KEY: &str = "igmpwb.paste";

/// A timer running `f` after `ms` milliseconds (dropping it cancels it). Every timer of the app
/// goes through here with its callback boxed, so the wasm carries one instance of the timer's
/// glue instead of one per call site (161 bytes of the gzipped app when it was introduced).
pub(crate) fn later(ms: u32, f: impl FnOnce() + 'static) -> gloo::timers::callback::Timeout {
    let f: Box<dyn FnOnce()> = Box::new(f);
    gloo::timers::callback::Timeout::new(ms, f)
}

/// After this render, puts the focus on the first element `selector` finds (if it is not there
/// already): a control that removes or hides what had the focus sends it somewhere meaningful,
/// never to `<body>` (#29).
pub(crate) fn focus_later(selector: String) {
    later(0, move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let target = document
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok());
        if let Some(el) = target {
            let there = document
                .active_element()
                .is_some_and(|a| el.is_same_node(Some(&a)));
            if !there {
                let _ = el.focus();
            }
        }
    })
    .forget();
}
/// How the paste is read (`LinkChoice::value`).
pub(crate) const PASTE_LINK_KEY: &str = "igmpwb.paste-link";
pub(crate) const BUILDER_KEY: &str = "igmpwb.builder";
pub(crate) const SCENARIO_KEY: &str = "igmpwb.scenario";
/// Where the scenario player was: step, predict mode, score (`model::scenario_ui::Place`).
pub(crate) const SCENARIO_PLACE_KEY: &str = "igmpwb.scenario-place";
/// The Inspector's filter and selected frame, restored with the paste.
pub(crate) const INSPECTOR_VIEW_KEY: &str = "igmpwb.inspector-view";
/// The tab shown.
const TAB_KEY: &str = "igmpwb.tab";
/// Larger texts are not kept (localStorage holds about 5 MB per origin; a big capture is a
/// file the user still has).
const MAX_SAVED: usize = 1 << 20;

/// Saves a JavaScript string under `key` as [`save`] does, without copying it into Rust.
pub(crate) fn save_js(key: &str, value: &wasm_bindgen::JsValue) {
    let Some(s) = storage() else { return };
    // Its length in UTF-16 units, read in JavaScript (a non-string counts as empty).
    let len = if value.is_string() {
        js_sys::JsString::from(value.clone()).length()
    } else {
        0
    };
    let too_large = usize::try_from(len).map_or(true, |n| n == 0 || n > MAX_SAVED);
    let _ = if too_large {
        s.remove_item(key)
    } else {
        js_sys::Reflect::get(&s, &"setItem".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map_or(Ok(wasm_bindgen::JsValue::UNDEFINED), |f| {
                f.call2(&s, &key.into(), value)
            })
            .map(|_| ())
    };
}

/// The text saved under `key`, if any.
pub(crate) fn saved(key: &str) -> Option<String> {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .filter(|v| !v.is_empty())
}

/// Saves `value` under `key` (or forgets the key when the value is empty or too large to keep).
/// Storage errors (quota, private mode) are ignored: saving is a convenience, never a failure.
pub(crate) fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = if value.is_empty() || value.len() > MAX_SAVED {
            s.remove_item(key)
        } else {
            s.set_item(key, value)
        };
    }
}

fn initial_lang() -> Lang {
    let stored = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    if let Some(lang) = stored.as_deref().and_then(Lang::from_code) {
        return lang;
    }
    let nav = web_sys::window()
        .map(|w| w.navigator().language().unwrap_or_default())
        .unwrap_or_default();
    if nav.starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// Sets `<html lang>` so screen readers and fonts follow the choice.
fn apply_lang(lang: Lang) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.code());
    }
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

#[component]
pub fn App() -> Html {
    let lang = use_state_eq(initial_lang);
    // What the address's fragment shares, read once: a scenario (opened in the Scenarios tab),
    // a Builder frame, a lesson (the Lessons tab), frames or a capture (the Inspector).
    let link = use_state(|| {
        let hash = location_hash();
        use crate::model::share;
        (
            share::scenario_from_fragment(&hash),
            share::spec_from_fragment(&hash),
            share::lesson_from_fragment(&hash),
            share::frames_from_fragment(&hash),
            share::capture_from_fragment(&hash),
        )
    });
    let (shared, shared_spec, shared_lesson, shared_frames, shared_capture) = &*link;
    let tab = use_state_eq(|| {
        if shared_lesson.is_some() {
            Tab::Lessons
        } else if shared.is_some() {
            Tab::Scenarios
        } else if shared_spec.is_some() {
            Tab::Builder
        } else {
            // The address names the tab (back and forward move between tabs), else the tab a
            // reload left (#29).
            Tab::named(&location_hash())
                .or_else(|| saved(TAB_KEY).and_then(|name| Tab::named(&name)))
                .unwrap_or(Tab::Inspector)
        }
    });
    // The Scenarios and Lessons screens are mounted when first shown, then kept (hidden) with
    // their state: the page's first task draws only the screen it opens on.
    let shown = use_mut_ref(|| [false; 2]);
    let (scenarios_mounted, lessons_mounted) = {
        let mut s = shown.borrow_mut();
        s[0] |= *tab == Tab::Scenarios;
        s[1] |= *tab == Tab::Lessons;
        (s[0], s[1])
    };
    {
        // The address follows the tab: a new history entry per tab change, so that back and
        // forward move between tabs. A share link's fragment stays in place until the user
        // changes tab (its history entry keeps it).
        let first = use_mut_ref(|| true);
        use_effect_with(*tab, move |tab| {
            save(TAB_KEY, tab.name());
            let hash = location_hash();
            let want = format!("#{}", tab.name());
            let first = std::mem::replace(&mut *first.borrow_mut(), false);
            let share = !hash.is_empty() && Tab::named(&hash).is_none();
            if hash != want && !(first && share) {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let null = wasm_bindgen::JsValue::NULL;
                    let _ = if hash.is_empty() {
                        h.replace_state_with_url(&null, "", Some(&want))
                    } else {
                        h.push_state_with_url(&null, "", Some(&want))
                    };
                }
            }
        });
    }
    // The Builder's state outlives its tab (a share link's frame opens in it once).
    let builder = use_reducer_eq(|| {
        builder::initial(
            shared_spec
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(String::as_str),
        )
    });
    // A share link that cannot be read: said at the top of the page, with the screen left
    // empty (no default frame or scenario that would look like the link worked) until the
    // user dismisses it.
    let share_error = use_state(|| {
        shared
            .as_ref()
            .or(shared_spec.as_ref())
            .or(shared_frames.as_ref())
            .and_then(|r| r.as_ref().err().cloned())
            .or_else(|| {
                shared_capture
                    .as_ref()
                    .and_then(|r| r.as_ref().err().cloned())
            })
    });
    let dismiss_share_error = {
        let share_error = share_error.clone();
        Callback::from(move |_: MouseEvent| {
            // The bad fragment goes too, so that a reload does not show the error again.
            set_fragment("");
            share_error.set(None);
            // The screen that was hidden behind the message is back: the focus goes to its tab.
            focus_later("[role=tab][aria-selected=\"true\"]".to_string());
        })
    };
    // A link pasted into this tab's address bar (or a link followed within it) is read as a
    // fresh start, as opening it in a new tab would. The app's own links are written with
    // history.replaceState, which fires no hashchange.
    // Back and forward between tabs change only the fragment: the tab follows.
    {
        let tab = tab.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "hashchange", move |_| {
                    if let Some(t) = Tab::named(&location_hash()) {
                        tab.set(t);
                    } else if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                })
            });
            move || drop(listener)
        });
    }
    let inbox = use_state(|| match (shared_frames, shared_capture) {
        (Some(Ok(text)), _) => (1u32, Rc::new(text.clone().into_bytes())),
        (_, Some(Ok(c))) => (1u32, Rc::new(c.pcapng.clone())),
        _ => (0u32, Rc::new(Vec::new())),
    });
    let restore = match shared_capture {
        Some(Ok(c)) => Some((c.filter.clone(), c.selected)),
        _ => None,
    };
    let open_in_inspector = {
        let inbox = inbox.clone();
        let tab = tab.clone();
        Callback::from(move |bytes: Vec<u8>| {
            inbox.set((
                inbox.0 + 1,
                Rc::new(crate::import::export::hex_stream(&bytes).into_bytes()),
            ));
            tab.set(Tab::Inspector);
        })
    };
    // A lesson opens a built-in scenario in the Scenarios screen.
    let pick = use_state(|| None::<(u32, String)>);
    let open_scenario = {
        let pick = pick.clone();
        let tab = tab.clone();
        Callback::from(move |name: String| {
            let seq = pick.as_ref().map_or(0, |p| p.0 + 1);
            pick.set(Some((seq, name)));
            tab.set(Tab::Scenarios);
        })
    };
    // Drag and drop anywhere on the page: the file opens in the Inspector (which reads it in
    // slices through the import worker).
    let dropped = use_state(|| (0u32, None::<web_sys::File>));
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let dropped = dropped.clone();
        let tab = tab.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            dropped.set((dropped.0 + 1, Some(file)));
            tab.set(Tab::Inspector);
        })
    };
    let large = use_state_eq(|| {
        storage()
            .and_then(|s| s.get_item(LARGE_KEY).ok().flatten())
            .as_deref()
            == Some("1")
    });
    {
        let lang = *lang;
        use_effect_with(lang, move |_| apply_lang(lang));
    }
    let set_lang = |l: Lang| {
        let lang = lang.clone();
        Callback::from(move |_: MouseEvent| lang.set(l))
    };
    let set_tab = |x: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(x))
    };
    let toggle_large = {
        let large = large.clone();
        Callback::from(move |_: MouseEvent| {
            let next = !*large;
            if let Some(s) = storage() {
                let _ = s.set_item(LARGE_KEY, if next { "1" } else { "0" });
            }
            large.set(next);
        })
    };
    let l = *lang;
    // The ARIA tabs pattern: one tab stop (the selected tab); ←/→ (and Home/End) move between
    // the tabs and select them.
    const TABS: [Tab; 5] = Tab::ALL;
    let on_tab_key = {
        let tab = tab.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = TABS.iter().position(|x| *x == *tab).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % TABS.len(),
                "ArrowLeft" => (at + TABS.len() - 1) % TABS.len(),
                "Home" => 0,
                "End" => TABS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            tab.set(TABS[next]);
            // Focus follows the selection.
            let id = [
                testids::TAB_INSPECTOR,
                testids::TAB_BUILDER,
                testids::TAB_SCENARIOS,
                testids::TAB_LESSONS,
                testids::TAB_ABOUT,
            ][next];
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!("[data-testid={id}]"))
                        .ok()
                        .flatten()
                })
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        })
    };
    let tab_button = |x: Tab, id: &'static str, key: &'static str| {
        let selected = *tab == x;
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("active"))} data-testid={id}
                tabindex={if selected { "0" } else { "-1" }} onkeydown={on_tab_key.clone()}
                aria-selected={selected.to_string()} onclick={set_tab(x)}>{ t(l, key) }</button>
        }
    };
    html! {
        <div class={classes!("app", (*large).then_some("large"))} {ondragover} {ondrop}>
            <header class="top">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ Html::from_html_unchecked(AttrValue::from(LOGO)) }</span>
                    <h1>{ t(l, "app.title") }</h1>
                    <span class="tagline">{ t(l, "app.tagline") }</span>
                </div>
                <nav role="tablist" class="tabs">
                    { tab_button(Tab::Inspector, testids::TAB_INSPECTOR, "tab.inspector") }
                    { tab_button(Tab::Builder, testids::TAB_BUILDER, "tab.builder") }
                    { tab_button(Tab::Scenarios, testids::TAB_SCENARIOS, "tab.scenarios") }
                    { tab_button(Tab::Lessons, testids::TAB_LESSONS, "tab.lessons") }
                    { tab_button(Tab::About, testids::TAB_ABOUT, "tab.about") }
                </nav>
                <div class="controls">
                    <button class={classes!("toggle", (*large).then_some("on"))} data-testid={testids::LARGE_TEXT}
                        aria-pressed={large.to_string()} onclick={toggle_large}>{ t(l, "large_text") }</button>
                    <span class="lang" role="group" aria-label={t(l, "lang.label").to_string()}>
                        <button data-testid={testids::LANG_JA} lang="ja" aria-pressed={(l == Lang::Ja).to_string()} onclick={set_lang(Lang::Ja)}>{ t(l, "lang.ja") }</button>
                        <button data-testid={testids::LANG_EN} aria-pressed={(l == Lang::En).to_string()} onclick={set_lang(Lang::En)}>{ t(l, "lang.en") }</button>
                    </span>
                </div>
            </header>
            <main>
                if let Some(e) = &*share_error {
                    <div class="bad panel share-error" role="alert" data-testid={testids::SHARE_ERROR}>
                        <p>{ format!("{} {}", t(l, "share.failed"), e.text().get(l)) }</p>
                        <button data-testid={testids::SHARE_DISMISS} onclick={dismiss_share_error}>{ t(l, "share.dismiss") }</button>
                    </div>
                }
                <div hidden={*tab != Tab::Inspector || share_error.is_some()}><inspector::InspectorView lang={l} inbox={(*inbox).clone()} restore={restore.clone()} dropped={(*dropped).clone()} /></div>
                // Mounted only while shown, so that its field ids never double the Inspector's
                // in the DOM; its state is the app's (`builder` above).
                if *tab == Tab::Builder && share_error.is_none() {
                    <builder::BuilderView lang={l} on_open={open_in_inspector.clone()} ui={builder.clone()} />
                }
                if scenarios_mounted {
                    <div hidden={*tab != Tab::Scenarios || share_error.is_some()}>
                        <scenarios::ScenarioView lang={l} large={*large} on_open={open_in_inspector} active={*tab == Tab::Scenarios}
                            shared={shared.as_ref().and_then(|r| r.as_ref().ok().cloned())} pick={(*pick).clone()} />
                    </div>
                }
                if lessons_mounted {
                    <div hidden={*tab != Tab::Lessons || share_error.is_some()}>
                        <lessons::LessonsView lang={l} on_scenario={open_scenario} builder={builder.clone()}
                            shared={shared_lesson.as_ref().and_then(|r| r.as_ref().ok().cloned())} />
                    </div>
                }
                if *tab == Tab::About {
                    <section class="panel about" data-testid="about">
                        <h2>{ t(l, "tab.about") }</h2>
                        <p>{ t(l, "about.body") }</p>
                        <h3>{ t(l, "about.rfcs") }</h3>
                        <ul>{ for i18n::RFCS.iter().map(|(rfc, en, ja)| html! { <li><strong>{ *rfc }</strong>{ " — " }{ if l == Lang::Ja { *ja } else { *en } }</li> }) }</ul>
                    </section>
                }
            </main>
            <footer>
                <span data-testid="version">{ format!("{} {}", t(l, "footer.version"), crate::VERSION) }</span>
                <span>{ t(l, "footer.offline") }</span>
            </footer>
        </div>
    }
}

/// The current target of an event as `T`, if it is one.
fn target<T: JsCast>(e: &Event) -> Option<T> {
    e.target().and_then(|t| t.dyn_into::<T>().ok())
}

/// Offers `bytes` to the user as a file download.
/// Copies `text` to the clipboard, then sets `status` to `done_key` (a translation key), or to
/// "copy.failed" when the browser refuses (no permission, page not focused).
pub(crate) fn copy_text(
    text: &str,
    done_key: &'static str,
    status: &UseStateHandle<Option<&'static str>>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;
    let Some(w) = web_sys::window() else {
        return;
    };
    status.set(None);
    let promise = w.navigator().clipboard().write_text(text);
    let (ok, failed) = (status.clone(), status.clone());
    let on_ok = Closure::once(move |_: JsValue| ok.set(Some(done_key)));
    let on_err = Closure::once(move |_: JsValue| failed.set(Some("copy.failed")));
    let _ = promise.then2(&on_ok, &on_err);
    // Both must live until the promise settles (a copy is a rare, user-driven action).
    on_ok.forget();
    on_err.forget();
}

pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let result = (|| -> Option<()> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::new();
        parts.push(&array);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    })();
    if result.is_none() {
        gloo::console::error!("download failed");
    }
}

/// Puts `fragment` (`#capture=…`, or "" for none) in the address bar without a navigation or a
/// hashchange event (history.replaceState), so that copying a link never reloads the page.
pub(crate) fn set_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    let base = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{base}{fragment}")),
        );
    }
}
