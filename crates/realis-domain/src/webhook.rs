//! Webhooks (Standard Webhooks 1.0): which addresses may receive them, how long a subscription's
//! fields may be, and when a failed delivery is tried again or given up.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::Duration;

/// Subscriptions one user may hold.
pub const MAX_ENDPOINTS_PER_USER: usize = 10;
/// Characters of a subscription's description.
pub const DESCRIPTION_MAX: usize = 200;
/// Characters of a subscription's URL.
pub const URL_MAX: usize = 2_000;
/// Attempts of one delivery: the first and nine retries.
pub const MAX_ATTEMPTS: i32 = 10;
/// An endpoint failing without a success for this long is disabled and its owner e-mailed.
pub const DISABLE_AFTER: Duration = Duration::days(5);
/// How long a receiver has to answer.
pub const TIMEOUT_SECONDS: u64 = 10;
/// Default base of the retry schedule (`REALIS_WEBHOOK_RETRY_BASE_SECONDS`).
pub const DEFAULT_RETRY_BASE_SECONDS: i64 = 60;

/// The wait after the n-th failed attempt, in multiples of the base: with the default base of a
/// minute, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 15 h, 20 h and 24 h — ten attempts over about
/// three days.
const SCHEDULE: [i64; 9] = [1, 5, 30, 120, 300, 600, 900, 1_200, 1_440];

/// When to try again after `failed_attempts` attempts failed (1 after the first), or `None`
/// when the delivery is given up.
pub fn retry_delay(failed_attempts: i32, base_seconds: i64) -> Option<Duration> {
    let i = usize::try_from(failed_attempts.checked_sub(1)?).ok()?;
    SCHEDULE
        .get(i)
        .map(|m| Duration::seconds(m.saturating_mul(base_seconds.max(1))))
}

/// Why a subscription is disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisabledReason {
    /// Its owner paused it.
    DisabledByOwner,
    /// The receiver answered 410 Gone.
    Gone,
    /// Every attempt failed for five days.
    Failing,
}

impl DisabledReason {
    pub const ALL: [DisabledReason; 3] = [
        DisabledReason::DisabledByOwner,
        DisabledReason::Gone,
        DisabledReason::Failing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisabledReason::DisabledByOwner => "disabled_by_owner",
            DisabledReason::Gone => "gone",
            DisabledReason::Failing => "failing",
        }
    }

    pub fn parse(s: &str) -> Option<DisabledReason> {
        DisabledReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first or next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up (ten attempts, or the subscription disabled); can be retried by hand.
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 3] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// What a receiver's answer means for the delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 2xx: delivered.
    Delivered,
    /// 410 Gone: the receiver asks us to stop; the endpoint is disabled.
    Gone,
    /// Anything else, or no answer: tried again later.
    Failed,
}

impl Answer {
    pub fn of_status(status: u16) -> Answer {
        match status {
            200..=299 => Answer::Delivered,
            410 => Answer::Gone,
            _ => Answer::Failed,
        }
    }
}

/// Whether `ip` is a public unicast address: not loopback, private, link-local, shared (CGNAT),
/// documentation, benchmarking, multicast, reserved or unspecified; an IPv4 address mapped or
/// translated into IPv6 is judged as the IPv4 address (against SSRF).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || s[0..6] == [0, 0, 0, 0, 0, 0])
}

/// Why a subscription's URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRefusal {
    /// Not an absolute `http(s)://host…` URL, or longer than [`URL_MAX`].
    Invalid,
    /// `http://` where only `https://` is allowed.
    NotHttps,
    /// The host is, or resolves to, a non-public address.
    PrivateAddress,
    /// The host does not resolve.
    Unresolvable,
}

impl UrlRefusal {
    pub fn code(self) -> crate::FieldCode {
        use crate::FieldCode as C;
        match self {
            UrlRefusal::Invalid => C::InvalidUrl,
            UrlRefusal::NotHttps => C::HttpsRequired,
            UrlRefusal::PrivateAddress => C::PrivateAddress,
            UrlRefusal::Unresolvable => C::UnresolvableHost,
        }
    }

    pub fn message_fr(self) -> &'static str {
        match self {
            UrlRefusal::Invalid => "Adresse invalide : indiquez une URL complète (https://…).",
            UrlRefusal::NotHttps => "Seules les adresses https:// sont acceptées.",
            UrlRefusal::PrivateAddress => {
                "Cette adresse désigne un réseau privé ou local : indiquez une adresse publique."
            }
            UrlRefusal::Unresolvable => "Ce nom de domaine est introuvable.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn only_public_unicast_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.10",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip(private)), "{private} is not public");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(public)), "{public} is public");
        }
    }

    #[test]
    fn ten_attempts_over_about_three_days() {
        let total: i64 = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n, DEFAULT_RETRY_BASE_SECONDS).map_or(0, |d| d.num_seconds()))
            .sum();
        assert!((2 * 86_400..4 * 86_400).contains(&total), "{total}");
        assert_eq!(retry_delay(MAX_ATTEMPTS, 60), None);
        assert_eq!(retry_delay(0, 60), None);
        assert_eq!(retry_delay(1, 2), Some(Duration::seconds(2)));
        assert_eq!(retry_delay(2, 2), Some(Duration::seconds(10)));
    }

    #[test]
    fn answers() {
        assert_eq!(Answer::of_status(204), Answer::Delivered);
        assert_eq!(Answer::of_status(410), Answer::Gone);
        assert_eq!(Answer::of_status(500), Answer::Failed);
        assert_eq!(Answer::of_status(301), Answer::Failed);
    }
}
