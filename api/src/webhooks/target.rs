//! Where a webhook may send (issue #8): an absolute `http(s)://` URL without credentials
//! whose host leads only to public unicast addresses. Private networks, loopback,
//! link-local (where cloud metadata services answer), CGNAT, multicast, broadcast,
//! documentation and reserved ranges are refused, as are the IPv6 forms that carry such an
//! IPv4 address; the URL parser has already turned odd IPv4 spellings (`0x7f.1`,
//! `2130706433`, `017700000001`) into plain addresses.
//!
//! The rule is checked when a webhook is written (after DNS resolution, so that a name for
//! an internal address is refused with a reason) and again on every attempt, on the
//! addresses the connection uses: `Resolver` drops refused addresses from each DNS
//! answer, so a name that changes its answer after the check (DNS rebinding) still cannot
//! reach inside. `SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE` lifts the address rule (not the
//! others) for closed networks and tests.

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs},
    time::Duration,
};

use reqwest::{
    dns::{Addrs, Name, Resolve, Resolving},
    Url,
};

/// Why a webhook URL or address is refused; the text is shown to the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(String);

/// How long a name may take to resolve.
const DNS_TIMEOUT: Duration = Duration::from_secs(5);

const PRIVATE: &str = "a private address";
const DOCUMENTATION: &str = "a documentation address";
const RESERVED: &str = "a reserved address";
const METADATA: &str = "a cloud metadata address";

/// IPv4 networks refused, first match wins: (network, prefix length, what it is).
const V4_REFUSED: &[([u8; 4], u32, &str)] = &[
    ([255, 255, 255, 255], 32, "the broadcast address"),
    ([0, 0, 0, 0], 8, "an unspecified (\"this network\") address"),
    ([10, 0, 0, 0], 8, PRIVATE),
    ([100, 64, 0, 0], 10, "a shared (CGNAT) address"), // Alibaba's metadata, 100.100.100.200, is here
    ([127, 0, 0, 0], 8, "a loopback address"),
    ([169, 254, 0, 0], 16, "a link-local address (where cloud metadata services answer)"),
    ([172, 16, 0, 0], 12, PRIVATE),
    ([192, 0, 0, 0], 24, RESERVED), // IETF protocol assignments; Oracle's metadata, 192.0.0.192
    ([192, 0, 2, 0], 24, DOCUMENTATION),
    ([192, 88, 99, 0], 24, RESERVED), // 6to4 relays
    ([192, 168, 0, 0], 16, PRIVATE),
    ([198, 18, 0, 0], 15, "a benchmarking address"),
    ([198, 51, 100, 0], 24, DOCUMENTATION),
    ([203, 0, 113, 0], 24, DOCUMENTATION),
    ([224, 0, 0, 0], 4, "a multicast address"),
    ([240, 0, 0, 0], 4, RESERVED),
    // Public addresses that answer as metadata services inside a cloud: Azure's wire server.
    ([168, 63, 129, 16], 32, METADATA),
];

/// IPv6 networks refused, first match wins. Outside 2000::/3 (global unicast) everything
/// else is reserved too.
const V6_REFUSED: &[(Ipv6Addr, u32, &str)] = &[
    (Ipv6Addr::UNSPECIFIED, 128, "an unspecified address"),
    (Ipv6Addr::LOCALHOST, 128, "a loopback address"),
    // Unique local; AWS's metadata service answers on fd00:ec2::254.
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, PRIVATE),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, "a link-local address"),
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, "a multicast address"),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32, DOCUMENTATION),
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20, DOCUMENTATION),
    // IETF protocol assignments: Teredo (which carries an IPv4 address), benchmarking, ORCHID.
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, RESERVED),
    // 6to4, which carries an IPv4 address.
    (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16, RESERVED),
];

/// What a refused address is ("a loopback address"), or None for a public unicast one.
pub fn refused(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => refused_v4(ip),
        IpAddr::V6(ip) => refused_v6(ip),
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let bits = ip.to_bits();
    V4_REFUSED
        .iter()
        .find(|(net, len, _)| (bits ^ Ipv4Addr::from(*net).to_bits()).checked_shr(32 - len).unwrap_or(0) == 0)
        .map(|(_, _, what)| *what)
}

