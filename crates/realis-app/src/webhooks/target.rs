//! Where a webhook may be delivered: an absolute `https://` URL whose host resolves to public
//! addresses only, checked when the subscription is saved and again at each attempt (the
//! connection then goes to the addresses checked, so a DNS answer that changes in between cannot
//! point it at the internal network).

use std::net::SocketAddr;

use realis_domain::webhook::{URL_MAX, UrlRefusal, is_public};
use url::Url;

/// A URL checked for delivery: the parsed URL, its host and the addresses to connect to.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: Url,
    pub host: String,
    pub addrs: Vec<SocketAddr>,
}

/// The URL's shape: absolute, `https` (or `http` when private targets are allowed), a host, no
/// more than [`URL_MAX`] characters.
pub fn parse(raw: &str, allow_private: bool) -> Result<Url, UrlRefusal> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > URL_MAX {
        return Err(UrlRefusal::Invalid);
    }
    let url = Url::parse(raw).map_err(|_| UrlRefusal::Invalid)?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(UrlRefusal::NotHttps),
        _ => return Err(UrlRefusal::Invalid),
    }
    if url.host_str().is_none_or(str::is_empty) || url.cannot_be_a_base() {
        return Err(UrlRefusal::Invalid);
    }
    Ok(url)
}

/// Resolves the URL's host and checks every address it names.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Target, UrlRefusal> {
    let host = url.host_str().ok_or(UrlRefusal::Invalid)?.to_owned();
    let port = url.port_or_known_default().ok_or(UrlRefusal::Invalid)?;
    // `host_str` keeps an IPv6 literal's brackets; the resolver wants it bare.
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare.as_str(), port))
        .await
        .map_err(|_| UrlRefusal::Unresolvable)?
        .collect();
    if addrs.is_empty() {
        return Err(UrlRefusal::Unresolvable);
    }
    if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(UrlRefusal::PrivateAddress);
    }
    Ok(Target {
        url: url.clone(),
        host: bare,
        addrs,
    })
}

/// [`parse`] then [`resolve`].
pub async fn check(raw: &str, allow_private: bool) -> Result<Target, UrlRefusal> {
    let url = parse(raw, allow_private)?;
    resolve(&url, allow_private).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_what_is_not_a_public_https_url() {
        for (raw, refusal) in [
            ("", UrlRefusal::Invalid),
            ("erp.example.fr/hooks", UrlRefusal::Invalid),
            ("ftp://erp.example.fr/", UrlRefusal::Invalid),
            ("http://erp.example.fr/", UrlRefusal::NotHttps),
            ("https://127.0.0.1/hooks", UrlRefusal::PrivateAddress),
            ("https://[::1]:8443/hooks", UrlRefusal::PrivateAddress),
            ("https://10.0.0.7/", UrlRefusal::PrivateAddress),
            (
                "https://169.254.169.254/latest/meta-data",
                UrlRefusal::PrivateAddress,
            ),
            ("https://localhost/hooks", UrlRefusal::PrivateAddress),
            ("https://[::ffff:192.168.0.1]/", UrlRefusal::PrivateAddress),
        ] {
            assert_eq!(check(raw, false).await.err(), Some(refusal), "{raw}");
        }
        let long = format!("https://a.example/{}", "x".repeat(URL_MAX));
        assert_eq!(check(&long, false).await.err(), Some(UrlRefusal::Invalid));
    }

    #[tokio::test]
    async fn private_targets_when_allowed() {
        let t = check("http://127.0.0.1:9/hooks", true).await;
        assert!(t.is_ok_and(|t| t.addrs.iter().all(|a| a.ip().is_loopback())));
        let v6 = check("https://[::1]:9/", true).await;
        assert!(v6.is_ok_and(|t| t.host == "::1"));
    }
}
