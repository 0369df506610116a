//! PDFs: complete, parsed, and stripped of active content before they are stored.
//!
//! The funder's agents open these files: nothing in them may run. Removed: JavaScript (document
//! scripts, actions, `javascript:` links), what runs on opening or on a page, field or annotation
//! event (`/OpenAction`, `/AA`), launch, form-submission, data-import, remote and embedded go-to
//! and media actions, embedded files and file-attachment annotations, rich media, 3D and XFA
//! forms. Pages, text, images, links and form fields stay, so a signed scan stays usable.
//!
//! A PDF free of active content that lopdf reads strictly is stored as sent, so an electronic
//! signature (an Infogreffe Kbis, an e-signed consent letter) stays valid. Any other is stored as
//! lopdf rewrites it after the removal: what is stored is exactly what was checked (no byte a
//! viewer could read differently, no earlier revision, nothing after `%%EOF`).

use crate::error::Fault;
use realis_domain::FieldCode;
use std::collections::{BTreeSet, HashSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::{CappedWriter, Cleaned, Sniffed};
use crate::AppError;

/// Keys that hold only active content, in whatever dictionary they appear.
const ACTIVE_KEYS: &[(&[u8], &str)] = &[
    (b"OpenAction", "open_action"),
    (b"AA", "additional_actions"),
    (b"JS", "javascript"),
    // The document-level scripts of the catalog's name tree.
    (b"JavaScript", "javascript"),
    (b"EmbeddedFiles", "embedded_files"),
    // A portfolio: a viewer for embedded files.
    (b"Collection", "embedded_files"),
    (b"XFA", "xfa"),
    (b"NeedsRendering", "xfa"),
];

/// Action types (`/S`) that run code, open, fetch or send something.
const ACTIVE_ACTIONS: &[(&[u8], &str)] = &[
    (b"JavaScript", "javascript"),
    (b"Launch", "launch"),
    (b"SubmitForm", "submit_form"),
    (b"ImportData", "import_data"),
    (b"GoToE", "embedded_files"),
    (b"GoToR", "remote_go_to"),
    (b"RichMediaExecute", "rich_media"),
    (b"Rendition", "media"),
    (b"Movie", "media"),
    (b"Sound", "media"),
];

/// Annotation types (`/Subtype`) that carry files, media or scripts.
const ACTIVE_ANNOTATIONS: &[(&[u8], &str)] = &[
    (b"FileAttachment", "file_attachment"),
    (b"RichMedia", "rich_media"),
    (b"Screen", "media"),
    (b"Movie", "media"),
    (b"Sound", "media"),
    (b"3D", "3d"),
];

fn invalid_pdf(message: &str) -> AppError {
    AppError::field("file", FieldCode::InvalidPdf, message)
}

fn load(bytes: &[u8], strict: bool, limit: usize) -> Result<Document, lopdf::Error> {
    Document::load_mem_with_options(
        bytes,
        LoadOptions {
            strict,
            // Object and cross-reference streams are inflated while loading: bound each one.
            max_decompressed_size: Some(limit),
            ..LoadOptions::default()
        },
    )
}

/// A PDF fit to store (at most `limit` bytes), with what was removed from it.
pub(super) fn clean(bytes: &[u8], limit: usize) -> Result<Cleaned, AppError> {
    // A complete PDF ends with %%EOF (a truncated upload does not); then it must parse.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(invalid_pdf("Le PDF est incomplet."));
    }
    let (mut doc, conforming) = match load(bytes, true, limit) {
        Ok(doc) => (doc, true),
        Err(_) => (
            load(bytes, false, limit)
                .map_err(|_| invalid_pdf("Le PDF est illisible ou incomplet."))?,
            false,
        ),
    };
    // lopdf opens a file encrypted with an empty password; the trailer keeps `/Encrypt` otherwise.
    if doc.trailer.has(b"Encrypt") {
        return Err(invalid_pdf(
            "Le PDF est protégé par un mot de passe\u{a0}: enregistrez-le sans protection.",
        ));
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(invalid_pdf("Le PDF ne contient aucune page."));
    }
    let removed = strip(&mut doc);
    if removed.is_empty() && conforming {
        return Ok(Cleaned {
            bytes: bytes.to_vec(),
            kind: Sniffed::Pdf,
            removed: Vec::new(),
        });
    }
    let out = save(&mut doc, limit)?;
    drop(doc);
    let back = load(&out, false, limit)
        .map_err(|_| AppError::Internal(Fault::CleaningCheck("cleaned pdf does not parse")))?;
    if back.get_pages().len() != pages {
        return Err(AppError::Internal(Fault::CleaningCheck(
            "cleaned pdf lost pages",
        )));
    }
    Ok(Cleaned {
        bytes: out,
        kind: Sniffed::Pdf,
        removed: removed.into_iter().collect(),
    })
}

