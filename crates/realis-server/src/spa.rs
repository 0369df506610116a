//! Serving the built SPA, with `index.html` for client-side routes, and a clear page when the
//! SPA has not been built. actix-files has no precompressed variants, so the files are served
//! here with its `NamedFile` (ETag, Last-Modified, ranges) and the build's `.br`/`.gz` copies.

use std::path::{Path, PathBuf};

use actix_files::{NamedFile, file_extension_to_mime};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentEncoding};
use actix_web::{HttpRequest, HttpResponse, web};
use realis_api_types::ErrorCode;

use crate::error::ApiError;

const NOT_BUILT: &str = r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Réalis — interface non construite</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:40em;margin:3em auto">
<h1>Réalis</h1>
<p>Le serveur fonctionne, mais l'interface web n'a pas été construite.</p>
<p>Construisez-la avec <code>cargo xtask build</code> (ou lancez tout avec <code>cargo xtask run</code>),
ou indiquez son dossier avec <code>REALIS_WEB_DIR</code>.</p>
<p>L'API reste disponible : <a href="/swagger-ui/">documentation Swagger UI</a>, <a href="/healthz">/healthz</a>.</p>
</body></html>
"#;

/// Registers the SPA (or the "not built" page) as the catch-all service; `/api/...` paths that
/// matched nothing get a problem+json 404.
pub fn configure(cfg: &mut web::ServiceConfig, web_dir: Option<PathBuf>) {
    match web_dir {
        Some(dir) => {
            let dir = std::sync::Arc::new(dir);
            cfg.default_service(fn_service(move |req: ServiceRequest| {
                let dir = dir.clone();
                async move {
                    if is_api(&req) {
                        return Ok(api_not_found(req));
                    }
                    if !matches!(*req.method(), Method::GET | Method::HEAD) {
                        return Ok(page_method_not_allowed(req));
                    }
                    let (req, _) = req.into_parts();
                    let res = serve_file(&req, &dir).await?;
                    Ok(ServiceResponse::new(req, res))
                }
            }));
        }
        None => {
            cfg.default_service(fn_service(|req: ServiceRequest| async move {
                if is_api(&req) {
                    return Ok(api_not_found(req));
                }
                if !matches!(*req.method(), Method::GET | Method::HEAD) {
                    return Ok(page_method_not_allowed(req));
                }
                let res = HttpResponse::Ok()
                    .insert_header(CacheControl(vec![CacheDirective::NoCache]))
                    .content_type("text/html; charset=utf-8")
                    .body(NOT_BUILT);
                Ok(req.into_response(res))
            }));
        }
    }
}

/// Sends a file of the (flat) SPA directory, or `index.html` for any other path (client-side
/// routes). The brotli or gzip copy made at build time (`name.br`, `name.gz`) is sent when the
/// client accepts it; content-hashed names are cached for a year, everything else revalidated.
async fn serve_file(req: &HttpRequest, dir: &Path) -> actix_web::Result<HttpResponse> {
    let requested = req.path().trim_start_matches('/');
    let name = if is_plain_name(requested) && dir.join(requested).is_file() {
        requested
    } else {
        "index.html"
    };
    let path = dir.join(name);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let accepted = accepted_encodings(req);
    let mut chosen = None;
    for (enc, suffix, accepted) in [
        (ContentEncoding::Brotli, "br", accepted.0),
        (ContentEncoding::Gzip, "gz", accepted.1),
    ] {
        let candidate = dir.join(format!("{name}.{suffix}"));
        if accepted && candidate.is_file() {
            chosen = Some((enc, candidate));
            break;
        }
    }
    let file = match chosen {
        Some((enc, p)) => NamedFile::open_async(&p)
            .await?
            .set_content_encoding(enc)
            .set_content_type(file_extension_to_mime(ext)),
        None => NamedFile::open_async(&path).await?,
    };
    let mut res = file.disable_content_disposition().into_response(req);
    let headers = res.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(if is_hashed(name) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Encoding"),
    );
    Ok(res)
}

/// One file name of the build's flat directory; never a path out of it, nor a compressed copy
/// asked for by name.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with(".br")
        && !name.ends_with(".gz")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `stem-<16 hex digits>.ext`, as the build names the wasm, the scripts and the style sheet.
fn is_hashed(name: &str) -> bool {
    name.rsplit_once('.')
        .and_then(|(stem, _)| stem.rsplit_once('-'))
        .is_some_and(|(_, hash)| {
            hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// Whether `Accept-Encoding` accepts brotli and gzip (a coding with `q=0` is refused).
fn accepted_encodings(req: &HttpRequest) -> (bool, bool) {
    let mut br = false;
    let mut gzip = false;
    for value in req.headers().get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match coding.as_str() {
                "br" => br = !refused,
                "gzip" => gzip = !refused,
                _ => {}
            }
        }
    }
    (br, gzip)
}

fn is_api(req: &ServiceRequest) -> bool {
    let p = req.path();
    p == "/api" || p.starts_with("/api/") || p.starts_with("/api-docs")
}

/// A path no route matched: 405 with `Allow` when the path exists with other methods, else 404.
fn api_not_found(req: ServiceRequest) -> ServiceResponse {
    let res = match crate::allow::allowed(req.path()) {
        Some(allow) => method_not_allowed(&allow),
        None => actix_web::ResponseError::error_response(&ApiError::new(
            ErrorCode::NotFound,
            "No such endpoint.",
        )),
    };
    req.into_response(res)
}

/// Pages of the SPA are read, not written.
fn page_method_not_allowed(req: ServiceRequest) -> ServiceResponse {
    req.into_response(method_not_allowed("GET, HEAD"))
}

/// `405 Method Not Allowed` as problem+json, with the methods the path answers.
pub fn method_not_allowed(allow: &str) -> HttpResponse {
    let mut res = actix_web::ResponseError::error_response(&ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("This path answers {allow}."),
    ));
    if let Ok(v) = header::HeaderValue::from_str(allow) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}
