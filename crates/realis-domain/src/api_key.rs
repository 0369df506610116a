//! API keys (issue #12, part 1): the credentials of third-party software. A key acts as the
//! person who created it, narrowed by its scopes, for at most a year, optionally from a list of
//! addresses only.
//!
//! Format (after GitHub's tokens, so that secret scanners recognise it and a typo is refused
//! without a database read): `rls_`, 32 base62 characters drawn at random (190 bits), then 6
//! base62 characters of the CRC-32 of those 32. The server keeps only a keyed hash of the whole
//! key and its first 12 characters to show.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::Role;

/// What every key starts with.
pub const KEY_PREFIX: &str = "rls_";
/// Random characters after the prefix.
pub const RANDOM_LEN: usize = 32;
/// Checksum characters after the random part.
pub const CHECKSUM_LEN: usize = 6;
/// The whole key's length.
pub const KEY_LEN: usize = KEY_PREFIX.len() + RANDOM_LEN + CHECKSUM_LEN;
/// Characters of a key shown in lists (the prefix and 8 random characters).
pub const SHOWN_LEN: usize = 12;
/// A key's lifetime when none is asked for.
pub const DEFAULT_LIFETIME_DAYS: i64 = 90;
/// The longest lifetime a key may have.
pub const MAX_LIFETIME_DAYS: i64 = 366;
/// The owner is e-mailed this many days before the key expires.
pub const EXPIRY_NOTICE_DAYS: i64 = 7;
/// A key's name: at most this many characters.
pub const NAME_MAX_CHARS: usize = 100;
/// At most this many address rules per key.
pub const ALLOWED_IPS_MAX: usize = 20;
/// Requests per minute a key may make (the default of `REALIS_API_KEY_RATE_LIMIT`).
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 600;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What a key may do. A request needs one of the scopes its route asks for (the server's
/// table); a person's session needs none.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// Read dossiers, months, documents, payments, conversations and the dashboard.
    #[serde(rename = "dossiers:read")]
    DossiersRead,
    /// Enter hours and prepare months (one at a time or in batches).
    #[serde(rename = "hours:write")]
    HoursWrite,
    /// Certify months: signed scans, attachments, online codes.
    #[serde(rename = "certify")]
    Certify,
    /// Read the funder's back office (organisations, transmissions, settings, users).
    #[serde(rename = "funder:read")]
    FunderRead,
    /// Act in the funder's back office (dossiers, payments, reviews, transmissions).
    #[serde(rename = "funder:write")]
    FunderWrite,
    /// Manage webhooks and read the events journal.
    #[serde(rename = "webhooks")]
    Webhooks,
}