/// Removes every piece of active content; returns the kinds found.
fn strip(doc: &mut Document) -> BTreeSet<&'static str> {
    let mut found = BTreeSet::new();
    // Actions, embedded files and attachment or media annotations that are objects of their own.
    let doomed: HashSet<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let kind = dictionary_of(object).and_then(active_kind)?;
            found.insert(kind);
            Some(*id)
        })
        .collect();
    doc.objects.retain(|id, _| !doomed.contains(id));
    // Everywhere else: active keys, inline active dictionaries, references to what was removed.
    for object in doc.objects.values_mut() {
        scrub(object, &doomed, &mut found);
    }
    if !found.is_empty() {
        // Script streams, XFA packets and file data that only active content referenced.
        doc.prune_objects();
    }
    found
}

fn dictionary_of(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn lookup(table: &[(&[u8], &'static str)], name: Option<&[u8]>) -> Option<&'static str> {
    let name = name?;
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, kind)| *kind)
}

/// What kind of active content a dictionary is, if it is one.
fn active_kind(d: &Dictionary) -> Option<&'static str> {
    // The document's skeleton is never removed, whatever else it claims to be.
    if d.has_type(b"Catalog") || d.has_type(b"Pages") || d.has_type(b"Page") {
        return None;
    }
    let name = |key: &[u8]| d.get(key).and_then(Object::as_name).ok();
    if let Some(kind) = lookup(ACTIVE_ACTIONS, name(b"S")) {
        return Some(kind);
    }
    if name(b"S") == Some(b"URI")
        && d.get(b"URI").and_then(Object::as_str).is_ok_and(|uri| {
            uri.trim_ascii_start()
                .to_ascii_lowercase()
                .starts_with(b"javascript:")
        })
    {
        return Some("javascript");
    }
    if let Some(kind) = lookup(ACTIVE_ANNOTATIONS, name(b"Subtype")) {
        return Some(kind);
    }
    (d.has(b"EF") || d.has_type(b"EmbeddedFile")).then_some("embedded_files")
}

fn is_active(
    object: &Object,
    doomed: &HashSet<ObjectId>,
    found: &mut BTreeSet<&'static str>,
) -> bool {
    match object {
        Object::Reference(id) => doomed.contains(id),
        Object::Dictionary(d) => match active_kind(d) {
            Some(kind) => {
                found.insert(kind);
                true
            }
            None => false,
        },
        _ => false,
    }
}

fn scrub(object: &mut Object, doomed: &HashSet<ObjectId>, found: &mut BTreeSet<&'static str>) {
    match object {
        Object::Dictionary(d) => scrub_dictionary(d, doomed, found),
        Object::Stream(s) => scrub_dictionary(&mut s.dict, doomed, found),
        Object::Array(items) => {
            items.retain(|item| !is_active(item, doomed, found));
            for item in items {
                scrub(item, doomed, found);
            }
        }
        _ => {}
    }
}

fn scrub_dictionary(
    d: &mut Dictionary,
    doomed: &HashSet<ObjectId>,
    found: &mut BTreeSet<&'static str>,
) {
    for (key, kind) in ACTIVE_KEYS {
        if d.remove(key).is_some() {
            found.insert(kind);
        }
    }
    let active: Vec<Vec<u8>> = d
        .iter()
        .filter(|(_, value)| is_active(value, doomed, found))
        .map(|(key, _)| key.clone())
        .collect();
    for key in active {
        d.remove(&key);
    }
    for (_, value) in d.iter_mut() {
        scrub(value, doomed, found);
    }
}

/// Saves within `limit`; when the plain layout is too large, object streams compress it.
fn save(doc: &mut Document, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut out = CappedWriter::new(limit);
    match doc.save_to(&mut out) {
        Ok(()) => return Ok(out.buf),
        Err(_) if out.overflowed => {}
        Err(e) => return Err(AppError::Internal(Fault::Io(e))),
    }
    let mut out = CappedWriter::new(limit);
    match doc.save_modern(&mut out) {
        Ok(()) => Ok(out.buf),
        Err(_) if out.overflowed => Err(AppError::field(
            "file",
            FieldCode::InvalidPdf,
            &format!(
                "Une fois son contenu actif retiré, le PDF dépasse {} Mo.",
                limit / (1024 * 1024)
            ),
        )),
        Err(e) => Err(AppError::Internal(Fault::Io(e))),
    }
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