fn refused_v6(ip: Ipv6Addr) -> Option<&'static str> {
    // ::ffff:a.b.c.d reaches a.b.c.d; NAT64 (64:ff9b::/96) reaches the IPv4 address in its
    // last 32 bits: both are judged by that address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refused_v4(v4);
    }
    let bits = ip.to_bits();
    if bits >> 32 == Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0).to_bits() >> 32 {
        return refused_v4(Ipv4Addr::from_bits(bits as u32));
    }
    let within = |net: Ipv6Addr, len: u32| (bits ^ net.to_bits()).checked_shr(128 - len).unwrap_or(0) == 0;
    match V6_REFUSED.iter().find(|(net, len, _)| within(*net, *len)) {
        Some((_, _, what)) => Some(what),
        None if !within(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3) => Some(RESERVED),
        None => None,
    }
}

/// A webhook URL as an admin writes it: absolute `http(s)://` with a host, and no user
/// name or password (deliveries are authenticated by their signature, and a password in
/// a URL ends up in screens, logs and proxies).
pub fn parse(text: &str) -> Result<Url, Refused> {
    let not_http = || Refused("must be an absolute http:// or https:// URL".into());
    let url = Url::parse(text.trim()).map_err(|_| not_http())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(not_http());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused(
            "must not contain a user name or password: receivers check the X-Switchboard-Signature instead".into(),
        ));
    }
    Ok(url)
}

