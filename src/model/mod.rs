//! UI-independent application state and logic: the translation table, the Inspector's packet
//! list and tree↔hex linking, and the built-in samples. Unit-tested natively; the UI only
//! renders it and forwards events.

// The model holds what users bring (captures, pastes, links, lessons) and runs on wasm32 (#31):
// as in the codec, no arithmetic wraps, no index panics and no cast truncates silently.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]
// Test modules may panic: a panic is their report. (The library's own build keeps the lints.)
#![cfg_attr(
    test,
    allow(
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )
)]

pub mod analysis_view;
pub mod builder;
pub mod builder_mld;
pub mod builder_ui;
pub mod diagram;
pub mod filter;
pub mod filter_share;
pub mod frames;
pub mod glossary;
pub mod i18n;
pub mod import_job;
pub mod inspector;
pub mod lesson;
pub mod player;
pub mod predict;
pub mod regex;
pub mod samples;
pub mod scenario_ui;
pub mod share;
pub mod time_format;
pub mod worker_messages;
