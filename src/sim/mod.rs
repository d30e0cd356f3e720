//! The IGMP state machines and the deterministic world.
