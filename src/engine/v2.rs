//! The IGMPv2 router's group states (RFC 2236 §7): the two state diagrams, for a querier and for
//! a non-querier, as one transition function.

/// "a router may be in one of four possible states with respect to any single IP multicast
/// group on any single attached network" (RFC 2236 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2State {
    /// "when there are no hosts on the network which have sent reports for this multicast
    /// group … it requires no storage in the router."
    NoMembersPresent,
    MembersPresent,
    /// "when there is an IGMPv1 host on the network which has sent a Version 1 Membership
    /// Report for this multicast group."
    V1MembersPresent,
    /// "when the router has received a Leave Group message but has not yet heard a Membership
    /// Report for the multicast group."
    CheckingMembership,
}

impl V2State {
    pub fn name(self) -> &'static str {
        match self {
            V2State::NoMembersPresent => "NoMembersPresent",
            V2State::MembersPresent => "MembersPresent",
            V2State::V1MembersPresent => "V1MembersPresent",
            V2State::CheckingMembership => "CheckingMembership",
        }
    }
}

/// "There are six significant events that can cause router state transitions", and the
/// non-querier's "g-s query rec'd".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2Event {
    V2Report,
    V1Report,
    Leave,
    /// A non-querier hears the querier's group-specific query.
    GroupQueryHeard,
    TimerExpired,
    RetransmitTimerExpired,
    V1HostTimerExpired,
}

/// The actions of RFC 2236 §7 a transition takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct V2Actions {
    /// "start timer": the group timer to [Group Membership Interval].
    pub start_timer: bool,
    /// "start timer*": [Last Member Query Interval] * [Last Member Query Count] for a querier,
    /// "[Max Response Time] in the packet * [Last Member Query Count]" for a non-querier.
    pub start_timer_star: bool,
    /// "start retransmit timer" [Last Member Query Interval].
    pub start_retransmit_timer: bool,
    /// "clear rxmt tmr".
    pub clear_retransmit_timer: bool,
    /// "start v1 host timer" [Group Membership Interval].
    pub start_v1_host_timer: bool,
    /// "send group-specific query".
    pub send_group_query: bool,
    /// "notify routing +" (`Some(true)`) or "notify routing -" (`Some(false)`).
    pub notify: Option<bool>,
}

