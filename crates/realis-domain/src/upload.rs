//! What each upload accepts (types and size), said once for the server and the SPA: the server
//! checks the bytes (`realis_app::uploads` sniffs the type and enforces the limit), the SPA
//! states the same limits next to each file field and refuses a wrong type or a too-large file
//! before sending it, with a French message.

/// The kinds of files a person sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UploadKind {
    /// Logo and stamp («Votre identité»): PNG or JPEG, 2 MB.
    LetterheadImage,
    /// Kbis, consent letter, signed certificate, attendance sheet: PDF, PNG or JPEG, 10 MB.
    Document,
    /// The hours template filled in, or a planned calendar: CSV, 1 MB.
    Csv,
}

/// One accepted type: its name in French text, its MIME type and file name extensions.
struct Accepted {
    name: &'static str,
    mime: &'static [&'static str],
    extensions: &'static [&'static str],
}

const PDF: Accepted = Accepted {
    name: "PDF",
    mime: &["application/pdf"],
    extensions: &["pdf"],
};
const PNG: Accepted = Accepted {
    name: "PNG",
    mime: &["image/png"],
    extensions: &["png"],
};
const JPEG: Accepted = Accepted {
    name: "JPEG",
    mime: &["image/jpeg", "image/pjpeg"],
    extensions: &["jpg", "jpeg"],
};
// Spreadsheets on Windows often declare a CSV as `application/vnd.ms-excel`: the extension
// decides then.
const CSV: Accepted = Accepted {
    name: "CSV",
    mime: &["text/csv"],
    extensions: &["csv"],
};

const MB: usize = 1024 * 1024;

impl UploadKind {
    /// The largest file accepted, in bytes (the server refuses more with 413).
    pub const fn max_bytes(self) -> usize {
        match self {
            UploadKind::LetterheadImage => 2 * MB,
            UploadKind::Document => 10 * MB,
            UploadKind::Csv => MB,
        }
    }

    fn accepted(self) -> &'static [Accepted] {
        match self {
            UploadKind::LetterheadImage => &[PNG, JPEG],
            UploadKind::Document => &[PDF, PNG, JPEG],
            UploadKind::Csv => &[CSV],
        }
    }

    /// The value of the file input's `accept` attribute: extensions and MIME types.
    pub fn accept_attribute(self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for a in self.accepted() {
            parts.extend(a.extensions.iter().map(|e| format!(".{e}")));
            parts.extend(a.mime.iter().map(|m| (*m).to_owned()));
        }
        parts.join(",")
    }

    /// «PDF, PNG ou JPEG».
    pub fn types_fr(self) -> String {
        let names: Vec<&str> = self.accepted().iter().map(|a| a.name).collect();
        match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} ou {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// «10 Mo».
    pub fn max_fr(self) -> String {
        format!("{} Mo", self.max_bytes() / MB)
    }

    /// What the field says next to it: «PDF, PNG ou JPEG, 10 Mo au plus».
    pub fn hint_fr(self) -> String {
        format!("{}, {} au plus", self.types_fr(), self.max_fr())
    }

    /// Whether a file of this name, declared type and size may be sent; otherwise the French
    /// reason. The type is read from the declared MIME type or, when the browser gives none
    /// or one that is not listed, from the name's extension (the server reads the bytes).
    pub fn check(self, name: &str, mime: &str, size: u64) -> Result<(), String> {
        let mime = mime.trim().to_ascii_lowercase();
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let known = self
            .accepted()
            .iter()
            .any(|a| a.mime.contains(&mime.as_str()) || a.extensions.contains(&extension.as_str()));
        if !known {
            return Err(format!(
                "Le fichier «\u{a0}{name}\u{a0}» n'est pas accepté\u{a0}: choisissez un fichier {}.",
                self.types_fr()
            ));
        }
        if size == 0 {
            return Err(format!("Le fichier «\u{a0}{name}\u{a0}» est vide."));
        }
        if size > self.max_bytes() as u64 {
            return Err(format!(
                "Le fichier «\u{a0}{name}\u{a0}» est trop lourd ({})\u{a0}: {} au plus.",
                size_fr(size),
                self.max_fr()
            ));
        }
        Ok(())
    }
}

