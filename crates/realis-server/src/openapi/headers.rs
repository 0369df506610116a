//! The headers of the downloads: every 2xx answer whose body is a file (a PDF, an image, a ZIP,
//! a CSV — any type but JSON) comes with `Content-Disposition: attachment; filename="…"`, our own
//! file name ([`crate::extract::attachment`], and the CSV template and the certificates' ZIP
//! likewise), so the document says so on each of them from its content type.

use utoipa::Modify;
use utoipa::openapi::RefOr;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::{ObjectBuilder, Type};

/// `Content-Disposition` on every file download.
pub struct Downloads;

/// Whether a body of `media_type` is a file rather than a JSON document.
fn is_file(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence != "application/json" && !essence.ends_with("+json")
}

/// The example file name of a download of `media_type`.
fn example_name(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "document-2026-10.pdf",
        "application/zip" => "certificats-2026-10.zip",
        "text/csv" => "heures-2026-10.csv",
        "image/png" => "logo.png",
        "image/jpeg" => "logo.jpg",
        _ => "piece-jointe-12.pdf",
    }
}

impl Modify for Downloads {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in operations.into_iter().flatten() {
                for (status, response) in &mut op.responses.responses {
                    let RefOr::T(response) = response else {
                        continue;
                    };
                    let Some(media_type) = response.content.keys().find(|m| is_file(m)) else {
                        continue;
                    };
                    if !status.starts_with('2') {
                        continue;
                    }
                    let example = format!("attachment; filename=\"{}\"", example_name(media_type));
                    let header = HeaderBuilder::new()
                        .schema(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .pattern(Some("^attachment; filename=\"[^\"]+\"$"))
                                .examples([example]),
                        )
                        .description(Some(
                            "`attachment; filename=\"…\"`: a download, with the name to save it under.",
                        ))
                        .build();
                    response
                        .headers
                        .insert("Content-Disposition".to_owned(), header);
                }
            }
        }
    }
}
