//! In-browser tests (headless Chromium through wasm-bindgen-test-runner): the real components,
//! the real DOM, hover and click linking between the field tree and the hex pane.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn mount() -> Element {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<igmpwb::ui::App>::with_root(root.clone()).render();
    root
}

fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn fire(el: &HtmlElement, kind: &str) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict(kind, &init).expect("event");
    el.dispatch_event(&ev).expect("dispatch");
}

fn highlighted(root: &Element) -> Vec<usize> {
    let list = root
        .query_selector_all("[data-highlighted=true]")
        .expect("query");
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-offset"))
        .filter_map(|o| o.parse().ok())
        .collect()
}

#[wasm_bindgen_test]
async fn hovering_the_group_field_highlights_exactly_its_four_bytes() {
    let root = mount();
    yew::scheduler::flush().await;
    find(&root, "[data-sample=v2-report]").click();
    yew::scheduler::flush().await;
    fire(&find(&root, "[data-field='igmp.maddr']"), "mouseover");
    fire(&find(&root, "[data-field='igmp.maddr']"), "mouseenter");
    yew::scheduler::flush().await;
    assert_eq!(highlighted(&root), vec![42, 43, 44, 45]);
}

#[wasm_bindgen_test]
async fn clicking_a_checksum_byte_selects_the_checksum_field() {
    let root = mount();
    yew::scheduler::flush().await;
    find(&root, "[data-sample=v2-report]").click();
    yew::scheduler::flush().await;
    find(&root, "[data-offset='40']").click();
    yew::scheduler::flush().await;
    let selected = find(&root, "[data-field][aria-selected=true]");
    assert_eq!(
        selected.get_attribute("data-field").as_deref(),
        Some("igmp.checksum")
    );
    assert_eq!(highlighted(&root), vec![40, 41]);
}

#[wasm_bindgen_test]
async fn language_switch_sets_html_lang_and_translates() {
    let root = mount();
    yew::scheduler::flush().await;
    find(&root, "[data-testid=lang-ja]").click();
    yew::scheduler::flush().await;
    let lang = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"));
    assert_eq!(lang.as_deref(), Some("ja"));
    assert!(find(&root, "[data-testid=tab-inspector]")
        .inner_text()
        .contains("インスペクタ"));
    find(&root, "[data-testid=lang-en]").click();
    yew::scheduler::flush().await;
}