/// One transition of RFC 2236 §7's diagrams: the next state and its actions. `querier` picks
/// the diagram ("non-Queriers do not send any messages and are only driven by message
/// reception. Note that non-Queriers do not care whether a Membership Report message is
/// Version 1 or Version 2."). `None`: the event changes nothing in this state (a Leave in
/// Version 1 Members Present, say: RFC 2236 §5 "routers … MUST ignore Leave Group messages"
/// while v1 hosts may be present; non-queriers "MUST ignore Leave Group messages", §3).
pub fn step(state: V2State, event: V2Event, querier: bool) -> Option<(V2State, V2Actions)> {
    use V2Event::*;
    use V2State::*;
    let a = V2Actions::default();
    let start = V2Actions {
        start_timer: true,
        ..a
    };
    let notify_plus = |x: V2Actions| V2Actions {
        notify: Some(true),
        ..x
    };
    let notify_minus = V2Actions {
        notify: Some(false),
        ..a
    };
    let v1 = V2Actions {
        start_timer: true,
        start_v1_host_timer: true,
        ..a
    };
    if !querier {
        return Some(match (state, event) {
            (NoMembersPresent, V2Report | V1Report) => (MembersPresent, notify_plus(start)),
            (MembersPresent | CheckingMembership | V1MembersPresent, V2Report | V1Report) => {
                (MembersPresent, start)
            }
            (MembersPresent, GroupQueryHeard) => (
                CheckingMembership,
                V2Actions {
                    start_timer_star: true,
                    ..a
                },
            ),
            (MembersPresent | CheckingMembership | V1MembersPresent, TimerExpired) => {
                (NoMembersPresent, notify_minus)
            }
            _ => return None,
        });
    }
    Some(match (state, event) {
        (NoMembersPresent, V2Report) => (MembersPresent, notify_plus(start)),
        (NoMembersPresent, V1Report) => (V1MembersPresent, notify_plus(v1)),
        (MembersPresent | CheckingMembership, V2Report) => (MembersPresent, start),
        (V1MembersPresent, V2Report) => (V1MembersPresent, start),
        (MembersPresent | CheckingMembership | V1MembersPresent, V1Report) => {
            (V1MembersPresent, v1)
        }
        (MembersPresent, Leave) => (
            CheckingMembership,
            V2Actions {
                start_timer_star: true,
                start_retransmit_timer: true,
                send_group_query: true,
                ..a
            },
        ),
        (CheckingMembership, RetransmitTimerExpired) => (
            CheckingMembership,
            V2Actions {
                send_group_query: true,
                start_retransmit_timer: true,
                ..a
            },
        ),
        (CheckingMembership, TimerExpired) => (
            NoMembersPresent,
            V2Actions {
                clear_retransmit_timer: true,
                ..notify_minus
            },
        ),
        (MembersPresent | V1MembersPresent, TimerExpired) => (NoMembersPresent, notify_minus),
        (V1MembersPresent, V1HostTimerExpired) => (MembersPresent, a),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::V2Event::*;
    use super::V2State::*;
    use super::*;

    fn to(state: V2State, event: V2Event, querier: bool) -> Option<V2State> {
        step(state, event, querier).map(|x| x.0)
    }

    #[test]
    fn the_querier_diagram_edge_by_edge() {
        assert_eq!(to(NoMembersPresent, V2Report, true), Some(MembersPresent));
        assert_eq!(to(NoMembersPresent, V1Report, true), Some(V1MembersPresent));
        assert_eq!(to(MembersPresent, V2Report, true), Some(MembersPresent));
        assert_eq!(to(MembersPresent, V1Report, true), Some(V1MembersPresent));
        assert_eq!(to(MembersPresent, Leave, true), Some(CheckingMembership));
        assert_eq!(
            to(MembersPresent, TimerExpired, true),
            Some(NoMembersPresent)
        );
        assert_eq!(to(CheckingMembership, V2Report, true), Some(MembersPresent));
        assert_eq!(
            to(CheckingMembership, V1Report, true),
            Some(V1MembersPresent)
        );
        assert_eq!(
            to(CheckingMembership, RetransmitTimerExpired, true),
            Some(CheckingMembership)
        );
        assert_eq!(
            to(CheckingMembership, TimerExpired, true),
            Some(NoMembersPresent)
        );
        assert_eq!(to(V1MembersPresent, V2Report, true), Some(V1MembersPresent));
        assert_eq!(to(V1MembersPresent, V1Report, true), Some(V1MembersPresent));
        assert_eq!(
            to(V1MembersPresent, V1HostTimerExpired, true),
            Some(MembersPresent)
        );
        assert_eq!(
            to(V1MembersPresent, TimerExpired, true),
            Some(NoMembersPresent)
        );
        // A Leave while v1 hosts may be present is ignored (RFC 2236 §5).
        assert_eq!(to(V1MembersPresent, Leave, true), None);
        assert_eq!(to(NoMembersPresent, Leave, true), None);
    }

    #[test]
    fn the_querier_diagram_actions() {
        let (_, a) = step(MembersPresent, Leave, true).expect("edge");
        assert!(a.start_timer_star && a.start_retransmit_timer && a.send_group_query);
        let (_, a) = step(NoMembersPresent, V1Report, true).expect("edge");
        assert!(a.start_timer && a.start_v1_host_timer && a.notify == Some(true));
        let (_, a) = step(CheckingMembership, TimerExpired, true).expect("edge");
        assert!(a.clear_retransmit_timer && a.notify == Some(false));
        let (_, a) = step(CheckingMembership, RetransmitTimerExpired, true).expect("edge");
        assert!(a.send_group_query && a.start_retransmit_timer && !a.start_timer);
    }

    #[test]
    fn the_non_querier_diagram() {
        assert_eq!(to(NoMembersPresent, V1Report, false), Some(MembersPresent));
        assert_eq!(
            to(MembersPresent, GroupQueryHeard, false),
            Some(CheckingMembership)
        );
        assert_eq!(
            to(CheckingMembership, V2Report, false),
            Some(MembersPresent)
        );
        assert_eq!(
            to(CheckingMembership, TimerExpired, false),
            Some(NoMembersPresent)
        );
        assert_eq!(
            to(MembersPresent, Leave, false),
            None,
            "non-queriers ignore Leaves"
        );
        let (_, a) = step(MembersPresent, GroupQueryHeard, false).expect("edge");
        assert!(a.start_timer_star && !a.send_group_query);
    }
}
