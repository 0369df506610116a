//! Several rendered documents as one PDF to print double-sided: the pages of each in order, and
//! a blank page after a document with an odd number of pages, so that every document starts on
//! the front of a sheet (a certificate and its «Fiche de présence» stay on one sheet).
//!
//! Each part keeps its own objects (fonts subset to its glyphs, images); only the catalogues and
//! page trees are replaced by one.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::PdfError;

fn err(e: impl std::fmt::Display) -> PdfError {
    PdfError(e.to_string())
}

/// A page attribute the page may inherit from its page tree (`MediaBox`, `Resources`…).
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Result<Option<Object>, PdfError> {
    let mut current = page;
    let mut seen = HashSet::new();
    while seen.insert(current) {
        let node = doc.get_dictionary(current).map_err(err)?;
        if let Ok(value) = node.get(key) {
            return Ok(Some(value.clone()));
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => current = parent,
            Err(_) => return Ok(None),
        }
    }
    Err(PdfError("cycle in the page tree".into()))
}

/// The page with what it inherits written on it, since its page tree is dropped.
fn standalone_page(doc: &Document, page: ObjectId) -> Result<Dictionary, PdfError> {
    let mut dict = doc.get_dictionary(page).map_err(err)?.clone();
    for key in [&b"MediaBox"[..], b"CropBox", b"Resources", b"Rotate"] {
        if let Some(value) = inherited(doc, page, key)? {
            dict.set(key, value);
        }
    }
    Ok(dict)
}

/// A4 portrait, in points: the blank page's size when the page before it names none.
fn a4() -> Object {
    Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()])
}

/// One PDF of `parts` in order, each starting on an odd page; titled `title`.
pub fn duplex_bundle(parts: &[Vec<u8>], title: &str) -> Result<Vec<u8>, PdfError> {
    let mut out = Document::with_version("1.5");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for bytes in parts {
        let mut doc = Document::load_mem(bytes).map_err(err)?;
        for page in doc.get_pages().into_values() {
            let dict = standalone_page(&doc, page)?;
            doc.objects.insert(page, Object::Dictionary(dict));
        }
        doc.renumber_objects_with(out.max_id + 1);
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut media_box = None;
        for (id, mut object) in std::mem::take(&mut doc.objects) {
            let kind = object.type_name().ok().map(<[u8]>::to_vec);
            if Some(id) == info || matches!(kind.as_deref(), Some(b"Catalog" | b"Pages")) {
                continue;
            }
            if let (Some(b"Page"), Object::Dictionary(dict)) = (kind.as_deref(), &mut object) {
                dict.set("Parent", pages_id);
                if pages.last() == Some(&id) {
                    media_box = dict.get(b"MediaBox").ok().cloned();
                }
            }
            out.objects.insert(id, object);
        }
        out.max_id = out.max_id.max(doc.max_id);
        kids.extend(pages.iter().map(|&p| Object::Reference(p)));
        if pages.len() % 2 == 1 {
            let mut blank = Dictionary::new();
            blank.set("Type", "Page");
            blank.set("Parent", pages_id);
            blank.set("MediaBox", media_box.unwrap_or_else(a4));
            blank.set("Resources", Dictionary::new());
            kids.push(Object::Reference(out.add_object(blank)));
        }
    }
    let mut tree = Dictionary::new();
    tree.set("Type", "Pages");
    tree.set("Count", kids.len() as i64);
    tree.set("Kids", kids);
    out.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    let catalog_id = out.add_object(catalog);
    out.trailer.set("Root", catalog_id);
    let mut info = Dictionary::new();
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(title.encode_utf16().flat_map(u16::to_be_bytes));
    info.set(
        "Title",
        Object::String(utf16, lopdf::StringFormat::Hexadecimal),
    );
    let info_id = out.add_object(info);
    out.trailer.set("Info", info_id);
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(err)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(pdf: &[u8]) -> usize {
        Document::load_mem(pdf).expect("a PDF").get_pages().len()
    }

    #[test]
    fn each_certificate_starts_on_a_front_page() {
        let certificate = crate::certificate(&crate::sample::certificate()).expect("render");
        assert_eq!(pages(&certificate), 2);
        let mut one = crate::document("Une page").expect("document");
        one.push(genpdf::elements::Paragraph::new("Une page"));
        let letter = crate::render(one).expect("render");
        let odd = pages(&letter);
        let bundle =
            duplex_bundle(&[certificate.clone(), letter, certificate], "Projets").expect("bundle");
        let doc = Document::load_mem(&bundle).expect("the bundle reads back");
        let padded = odd + odd % 2;
        assert_eq!(doc.get_pages().len(), 2 + padded + 2);
        // The pages of each part keep their content; the padding pages have none.
        let with_content: Vec<bool> = doc
            .get_pages()
            .into_values()
            .map(|p| doc.get_dictionary(p).expect("page").has(b"Contents"))
            .collect();
        assert!(with_content[..2 + odd].iter().all(|c| *c));
        assert_eq!(with_content[2 + odd..2 + padded], vec![false; padded - odd]);
        assert!(with_content[2 + padded..].iter().all(|c| *c));
        let text = doc.extract_text(&[1, 2 + padded as u32 + 1]).expect("text");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            text.matches("CERTIFICAT DE RÉALISATION").count(),
            2,
            "{text}"
        );
    }
}