/// A file size in French, rounded up: «12,4 Mo», «340 Ko» (a file just over a limit never
/// reads as the limit).
pub fn size_fr(bytes: u64) -> String {
    if bytes >= MB as u64 {
        let tenths = (bytes * 10).div_ceil(MB as u64);
        format!("{},{} Mo", tenths / 10, tenths % 10)
    } else {
        format!("{} Ko", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_servers() {
        assert_eq!(UploadKind::LetterheadImage.max_bytes(), 2 * 1024 * 1024);
        assert_eq!(UploadKind::Document.max_bytes(), 10 * 1024 * 1024);
        assert_eq!(UploadKind::Csv.max_bytes(), 1024 * 1024);
    }

    #[test]
    fn hints_read_in_french() {
        assert_eq!(
            UploadKind::Document.hint_fr(),
            "PDF, PNG ou JPEG, 10 Mo au plus"
        );
        assert_eq!(
            UploadKind::LetterheadImage.hint_fr(),
            "PNG ou JPEG, 2 Mo au plus"
        );
        assert_eq!(UploadKind::Csv.hint_fr(), "CSV, 1 Mo au plus");
    }

    #[test]
    fn accept_lists_extensions_and_types() {
        assert_eq!(
            UploadKind::LetterheadImage.accept_attribute(),
            ".png,image/png,.jpg,.jpeg,image/jpeg,image/pjpeg"
        );
        assert_eq!(UploadKind::Csv.accept_attribute(), ".csv,text/csv");
    }

    #[test]
    fn a_file_is_judged_by_type_or_extension_then_size() {
        let doc = UploadKind::Document;
        assert_eq!(doc.check("scan.pdf", "application/pdf", 1000), Ok(()));
        assert_eq!(doc.check("SCAN.PDF", "", 1000), Ok(()));
        assert_eq!(doc.check("photo", "image/jpeg", 1000), Ok(()));
        assert_eq!(
            doc.check("notes.docx", "application/msword", 1000),
            Err("Le fichier «\u{a0}notes.docx\u{a0}» n'est pas accepté\u{a0}: choisissez un fichier PDF, PNG ou JPEG.".into())
        );
        assert_eq!(
            UploadKind::LetterheadImage.check("logo.pdf", "application/pdf", 10),
            Err(
                "Le fichier «\u{a0}logo.pdf\u{a0}» n'est pas accepté\u{a0}: choisissez un fichier PNG ou JPEG."
                    .into()
            )
        );
        assert_eq!(
            UploadKind::Csv.check("heures.csv", "application/vnd.ms-excel", 10),
            Ok(())
        );
        assert!(UploadKind::Csv.check("heures.xlsx", "", 10).is_err());
        let max = doc.max_bytes() as u64;
        assert_eq!(doc.check("scan.pdf", "application/pdf", max), Ok(()));
        assert_eq!(
            doc.check("scan.pdf", "application/pdf", max + 1),
            Err(
                "Le fichier «\u{a0}scan.pdf\u{a0}» est trop lourd (10,1 Mo)\u{a0}: 10 Mo au plus."
                    .into()
            )
        );
        assert_eq!(
            UploadKind::LetterheadImage.check("logo.png", "image/png", 3 * 1024 * 1024),
            Err(
                "Le fichier «\u{a0}logo.png\u{a0}» est trop lourd (3,0 Mo)\u{a0}: 2 Mo au plus."
                    .into()
            )
        );
        assert_eq!(
            doc.check("vide.pdf", "application/pdf", 0),
            Err("Le fichier «\u{a0}vide.pdf\u{a0}» est vide.".into())
        );
    }

    #[test]
    fn sizes_read_in_french() {
        assert_eq!(size_fr(1), "1 Ko");
        assert_eq!(size_fr(340 * 1024), "340 Ko");
        assert_eq!(size_fr(13 * 1024 * 1024), "13,0 Mo");
        assert_eq!(size_fr(1024 * 1024 + 1), "1,1 Mo");
    }
}
