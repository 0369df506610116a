//! Serving the built SPA, with `index.html` for client-side routes, and a clear page when the
//! SPA has not been built.

use std::path::PathBuf;

use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
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
            let index = dir.join("index.html");
            let files = actix_files::Files::new("/", dir)
                .index_file("index.html")
                .use_etag(true)
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move {
                        if is_api(&req) {
                            return Ok(api_not_found(req));
                        }
                        if !matches!(*req.method(), Method::GET | Method::HEAD) {
                            return Ok(page_method_not_allowed(req));
                        }
                        let (req, _) = req.into_parts();
                        let file = actix_files::NamedFile::open_async(&index).await?;
                        let mut res = file.into_response(&req);
                        res.headers_mut().insert(
                            header::CACHE_CONTROL,
                            header::HeaderValue::from_static("no-cache"),
                        );
                        Ok(ServiceResponse::new(req, res))
                    }
                }));
            cfg.service(files);
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
