//! The MAC panel: the multicast IP to MAC mapping (RFC 1112 §6.4, and RFC 2464 §7 for IPv6) of a
//! typed address or of the chosen frame, with the groups that share a MAC, and whether the
//! frame's own destination MAC agrees with its IP destination. What is typed is this component's
//! own state.

use std::net::{Ipv4Addr, Ipv6Addr};

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{target, testids};
use crate::codec::{mac, Lang};
use crate::model::i18n::t;

#[derive(Properties, PartialEq)]
pub struct MacPanelProps {
    pub lang: Lang,
    /// The chosen frame's group (or multicast destination), shown when nothing is typed.
    pub frame_group: Option<Ipv4Addr>,
    /// The chosen frame's multicast IP destination and destination MAC, checked against each other.
    pub frame_dst: Option<Ipv4Addr>,
    pub frame_mac: Option<[u8; 6]>,
    /// Which frame is chosen: what was typed goes when another one is.
    pub frame: (u64, Option<usize>),
}

#[component]
pub fn MacPanel(props: &MacPanelProps) -> Html {
    let text = use_state_eq(String::new);
    {
        let text = text.clone();
        use_effect_with(props.frame, move |_| text.set(String::new()));
    }
    mac_panel(
        props.lang,
        &text,
        props.frame_group,
        props.frame_dst,
        props.frame_mac,
    )
}

