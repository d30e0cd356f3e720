//! The IGMP router's group state, written once: the simulator's routers drive it actively (they
//! send what it says they owe) and the capture analysis drives it passively (it checks that what
//! was owed appears in the capture, in time). Neither keeps a copy of any rule here.
//!
//! - [`v3`]: RFC 3376 §6.4.1/§6.4.2 (the filter-mode table with its timer actions and the
//!   queries owed), §6.5 (expiries), §6.6.1 (timers lowered by a query heard), §6.6.3 (which
//!   sources a "Send Q(G,X)" arms, the S flag), and §7.3.2 (group compatibility mode and the
//!   translation of older messages).
//! - [`v2`]: RFC 2236 §7's router group states and their transitions.
//! - [`timers`]: the derived intervals of RFC 2236 §8 and RFC 3376 §8.
//!
//! Pure and time-agnostic: the table works on source sets, and the timer arithmetic on any
//! [`timers::Time`] (the simulator's milliseconds, the analysis' microseconds).

// Driven by captures and scenarios, on wasm32 (#31): the codec's three lints.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

pub mod timers;
pub mod v2;
pub mod v3;

pub use crate::codec::RecordType;

/// A set of source addresses, in order.
pub type Set = BTreeSet<Ipv4Addr>;

/// A group record's filter mode (RFC 3376 §3.1, §6.2.1), for hosts' sockets and routers alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterMode {
    Include,
    Exclude,
}

impl FilterMode {
    pub fn name(self) -> &'static str {
        match self {
            FilterMode::Include => "INCLUDE",
            FilterMode::Exclude => "EXCLUDE",
        }
    }
}

/// 224.0.0.0/24, the Local Network Control Block: routers never forward it (RFC 5771 §4), so
/// they keep no forwarding state for it and owe it no group-specific queries (Linux's bridge
/// and FRR ignore reports for it).
pub fn link_local(g: Ipv4Addr) -> bool {
    let o = g.octets();
    o[0] == 224 && o[1] == 0 && o[2] == 0
}

/// 232.0.0.0/8, the Source-Specific Multicast range (RFC 4607 §1): "IGMPv1 and IGMPv2 reports
/// … for SSM addresses" must be ignored by routers and not sent by hosts (RFC 4604 §2.2).
pub fn ssm(g: Ipv4Addr) -> bool {
    g.octets()[0] == 232
}
