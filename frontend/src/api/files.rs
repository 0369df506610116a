//! Protected files: opened, downloaded, read.

use gloo_net::http::Request;

use super::{exchange, fail, url};
use crate::errors::UiError;

/// Fetches a protected file and returns a `blob:` URL for `<img>` or a link.
pub async fn blob_url(path: &str) -> Result<String, UiError> {
    blob_of(exchange(Request::get(&url(path)).build()).await?).await
}

/// The body of a file answer as a `blob:` URL (its problem as the error).
pub(super) async fn blob_of(resp: gloo_net::http::Response) -> Result<String, UiError> {
    if !resp.ok() {
        return Err(fail(resp).await);
    }
    let ct = resp
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".into());
    let bytes = resp.binary().await.map_err(|_| UiError::network())?;
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&ct);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options)
        .map_err(|_| UiError::network())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| UiError::network())
}

/// Opens a protected file (PDF, image) in a new tab; says in French when it could not.
pub async fn open_file(path: &str) -> Result<(), UiError> {
    let url = blob_url(path).await.map_err(UiError::download_failed)?;
    let opened =
        web_sys::window().and_then(|w| w.open_with_url_and_target(&url, "_blank").ok().flatten());
    match opened {
        Some(_) => Ok(()),
        None => Err(UiError::popup_blocked()),
    }
}

/// Downloads a protected file under a meaningful name; says in French when it failed.
pub async fn download(path: &str, name: &str) -> Result<(), UiError> {
    let href = blob_url(path).await.map_err(UiError::download_failed)?;
    save_as(&href, name).ok_or_else(|| UiError::download_failed(UiError::network()))
}

/// Saves a `blob:` URL under `name` through a temporary `<a download>`.
pub fn save_as(href: &str, name: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a = doc.create_element("a").ok()?;
    a.set_attribute("href", href).ok()?;
    a.set_attribute("download", name).ok()?;
    let body = doc.body()?;
    body.append_child(&a).ok()?;
    if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
        el.click();
    }
    body.remove_child(&a).ok()?;
    Some(())
}

/// Reads a local file as UTF-8 text.
pub async fn file_text(file: web_sys::File) -> Option<String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}