/// Checks where `url` leads (unless private targets are allowed): an address in the URL
/// itself, or every address its host name resolves to now.
pub async fn check(url: &Url, allow_private: bool) -> Result<(), Refused> {
    check_literal(url, allow_private)?;
    match url.host_str() {
        Some(name) if !allow_private && host_ip(url).is_none() => {
            for addr in lookup(name).await? {
                if let Some(what) = refused(addr.ip()) {
                    return Err(refusal(name, addr.ip(), what));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks an address written in the URL, which no resolver sees: the part of the rule that
/// is checked before each attempt (`Resolver` does the rest).
pub fn check_literal(url: &Url, allow_private: bool) -> Result<(), Refused> {
    let Some(ip) = host_ip(url) else { return Ok(()) };
    match refused(ip) {
        Some(what) if !allow_private => Err(refusal(&ip.to_string(), ip, what)),
        _ => Ok(()),
    }
}

/// The address written as the URL's host, if it is one (the parser has normalised it;
/// IPv6 comes in brackets).
fn host_ip(url: &Url) -> Option<IpAddr> {
    url.host_str()?.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

fn refusal(host: &str, ip: IpAddr, what: &str) -> Refused {
    let leads = if host == ip.to_string() { format!("leads to {ip}") } else { format!("{host} resolves to {ip}") };
    Refused(format!("{leads}, {what}: webhooks are sent only to public addresses"))
}

/// A URL as shown (in answers and logs): any password, or a lone user name (often a
/// token), is masked. New URLs carry none (`parse`); this covers rows written before.
pub fn shown(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() || !u.username().is_empty() => {
            let _ = if u.password().is_some() { u.set_password(Some("***")) } else { u.set_username("***") };
            u.to_string()
        }
        Ok(_) => url.to_owned(),
        Err(_) => "(not a URL)".to_owned(),
    }
}

/// The system's answer for `host`, off the async threads.
async fn lookup(host: &str) -> Result<Vec<SocketAddr>, Refused> {
    let name = host.to_owned();
    let answer = tokio::task::spawn_blocking(move || (name.as_str(), 0).to_socket_addrs().map(Vec::from_iter));
    match tokio::time::timeout(DNS_TIMEOUT, answer).await {
        Ok(Ok(Ok(addrs))) if !addrs.is_empty() => Ok(addrs),
        _ => Err(Refused(format!("{host} cannot be resolved"))),
    }
}

/// The resolver of the delivery client: the system's answer without the refused
/// addresses, so a connection only ever goes to an address that passed the rule.
#[derive(Debug, Clone, Copy)]
pub struct Resolver {
    pub allow_private: bool,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs = lookup(&host).await?;
            let first = addrs[0].ip();
            let kept: Vec<SocketAddr> =
                addrs.into_iter().filter(|a| allow_private || refused(a.ip()).is_none()).collect();
            if kept.is_empty() {
                let what = refused(first).unwrap_or(RESERVED);
                return Err(refusal(&host, first, what).into());
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_and_reserved_addresses_are_refused() {
        for (addr, what) in [
            ("127.0.0.1", "loopback"),
            ("127.255.0.9", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local"),
            ("100.64.0.1", "CGNAT"),
            ("100.100.100.200", "CGNAT"),
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "unspecified"),
            ("255.255.255.255", "broadcast"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("240.0.0.1", "reserved"),
            ("192.0.0.192", "reserved"),
            ("192.0.2.10", "documentation"),
            ("198.51.100.7", "documentation"),
            ("203.0.113.5", "documentation"),
            ("198.18.0.1", "benchmarking"),
            ("168.63.129.16", "metadata"),
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:169.254.169.254", "link-local"),
            ("::ffff:10.0.0.1", "private"),
            ("64:ff9b::7f00:1", "loopback"),
            ("fd00:ec2::254", "private"),
            ("fc00::1", "private"),
            ("fe80::1", "link-local"),
            ("ff02::1", "multicast"),
            ("2001:db8::1", "documentation"),
            ("3fff::1", "documentation"),
            ("2001::1", "reserved"),
            ("2002:7f00:1::1", "reserved"),
            ("::127.0.0.1", "reserved"),
            ("fec0::1", "reserved"),
            ("100::1", "reserved"),
        ] {
            let got = refused(ip(addr));
            assert!(got.is_some_and(|g| g.contains(what)), "{addr}: {got:?}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for addr in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.215.14",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.0.1",
            "223.255.255.255",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2606:4700::1111",
            "2001:4860:4860::8888",
        ] {
            assert_eq!(refused(ip(addr)), None, "{addr}");
        }
    }

    #[test]
    fn odd_ipv4_spellings_are_read_as_the_address_they_mean() {
        for text in [
            "http://0x7f.1/",
            "http://2130706433/",
            "http://017700000001/",
            "http://127.1/",
            "http://0177.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
        ] {
            let url = parse(text).unwrap();
            let refusal = check_literal(&url, false).expect_err(text).to_string();
            assert!(refusal.contains("loopback"), "{text}: {refusal}");
            assert!(check_literal(&url, true).is_ok(), "{text}: allowed on a closed network");
        }
        let metadata = parse("http://0xa9fea9fe/latest/meta-data/").unwrap();
        assert!(check_literal(&metadata, false).is_err());
    }

    #[test]
    fn only_http_urls_without_credentials() {
        for bad in ["ftp://example.com/x", "file:///etc/passwd", "not a url", "http://", "gopher://example.com/"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        for bad in ["https://user:pw@example.com/x", "https://token@example.com/x", "https://:pw@example.com/x"] {
            assert!(parse(bad).unwrap_err().to_string().contains("password"), "{bad}");
        }
        assert_eq!(parse(" https://example.com/hook ").unwrap().as_str(), "https://example.com/hook");
    }

    #[test]
    fn credentials_are_masked_when_shown() {
        assert_eq!(shown("https://crm:s3cret@example.com/h"), "https://crm:***@example.com/h");
        assert_eq!(shown("https://tok3n@example.com/h"), "https://***@example.com/h");
        assert_eq!(shown("https://example.com/h?a=1"), "https://example.com/h?a=1");
    }

    #[tokio::test]
    async fn names_are_judged_by_what_they_resolve_to() {
        let url = parse("http://localhost:5432/").unwrap();
        let refusal = check(&url, false).await.unwrap_err().to_string();
        assert!(refusal.contains("localhost resolves to") && refusal.contains("loopback"), "{refusal}");
        assert!(check(&url, true).await.is_ok());

        let resolved = Resolver { allow_private: false }.resolve("localhost".parse().unwrap()).await;
        assert!(resolved.is_err(), "the delivery client gets no address for it");
        let allowed = Resolver { allow_private: true }.resolve("localhost".parse().unwrap()).await.unwrap();
        assert!(allowed.into_iter().all(|a| a.ip().is_loopback()));
    }
}
