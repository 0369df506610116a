//! Font subsetting after genpdf: printpdf 0.3 embeds each TrueType face whole (and uncompressed),
//! so every document would carry four 80 KB fonts. This pass keeps, in each embedded face, only
//! the glyphs the pages draw ([`subsetter`], typst's PDF subsetter), renumbers them in the page
//! content, rewrites the widths and the `ToUnicode` map (what text extraction and screen readers
//! use) for the glyphs kept, compresses the font program, and drops the faces no page uses.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::PdfError;

fn err(e: impl std::fmt::Display) -> PdfError {
    PdfError(e.to_string())
}

/// The PostScript names of the embedded faces, recognised by their bytes.
fn face_name(program: &[u8]) -> Option<&'static str> {
    crate::FACES
        .iter()
        .find(|(_, bytes)| *bytes == program)
        .map(|(name, _)| *name)
}

/// A page's font resources: name in the content stream → font dictionary id.
fn page_fonts(pdf: &Document, page: ObjectId) -> Result<BTreeMap<Vec<u8>, ObjectId>, PdfError> {
    let (inline, ids) = pdf.get_page_resources(page).map_err(err)?;
    let mut out = BTreeMap::new();
    let resources = inline
        .into_iter()
        .chain(ids.iter().filter_map(|id| pdf.get_dictionary(*id).ok()));
    for res in resources {
        let Ok(fonts) = res.get_deref(b"Font", pdf).and_then(Object::as_dict) else {
            continue;
        };
        for (name, font) in fonts {
            if let Ok(id) = font.as_reference() {
                out.entry(name.clone()).or_insert(id);
            }
        }
    }
    Ok(out)
}

