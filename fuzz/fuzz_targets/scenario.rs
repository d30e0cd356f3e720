//! Scenario JSON (a file or a share link) must not panic: parsing, validation, and, for what
//! validation accepts, a run within a small event budget.
#![no_main]

use igmpwb::sim;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(mut scenario) = serde_json::from_str::<sim::Scenario>(text) else { return };
    if scenario.validate().is_err() {
        return;
    }
    scenario.until = scenario.until.min(120.0);
    let seed = scenario.seed;
    let mut world = sim::World::new(scenario, seed);
    world.event_budget = 2_000;
    world.run_until(120_000);
    assert!(world.events <= 2_000);
});
