//! The browser app's entry point (built by trunk for wasm32).

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
