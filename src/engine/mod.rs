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
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub mod family;
pub mod timers;
pub mod v2;
pub mod v3;

pub use crate::codec::RecordType;

/// A set of source addresses, in order: IPv4 for IGMP, IPv6 for MLD (the engine's rules are
/// the same for both; RFC 3810 §7's tables are RFC 3376 §6's with 128-bit addresses).
pub type Set = BTreeSet<IpAddr>;

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

/// A group no report is sent for and routers keep no state for: IPv4's 224.0.0.0/24, the Local
/// Network Control Block, which routers never forward (RFC 5771 §4), so that they owe it no
/// group-specific queries (Linux's bridge and FRR ignore reports for it); IPv6's link-scope
/// all-nodes address FF02::1, for which "MLD messages are never sent" (RFC 3810 §6; other
/// link-scope groups, the solicited-node ones among them, are reported).
pub fn link_local(g: IpAddr) -> bool {
    match g {
        IpAddr::V4(g) => {
            let o = g.octets();
            o[0] == 224 && o[1] == 0 && o[2] == 0
        }
        IpAddr::V6(g) => g == std::net::Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
    }
}

/// The Source-Specific Multicast ranges (RFC 4607 §1): 232.0.0.0/8 and FF3x::/32. "IGMPv1 and
/// IGMPv2 reports … for SSM addresses" must be ignored by routers and not sent by hosts (RFC 4604
/// §2.2), and so MLDv1 reports (RFC 4604 §2.2 speaks of MLDv1 too).
pub fn ssm(g: IpAddr) -> bool {
    match g {
        IpAddr::V4(g) => g.octets()[0] == 232,
        IpAddr::V6(g) => {
            let s = g.segments();
            s[0] & 0xfff0 == 0xff30 && s[1] == 0
        }
    }
}