impl ApiScope {
    pub const ALL: [ApiScope; 6] = [
        ApiScope::DossiersRead,
        ApiScope::HoursWrite,
        ApiScope::Certify,
        ApiScope::FunderRead,
        ApiScope::FunderWrite,
        ApiScope::Webhooks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::DossiersRead => "dossiers:read",
            ApiScope::HoursWrite => "hours:write",
            ApiScope::Certify => "certify",
            ApiScope::FunderRead => "funder:read",
            ApiScope::FunderWrite => "funder:write",
            ApiScope::Webhooks => "webhooks",
        }
    }

    pub fn parse(s: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// «Lecture des dossiers»…: the label of the «Développeurs» page.
    pub fn label_fr(self) -> &'static str {
        match self {
            ApiScope::DossiersRead => "Lecture des dossiers, mois et documents",
            ApiScope::HoursWrite => "Saisie des heures et préparation des mois",
            ApiScope::Certify => "Certification des mois",
            ApiScope::FunderRead => "Lecture du suivi financeur",
            ApiScope::FunderWrite => "Actions du financeur",
            ApiScope::Webhooks => "Webhooks et journal des événements",
        }
    }

    /// The scopes a role may give its keys: an OF's staff and a funder's agents only.
    pub fn for_role(role: Role) -> &'static [ApiScope] {
        match role {
            Role::Organisation => &[
                ApiScope::DossiersRead,
                ApiScope::HoursWrite,
                ApiScope::Certify,
                ApiScope::Webhooks,
            ],
            Role::Funder => &[
                ApiScope::DossiersRead,
                ApiScope::FunderRead,
                ApiScope::FunderWrite,
                ApiScope::Webhooks,
            ],
            Role::Beneficiary | Role::Employer | Role::Admin => &[],
        }
    }

    /// Scopes from their stored form (`dossiers:read hours:write`), unknown words skipped.
    pub fn parse_list(s: &str) -> Vec<ApiScope> {
        let mut v: Vec<ApiScope> = s.split_whitespace().filter_map(ApiScope::parse).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The stored form of a list of scopes.
    pub fn join(scopes: &[ApiScope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn base62(mut n: u64, len: usize) -> String {
    let mut out = vec![b'0'; len];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap_or_default()
}

fn checksum(random: &str) -> String {
    base62(u64::from(crc32fast::hash(random.as_bytes())), CHECKSUM_LEN)
}

/// Builds a key from its random part (`RANDOM_LEN` draws, each an index into the base62
/// alphabet, reduced modulo 62 by the caller's uniform sampling).
pub fn key_from_draws(draws: &[u8; RANDOM_LEN]) -> String {
    let random: String = draws
        .iter()
        .map(|d| char::from(ALPHABET[usize::from(*d) % 62]))
        .collect();
    format!("{KEY_PREFIX}{random}{}", checksum(&random))
}

/// Whether a string has the shape and checksum of a key (a typo or a truncated copy fails here,
/// before any lookup).
pub fn is_well_formed(key: &str) -> bool {
    let Some(rest) = key.strip_prefix(KEY_PREFIX) else {
        return false;
    };
    if rest.len() != RANDOM_LEN + CHECKSUM_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, sum) = rest.split_at(RANDOM_LEN);
    checksum(random) == sum
}

/// The characters of a key shown in lists and e-mails.
pub fn shown_part(key: &str) -> String {
    key.chars().take(SHOWN_LEN).collect()
}

/// Why a key's settings are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRefusal {
    /// The name is empty or longer than [`NAME_MAX_CHARS`].
    Name,
    /// No scope, or one the role may not give.
    Scopes,
    /// The expiry is past or beyond [`MAX_LIFETIME_DAYS`].
    Expiry,
    /// An address rule is neither an IP address nor a CIDR block, or there are too many.
    AllowedIps,
}

/// A key's checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySettings {
    pub name: String,
    pub scopes: Vec<ApiScope>,
    pub expires_at: DateTime<Utc>,
    pub allowed_ips: Vec<IpRule>,
}

/// Checks what a user asked for a new key.
pub fn settle(
    role: Role,
    name: &str,
    scopes: &[ApiScope],
    expires_at: Option<DateTime<Utc>>,
    allowed_ips: &[String],
    now: DateTime<Utc>,
) -> Result<KeySettings, KeyRefusal> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > NAME_MAX_CHARS
        || !name.chars().all(crate::is_printable)
    {
        return Err(KeyRefusal::Name);
    }
    let allowed = ApiScope::for_role(role);
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() || scopes.iter().any(|s| !allowed.contains(s)) {
        return Err(KeyRefusal::Scopes);
    }
    let expires_at = expires_at.unwrap_or(now + Duration::days(DEFAULT_LIFETIME_DAYS));
    if expires_at <= now || expires_at > now + Duration::days(MAX_LIFETIME_DAYS) {
        return Err(KeyRefusal::Expiry);
    }
    if allowed_ips.len() > ALLOWED_IPS_MAX {
        return Err(KeyRefusal::AllowedIps);
    }
    let allowed_ips = allowed_ips
        .iter()
        .map(|s| IpRule::parse(s).ok_or(KeyRefusal::AllowedIps))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(KeySettings {
        name: name.to_owned(),
        scopes,
        expires_at,
        allowed_ips,
    })
}

/// One address a key may be used from, or a block of them (`192.0.2.0/24`, `2001:db8::/32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRule(ipnet::IpNet);

impl IpRule {
    pub fn parse(s: &str) -> Option<IpRule> {
        let s = s.trim();
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Some(IpRule(ipnet::IpNet::from(ip)));
        }
        s.parse::<ipnet::IpNet>().ok().map(|n| IpRule(n.trunc()))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client seen through an IPv6 socket (`::ffff:192.0.2.1`) is that IPv4 client.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.contains(&ip)
    }
}

