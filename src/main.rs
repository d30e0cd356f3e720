//! The browser app's entry point (built by trunk for wasm32).

// The allocator of every wasm instance (the page and its workers; none shares memory).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    // The same wasm runs the import worker (see ui::worker).
    if igmpwb::ui::worker::in_worker() {
        igmpwb::ui::worker::serve();
    } else {
        igmpwb::ui::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("igmp-workbench is the browser app: build it with trunk (see README). The command line is `igmpwb`.");
}
