//! `igmpwb`: the workbench on the command line (same library as the browser app).
//!
//! Exit codes, as a Unix tool: 0 when it did what was asked (warnings go to standard error and
//! keep 0), 1 when the input could not be read or held errors (everything valid before the error
//! is still printed), 2 for usage errors (unknown flags, missing or extra arguments).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// The command line is native only; the wasm32 build of the crate (the browser app) has no use
// for it, and clippy checks every binary for wasm32 as well.
#[cfg(target_arch = "wasm32")]
fn main() {}