/// Calls `f` on every string of glyph ids shown by a text operator, with the current font.
fn for_each_shown(ops: &mut [lopdf::content::Operation], mut f: impl FnMut(&[u8], &mut Vec<u8>)) {
    let mut font: Vec<u8> = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "Tf" => {
                if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                    font = name.to_vec();
                }
            }
            "Tj" | "'" | "\"" | "TJ" => {
                for operand in op.operands.iter_mut() {
                    match operand {
                        Object::String(bytes, _) => f(&font, bytes),
                        Object::Array(items) => {
                            for item in items {
                                if let Object::String(bytes, _) = item {
                                    f(&font, bytes);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn gids(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
}

/// An embedded Type0/CIDFontType2 face as printpdf writes it.
struct Face {
    descendant: ObjectId,
    program: ObjectId,
    descriptor: ObjectId,
    to_unicode: ObjectId,
}

/// Finds the parts of a face; printpdf writes the descendant font inline: it is moved to an
/// object of its own, to be edited like the others.
fn face(pdf: &mut Document, font: ObjectId) -> Option<Face> {
    let dict = pdf.get_dictionary(font).ok()?;
    if dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" {
        return None;
    }
    let descendant = match dict.get(b"DescendantFonts").ok()? {
        Object::Array(a) => match a.first()? {
            Object::Reference(id) => *id,
            Object::Dictionary(d) => {
                let inline = d.clone();
                let id = pdf.add_object(inline);
                pdf.get_object_mut(font)
                    .and_then(Object::as_dict_mut)
                    .ok()?
                    .set("DescendantFonts", vec![Object::Reference(id)]);
                id
            }
            _ => return None,
        },
        _ => return None,
    };
    let dict = pdf.get_dictionary(font).ok()?;
    let descriptor = pdf
        .get_dictionary(descendant)
        .ok()?
        .get(b"FontDescriptor")
        .ok()?
        .as_reference()
        .ok()?;
    let program = pdf
        .get_dictionary(descriptor)
        .ok()?
        .get(b"FontFile2")
        .ok()?
        .as_reference()
        .ok()?;
    let to_unicode = dict.get(b"ToUnicode").ok()?.as_reference().ok()?;
    Some(Face {
        descendant,
        program,
        descriptor,
        to_unicode,
    })
}

/// Glyph id → width from a CIDFont `W` array (both of its forms).
fn widths(w: &[Object]) -> HashMap<u16, Object> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Ok(first) = w[i].as_i64() else { break };
        match w.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, width) in ws.iter().enumerate() {
                    if let Ok(g) = u16::try_from(first + k as i64) {
                        out.insert(g, width.clone());
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(width)) = (last.as_i64(), w.get(i + 2)) else {
                    break;
                };
                for g in first..=last {
                    if let Ok(g) = u16::try_from(g) {
                        out.insert(g, width.clone());
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// Glyph id → text from a `ToUnicode` CMap's `bfchar` entries (printpdf writes only those).
fn unicode_of(cmap: &[u8]) -> HashMap<u16, Vec<u16>> {
    let text = String::from_utf8_lossy(cmap);
    let hex = |s: &str| -> Option<Vec<u16>> {
        let s = s.strip_prefix('<')?.strip_suffix('>')?;
        if s.is_empty() || s.len() % 4 != 0 {
            // printpdf writes the scalar value itself: 5 digits beyond the BMP.
            let c = char::from_u32(u32::from_str_radix(s, 16).ok()?)?;
            return Some(c.encode_utf16(&mut [0; 2]).to_vec());
        }
        (0..s.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(&s[i..i + 4], 16).ok())
            .collect()
    };
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(g), Some(u), None) = (parts.next(), parts.next(), parts.next())
            && let (Some(g), Some(u)) = (hex(g), hex(u))
            && let [g] = g[..]
        {
            out.insert(g, u);
        }
    }
    out
}

/// A `ToUnicode` CMap for new glyph ids.
fn to_unicode_cmap(entries: &[(u16, Vec<u16>)]) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, units) in chunk {
            s.push_str(&format!("<{gid:04X}> <"));
            for u in units {
                s.push_str(&format!("{u:04X}"));
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Six capital letters naming a subset (ISO 32000-1, 9.6.4), derived from its glyphs so that the
/// same document renders to the same bytes.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for g in glyphs {
        for b in g.to_be_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// Subsets every embedded face to the glyphs drawn (see the module documentation).
pub(crate) fn subset_fonts(pdf: &mut Document) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    // Pass 1: which glyphs of which font each page draws.
    let mut contents = Vec::with_capacity(pages.len());
    let mut used: BTreeMap<ObjectId, BTreeSet<u16>> = BTreeMap::new();
    for &page in &pages {
        let fonts = page_fonts(pdf, page)?;
        let mut content = Content::decode(&pdf.get_page_content(page)).map_err(err)?;
        for_each_shown(&mut content.operations, |font, bytes| {
            if let Some(id) = fonts.get(font) {
                used.entry(*id).or_default().extend(gids(bytes));
            }
        });
        contents.push((page, fonts, content));
    }
    // Pass 2: subset each face, keeping the old → new glyph ids.
    let mut remaps: HashMap<ObjectId, subsetter::GlyphRemapper> = HashMap::new();
    for (&font, glyphs) in &used {
        let Some(f) = face(pdf, font) else { continue };
        let program = pdf
            .get_object(f.program)
            .and_then(Object::as_stream)
            .map_err(err)?;
        let bytes = program
            .decompressed_content()
            .unwrap_or_else(|_| program.content.clone());
        let name = face_name(&bytes);
        let glyphs_vec: Vec<u16> = glyphs.iter().copied().collect();
        let remap = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs_vec);
        let sub = subsetter::subset(&bytes, 0, &remap).map_err(err)?;
        let mut stream = Stream::new(
            Dictionary::from_iter([("Length1", Object::Integer(sub.len() as i64))]),
            sub,
        );
        stream.compress().map_err(err)?;
        *pdf.get_object_mut(f.program).map_err(err)? = Object::Stream(stream);

        let old_unicode = {
            let cmap = pdf
                .get_object(f.to_unicode)
                .and_then(Object::as_stream)
                .map_err(err)?;
            unicode_of(
                &cmap
                    .decompressed_content()
                    .unwrap_or_else(|_| cmap.content.clone()),
            )
        };
        let kept: Vec<u16> = remap.remapped_gids().collect();
        let entries: Vec<(u16, Vec<u16>)> = kept
            .iter()
            .filter_map(|old| Some((remap.get(*old)?, old_unicode.get(old)?.clone())))
            .filter(|(new, _)| *new != 0)
            .collect();
        let mut cmap = Stream::new(Dictionary::new(), to_unicode_cmap(&entries));
        cmap.compress().map_err(err)?;
        *pdf.get_object_mut(f.to_unicode).map_err(err)? = Object::Stream(cmap);

        let base_name = name.map(|n| format!("{}+{n}", subset_tag(glyphs)));
        let descendant = pdf
            .get_object_mut(f.descendant)
            .and_then(Object::as_dict_mut)
            .map_err(err)?;
        let old_widths = descendant
            .get(b"W")
            .and_then(Object::as_array)
            .map(|w| widths(w))
            .unwrap_or_default();
        let new_widths: Vec<Object> = kept
            .iter()
            .map(|g| old_widths.get(g).cloned().unwrap_or(Object::Integer(0)))
            .collect();
        descendant.set("W", vec![Object::Integer(0), Object::Array(new_widths)]);
        descendant.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        if let Some(n) = &base_name {
            descendant.set("BaseFont", Object::Name(n.clone().into_bytes()));
            pdf.get_object_mut(f.descriptor)
                .and_then(Object::as_dict_mut)
                .map_err(err)?
                .set("FontName", Object::Name(n.clone().into_bytes()));
            pdf.get_object_mut(font)
                .and_then(Object::as_dict_mut)
                .map_err(err)?
                .set("BaseFont", Object::Name(n.clone().into_bytes()));
        }
        remaps.insert(font, remap);
    }
    // Pass 3: the pages draw the new glyph ids, and list only the fonts they use.
    for (page, fonts, mut content) in contents {
        for_each_shown(&mut content.operations, |font, bytes| {
            if let Some(remap) = fonts.get(font).and_then(|id| remaps.get(id)) {
                *bytes = gids(bytes)
                    .flat_map(|g| remap.get(g).unwrap_or(0).to_be_bytes())
                    .collect();
            }
        });
        let mut stream = Stream::new(Dictionary::new(), content.encode().map_err(err)?);
        stream.compress().map_err(err)?;
        let id = pdf.add_object(stream);
        let unused: Vec<Vec<u8>> = fonts
            .iter()
            .filter(|(_, id)| !used.contains_key(id))
            .map(|(name, _)| name.clone())
            .collect();
        pdf.get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(err)?
            .set("Contents", Object::Reference(id));
        drop_fonts(pdf, page, &unused)?;
    }
    pdf.prune_objects();
    Ok(())
}

/// Removes the fonts `names` from a page's resources (printpdf shares one font dictionary
/// between pages: `names` are fonts no page uses).
fn drop_fonts(pdf: &mut Document, page: ObjectId, names: &[Vec<u8>]) -> Result<(), PdfError> {
    if names.is_empty() {
        return Ok(());
    }
    let (_, mut holders) = pdf.get_page_resources(page).map_err(err)?;
    holders.push(page);
    for holder in holders {
        let mut font_dict_id = None;
        if let Ok(dict) = pdf.get_object_mut(holder).and_then(Object::as_dict_mut) {
            let res = if holder == page {
                dict.get_mut(b"Resources")
                    .and_then(Object::as_dict_mut)
                    .ok()
            } else {
                Some(dict)
            };
            match res.and_then(|r| r.get_mut(b"Font").ok()) {
                Some(Object::Dictionary(fonts)) => names.iter().for_each(|n| {
                    fonts.remove(n);
                }),
                Some(Object::Reference(id)) => font_dict_id = Some(*id),
                _ => {}
            }
        }
        if let Some(Ok(fonts)) =
            font_dict_id.map(|id| pdf.get_object_mut(id).and_then(Object::as_dict_mut))
        {
            for n in names {
                fonts.remove(n);
            }
        }
    }
    Ok(())
}
