//! The built SPA as a browser gets it: the build's brotli/gzip copies chosen by
//! `Accept-Encoding`, content-hashed assets cached for a year, `index.html` revalidated.

use std::path::PathBuf;

use realis_mail::Mailer;
use realis_server::startup::WebSettings;

use crate::helpers::{TestApp, spawn_app_with_web};

const WASM: &str = "realis_web_bg-0123456789abcdef.wasm";

/// A directory shaped like `cargo xtask web`'s output; each compressed copy holds a marker so
/// the test sees which file was sent.
fn fake_dist(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("realis-spa-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let files: &[(&str, &[u8])] = &[
        ("index.html", b"<!DOCTYPE html><title>raw</title>"),
        ("index.html.br", b"index-br"),
        ("index.html.gz", b"index-gz"),
        (WASM, b"\0asm raw"),
        ("realis_web_bg-0123456789abcdef.wasm.br", b"wasm-br"),
        ("realis_web_bg-0123456789abcdef.wasm.gz", b"wasm-gz"),
        ("style.css", b"body{}"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    dir
}

async fn spawn_with_dist(tag: &str) -> TestApp {
    let web = WebSettings {
        web_dir: Some(fake_dist(tag)),
        ..WebSettings::default()
    };
    spawn_app_with_web(
        Mailer::memory("Réalis <no-reply@realis.test>").expect("mailer"),
        web,
    )
    .await
}

async fn get(t: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    t.client
        .get(t.url(path))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .expect("req")
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().expect("ascii").to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_wasm_is_sent_as_its_brotli_or_gzip_copy_by_accept_encoding() {
    let t = spawn_with_dist("negotiation").await;
    let path = format!("/{WASM}");
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", "br", "wasm-br"),
        ("gzip", "gzip", "wasm-gz"),
        ("br;q=0, gzip;q=0.8", "gzip", "wasm-gz"),
    ] {
        let res = get(&t, &path, accept).await;
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(header(&res, "content-encoding"), encoding, "{accept}");
        assert_eq!(header(&res, "content-type"), "application/wasm", "{accept}");
        assert!(
            header(&res, "vary")
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{accept}"
        );
        assert_eq!(res.text().await.expect("body"), body, "{accept}");
    }
    let res = get(&t, &path, "identity").await;
    assert_eq!(header(&res, "content-encoding"), "");
    assert_eq!(res.bytes().await.expect("body").as_ref(), b"\0asm raw");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_index_html_is_revalidated() {
    let t = spawn_with_dist("caching").await;
    let res = get(&t, &format!("/{WASM}"), "br").await;
    assert_eq!(
        header(&res, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    // A name without a hash may change under the same URL.
    let res = get(&t, "/style.css", "identity").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "cache-control"), "no-cache");
    for path in ["/", "/index.html", "/tableau-de-bord", "/dossiers/12"] {
        let res = get(&t, path, "br").await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        assert!(
            header(&res, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&res, "content-encoding"), "br", "{path}");
        assert_eq!(res.text().await.expect("body"), "index-br", "{path}");
    }
}

#[tokio::test]
async fn compressed_copies_and_paths_out_of_the_directory_are_not_served_by_name() {
    let t = spawn_with_dist("names").await;
    for path in [
        "/index.html.br",
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/.hidden",
    ] {
        let res = get(&t, path, "identity").await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("<title>raw</title>"),
            "{path}"
        );
    }
}