impl std::fmt::Display for IpRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.prefix_len() == self.0.max_prefix_len() {
            write!(f, "{}", self.0.addr())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Whether a request from `ip` may use a key with these rules (none: from anywhere).
pub fn address_allowed(rules: &[IpRule], ip: Option<IpAddr>) -> bool {
    rules.is_empty() || ip.is_some_and(|ip| rules.iter().any(|r| r.contains(ip)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-12-03T10:00:00Z".parse().expect("test value")
    }

    #[test]
    fn a_key_has_the_prefix_and_a_checksum_a_typo_breaks() {
        let key = key_from_draws(&[7; RANDOM_LEN]);
        assert!(key.starts_with("rls_"));
        assert_eq!(key.len(), KEY_LEN);
        assert!(is_well_formed(&key));
        let mut typo = key.clone().into_bytes();
        typo[10] = if typo[10] == b'a' { b'b' } else { b'a' };
        assert!(!is_well_formed(
            &String::from_utf8(typo).expect("test value")
        ));
        assert!(!is_well_formed(&key[..KEY_LEN - 1]));
        assert!(!is_well_formed("eyJhbGciOiJIUzI1NiJ9.x.y"));
        assert_eq!(shown_part(&key).len(), SHOWN_LEN);
    }

    #[test]
    fn settings_default_to_ninety_days_and_refuse_what_the_role_cannot_give() {
        let s = settle(
            Role::Organisation,
            " ERP ",
            &[ApiScope::HoursWrite, ApiScope::HoursWrite],
            None,
            &[],
            now(),
        )
        .expect("test value");
        assert_eq!(s.name, "ERP");
        assert_eq!(s.scopes, vec![ApiScope::HoursWrite]);
        assert_eq!(s.expires_at, now() + Duration::days(90));
        assert_eq!(
            settle(
                Role::Organisation,
                "x",
                &[ApiScope::FunderWrite],
                None,
                &[],
                now()
            ),
            Err(KeyRefusal::Scopes)
        );
        assert_eq!(
            settle(Role::Organisation, "x", &[], None, &[], now()),
            Err(KeyRefusal::Scopes)
        );
        assert_eq!(
            settle(
                Role::Beneficiary,
                "x",
                &[ApiScope::DossiersRead],
                None,
                &[],
                now()
            ),
            Err(KeyRefusal::Scopes)
        );
        assert_eq!(
            settle(
                Role::Funder,
                "x",
                &[ApiScope::FunderRead],
                Some(now() + Duration::days(400)),
                &[],
                now()
            ),
            Err(KeyRefusal::Expiry)
        );
        assert_eq!(
            settle(
                Role::Funder,
                "x",
                &[ApiScope::FunderRead],
                Some(now()),
                &[],
                now()
            ),
            Err(KeyRefusal::Expiry)
        );
        assert_eq!(
            settle(
                Role::Funder,
                "  ",
                &[ApiScope::FunderRead],
                None,
                &[],
                now()
            ),
            Err(KeyRefusal::Name)
        );
        assert_eq!(
            settle(
                Role::Funder,
                "x",
                &[ApiScope::FunderRead],
                None,
                &["300.1.1.1".into()],
                now()
            ),
            Err(KeyRefusal::AllowedIps)
        );
    }

    #[test]
    fn address_rules_take_addresses_and_blocks() {
        let rules = vec![
            IpRule::parse("192.0.2.0/24").expect("test value"),
            IpRule::parse("2001:db8::1").expect("test value"),
        ];
        assert!(address_allowed(&rules, "192.0.2.77".parse().ok()));
        assert!(address_allowed(&rules, "::ffff:192.0.2.77".parse().ok()));
        assert!(address_allowed(&rules, "2001:db8::1".parse().ok()));
        assert!(!address_allowed(&rules, "198.51.100.1".parse().ok()));
        assert!(!address_allowed(&rules, None));
        assert!(address_allowed(&[], None));
        assert_eq!(
            IpRule::parse("192.0.2.9/24")
                .expect("test value")
                .to_string(),
            "192.0.2.0/24"
        );
        assert_eq!(
            IpRule::parse("192.0.2.9").expect("test value").to_string(),
            "192.0.2.9"
        );
    }

    #[test]
    fn scopes_round_trip_their_stored_form() {
        let all = ApiScope::ALL.to_vec();
        assert_eq!(ApiScope::parse_list(&ApiScope::join(&all)), all);
        assert_eq!(
            serde_json::to_string(&ApiScope::DossiersRead).expect("test value"),
            "\"dossiers:read\""
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_as_a_key_or_an_address_without_panicking(s in "\\PC{0,60}") {
            let _ = is_well_formed(&s);
            let _ = is_well_formed(&format!("rls_{s}"));
            let _ = IpRule::parse(&s);
            let _ = shown_part(&s);
        }
    }
}