fn mac_panel(
    l: Lang,
    text: &UseStateHandle<String>,
    frame_group: Option<Ipv4Addr>,
    frame_dst: Option<Ipv4Addr>,
    frame_mac: Option<[u8; 6]>,
) -> Html {
    // Full-width digits from a Japanese input method read as ASCII (codec::width).
    let typed = crate::codec::width::ascii_twins(text);
    let typed = typed.trim();
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = target::<HtmlInputElement>(&e) {
                text.set(input.value());
            }
        })
    };
    // The frame itself: its IP destination against its destination MAC (a Leave goes to
    // 224.0.0.2, whose MAC is not the group's).
    let frame_check = match (frame_mac, frame_dst) {
        (Some(fm), Some(dst)) if typed.is_empty() => {
            let expected = mac::multicast_mac(dst);
            let agrees = fm == expected;
            html! {
                <p class={if agrees { "ok" } else { "bad" }} data-testid={testids::MAC_FRAME_CHECK} data-agrees={agrees.to_string()}>
                    { format!("{} {dst} → {}; {} {}: ", t(l, "mac.frame_ip_dst"), mac::format_mac(&expected), t(l, "mac.frame_mac"), mac::format_mac(&fm)) }
                    { if agrees { t(l, "mac.agrees") } else { t(l, "mac.differs") } }
                </p>
            }
        }
        _ => html! {},
    };
    // One unbreakable box per octet, so that a narrow panel wraps the line between octets,
    // never inside one (#28). The lost bits: the low 4 of octet 1 and the top bit of octet 2.
    let bits = |text: String| -> Html {
        let octets = text.split('.').enumerate().map(|(k, octet)| {
            let digits = octet.chars().enumerate().map(|(i, c)| {
                let lost = (k == 0 && i >= 4) || (k == 1 && i == 0);
                html! { <span class={classes!(lost.then_some("lost"))}>{ c }</span> }
            });
            html! { <span class="octet">{ for digits }{ if k < 3 { "." } else { "" } }</span> }
        });
        html! { <p class="binary" data-testid={testids::MAC_BINARY}>{ for octets }</p> }
    };
    let group_view = |g: Ipv4Addr| {
        let m = mac::multicast_mac(g);
        html! {
            <>
                <p class="muted">{ t(l, "mac.binary") }</p>
                { bits(mac::binary(g)) }
                <p>{ format!("{} {g} → ", t(l, "mac.result")) }<code data-testid={testids::MAC_RESULT}>{ mac::format_mac(&m) }</code></p>
                <p class="muted">{ t(l, "mac.aliases") }</p>
                { aliases(mac::aliases(g), Some(g)) }
            </>
        }
    };
    // IPv6 (#30): the group's 16-bit pieces, the 6 lost ones struck; the solicited-node range
    // (RFC 4291 §2.7.1) explained where the group is in it.
    let v6_view = |g: Ipv6Addr| {
        let m = mac::ipv6_multicast_mac(g);
        let segments = g.segments();
        let pieces = segments.iter().enumerate().map(|(i, x)| {
            let sep = if i < 7 { ":" } else { "" };
            html! { <span class={classes!("octet", (i < 6).then_some("lost"))}>{ format!("{x:04x}{sep}") }</span> }
        });
        let shared = mac::ipv6_groups_of_mac(&m).unwrap_or_default();
        html! {
            <>
                <p class="muted">{ t(l, "mac.v6_rule") }</p>
                <p class="binary" data-testid={testids::MAC_BINARY}>{ for pieces }</p>
                <p>{ format!("{} {g} → ", t(l, "mac.result")) }<code data-testid={testids::MAC_RESULT}>{ mac::format_mac(&m) }</code></p>
                if mac::is_solicited_node(g) {
                    <p class="note">{ t(l, "mac.v6_solicited") }</p>
                }
                <p class="muted">{ t(l, "mac.v6_aliases") }</p>
                { aliases(shared, Some(g)) }
                <p class="note">{ t(l, "mac.v6_note") }</p>
            </>
        }
    };
    let body = if typed.is_empty() {
        match frame_group {
            Some(g) => html! {
                <>
                    { frame_check }
                    <h3>{ t(l, "mac.group_field") }</h3>
                    { group_view(g) }
                    <p class="note">{ t(l, "mac.note") }</p>
                </>
            },
            None => frame_check,
        }
    } else if let Some(m) = mac::parse_mac(typed) {
        match mac::groups_of_mac(&m) {
            Some(groups) => html! {
                <>
                    <p>{ t(l, "mac.result") }{ " " }<code data-testid={testids::MAC_RESULT}>{ mac::format_mac(&m) }</code></p>
                    <p class="muted">{ t(l, "mac.binary_of_mac") }</p>
                    { mac::binary_of_mac(&m).map(bits).unwrap_or_default() }
                    <p class="muted">{ t(l, "mac.groups_of_mac") }</p>
                    { aliases(groups, None) }
                    <p class="note">{ t(l, "mac.note") }</p>
                </>
            },
            None => match mac::ipv6_groups_of_mac(&m) {
                Some(groups) => html! {
                    <>
                        <p>{ t(l, "mac.result") }{ " " }<code data-testid={testids::MAC_RESULT}>{ mac::format_mac(&m) }</code></p>
                        <p class="muted">{ t(l, "mac.v6_rule") }</p>
                        <p class="muted">{ t(l, "mac.v6_aliases") }</p>
                        { aliases(groups, None) }
                        <p class="note">{ t(l, "mac.v6_note") }</p>
                    </>
                },
                None => html! { <p class="bad">{ t(l, "mac.not_multicast_mac") }</p> },
            },
        }
    } else if let Ok(a) = typed.parse::<Ipv6Addr>() {
        if a.is_multicast() {
            v6_view(a)
        } else {
            html! {
                <>
                    <p class="bad" data-testid={testids::MAC_UNICAST}>{ t(l, "mac.v6_unicast") }</p>
                    { v6_view(mac::solicited_node(a)) }
                </>
            }
        }
    } else {
        match typed.parse::<Ipv4Addr>() {
            Ok(g) if g.is_multicast() => html! {
                <>{ group_view(g) }<p class="note">{ t(l, "mac.note") }</p></>
            },
            Ok(_) => {
                html! { <p class="bad" data-testid={testids::MAC_UNICAST}>{ t(l, "mac.unicast") }</p> }
            }
            Err(_) => html! { <p class="bad">{ t(l, "mac.invalid") }</p> },
        }
    };
    html! {
        <section class="panel mac" data-testid={testids::MAC_MAP}>
            <h2>{ t(l, "mac.title") }</h2>
            <label>{ t(l, "mac.group") }{ " " }
                <input data-testid={testids::MAC_INPUT} placeholder={frame_group.map(|g| g.to_string()).unwrap_or_else(|| "239.1.2.3 / ff02::1:ff00:1 / 01:00:5e:01:02:03".into())} value={(**text).clone()} {oninput} />
            </label>
            { body }
        </section>
    }
}

/// The groups that share a MAC (IPv4 or IPv6), the one typed or chosen marked.
fn aliases<A: PartialEq + std::fmt::Display>(groups: Vec<A>, chosen: Option<A>) -> Html {
    html! {
        <ul class="aliases" data-testid={testids::MAC_ALIASES}>
            { for groups.into_iter().map(|a| html! { <li class={classes!((chosen.as_ref() == Some(&a)).then_some("self"))}>{ a.to_string() }</li> }) }
        </ul>
    }
}
