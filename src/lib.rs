//! IGMP Workbench: decode, build and simulate IGMP (v1, v2, v3) in Ethernet II + IPv4.
//!
//! The pure core — [`codec`], [`import`], [`engine`], [`sim`], [`model`], [`analyze`] — uses no browser crate, no clock
//! and no OS randomness, so it runs the same natively (the `igmpwb` command line, the tests) and
//! in WebAssembly. The browser UI in `ui` is a thin layer over it (see ARCHITECTURE.md).

#![forbid(unsafe_code)]

pub mod analyze;
pub mod codec;
pub mod engine;
pub mod import;
pub mod json;
pub mod model;
pub mod num;
pub mod order;
pub mod sim;
pub mod sorted_map;
/// The DOM contract's ids (the UI's, and the markup the model writes for it).
#[path = "ui/testids.rs"]
pub mod testids;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The crate version, shown in the app footer and by `igmpwb --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
