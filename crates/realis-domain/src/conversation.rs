//! «Mes échanges»: threads between an organisme de formation and its Transitions Pro (issue #11,
//! part 2). A thread belongs to one OF (and so to its funder), may concern one dossier and one
//! month; its messages are plain text, written by the OF's users or the funder's agents, or
//! posted by the platform when a month is contested or a document refused, so that the OF
//! follows a discussion in one place. Beneficiaries, employers and the administrator have none.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Period, Role};

/// Characters of a subject, at most.
pub const SUBJECT_MAX_CHARS: usize = 200;
/// Characters of a message, at most.
pub const BODY_MAX_CHARS: usize = 5000;
/// Attachments per message, at most.
pub const MAX_ATTACHMENTS: usize = 5;
/// Characters of an attachment's file name, at most (longer names are cut).
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// The side of a thread a user writes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Side {
    /// The organisme de formation's users.
    Organisation,
    /// The Transitions Pro's agents.
    Funder,
}

impl Side {
    /// The side a role writes from; `None` for roles with no threads.
    pub fn of_role(role: Role) -> Option<Side> {
        match role {
            Role::Organisation => Some(Side::Organisation),
            Role::Funder => Some(Side::Funder),
            Role::Beneficiary | Role::Employer | Role::Admin => None,
        }
    }

    /// The side that is told of a message from this one.
    pub fn other(self) -> Side {
        match self {
            Side::Organisation => Side::Funder,
            Side::Funder => Side::Organisation,
        }
    }
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MessageKind {
    /// Written by a user of the thread.
    Message,
    /// The comment of a beneficiary or an employer who contested a month.
    Contest,
    /// The reason the funder gave for refusing a document.
    DocumentRejection,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Message => "message",
            MessageKind::Contest => "contest",
            MessageKind::DocumentRejection => "document_rejection",
        }
    }

    pub fn parse(s: &str) -> Option<MessageKind> {
        [
            MessageKind::Message,
            MessageKind::Contest,
            MessageKind::DocumentRejection,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The thread a platform message goes to: one per dossier, one for the OF's own documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Everything said about a dossier (its contests).
    Dossier(i64),
    /// The OF's identity documents (their refusals).
    OrganisationDocuments,
}

impl Topic {
    /// The stored key (unique per organisation).
    pub fn key(self) -> String {
        match self {
            Topic::Dossier(id) => format!("dossier:{id}"),
            Topic::OrganisationDocuments => "organisation_documents".to_owned(),
        }
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Empty once trimmed.
    Empty,
    /// Longer than the limit (in characters).
    TooLong(usize),
    /// Holds control characters (other than line breaks and tabs in a body).
    ControlCharacters,
}

/// A thread's subject: trimmed, 1–200 characters, one line.
pub fn parse_subject(raw: &str) -> Result<String, TextError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    if s.chars().count() > SUBJECT_MAX_CHARS {
        return Err(TextError::TooLong(SUBJECT_MAX_CHARS));
    }
    if s.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    Ok(s.to_owned())
}

/// A message's body: plain text, trimmed, 1–5,000 characters; line breaks kept (as `\n`).
pub fn parse_body(raw: &str) -> Result<String, TextError> {
    let s = raw.replace("\r\n", "\n");
    let s = s.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    if s.chars().count() > BODY_MAX_CHARS {
        return Err(TextError::TooLong(BODY_MAX_CHARS));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextError::ControlCharacters);
    }
    Ok(s.to_owned())
}

/// An attachment's name as shown and offered for download: the last path segment, without
/// control characters or quotes, at most [`FILE_NAME_MAX_CHARS`]; `fallback` when nothing is
/// left.
pub fn clean_file_name(raw: &str, fallback: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(FILE_NAME_MAX_CHARS)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        fallback.to_owned()
    } else {
        cleaned
    }
}

/// A thread as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: i64,
    pub funder_id: i64,
    pub organisation_id: i64,
    pub dossier_id: Option<i64>,
    pub period: Option<Period>,
    pub subject: String,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub last_message_at: DateTime<Utc>,
}

impl Conversation {
    /// Whether a user of `side`, of organisation `organisation_id` or funder `funder_id`, takes
    /// part in the thread.
    pub fn open_to(
        &self,
        side: Side,
        organisation_id: Option<i64>,
        funder_id: Option<i64>,
    ) -> bool {
        match side {
            Side::Organisation => organisation_id == Some(self.organisation_id),
            Side::Funder => funder_id == Some(self.funder_id),
        }
    }
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub kind: MessageKind,
    /// Who wrote it (a contest: the beneficiary or employer; a refusal: the agent).
    pub author_user_id: Option<i64>,
    pub author_role: Option<Role>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl Message {
    /// The side the message counts as coming from: a user's own side; the platform's messages
    /// (a contest, a refusal) come from outside the OF, so they are unread for it.
    pub fn side(&self) -> Side {
        match self.kind {
            MessageKind::Message => self
                .author_role
                .and_then(Side::of_role)
                .unwrap_or(Side::Funder),
            MessageKind::Contest | MessageKind::DocumentRejection => Side::Funder,
        }
    }
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub message_id: i64,
    pub file_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_of_and_the_funder_have_threads() {
        assert_eq!(Side::of_role(Role::Organisation), Some(Side::Organisation));
        assert_eq!(Side::of_role(Role::Funder), Some(Side::Funder));
        for role in [Role::Beneficiary, Role::Employer, Role::Admin] {
            assert_eq!(Side::of_role(role), None);
        }
        assert_eq!(Side::Organisation.other(), Side::Funder);
    }

    #[test]
    fn subjects_and_bodies_are_bounded_plain_text() {
        assert_eq!(parse_subject("  Convention  "), Ok("Convention".into()));
        assert_eq!(parse_subject("   "), Err(TextError::Empty));
        assert_eq!(parse_subject("a\nb"), Err(TextError::ControlCharacters));
        assert_eq!(
            parse_subject(&"é".repeat(201)),
            Err(TextError::TooLong(200))
        );
        assert_eq!(parse_subject(&"é".repeat(200)).map(|s| s.len()), Ok(400));
        assert_eq!(
            parse_body("Bonjour,\r\n\r\nMerci.\n"),
            Ok("Bonjour,\n\nMerci.".into())
        );
        assert_eq!(parse_body("\n \t"), Err(TextError::Empty));
        assert_eq!(parse_body("a\u{7}b"), Err(TextError::ControlCharacters));
        assert_eq!(
            parse_body(&"ż".repeat(5000)).map(|s| s.chars().count()),
            Ok(5000)
        );
        assert_eq!(parse_body(&"ż".repeat(5001)), Err(TextError::TooLong(5000)));
        // Markup is kept as text: it is escaped wherever it is shown.
        assert_eq!(parse_body("<b>x</b>"), Ok("<b>x</b>".into()));
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\scans\\convention.pdf", "f"),
            "convention.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd", "f"), "passwd");
        assert_eq!(clean_file_name("a\"b\r\n.pdf", "f"), "ab.pdf");
        assert_eq!(
            clean_file_name("...", "piece-jointe.pdf"),
            "piece-jointe.pdf"
        );
        assert_eq!(clean_file_name("Łukasz Żółć.pdf", "f"), "Łukasz Żółć.pdf");
        assert_eq!(clean_file_name(&"x".repeat(300), "f").chars().count(), 120);
    }

    #[test]
    fn platform_messages_count_as_coming_to_the_of() {
        let m = |kind, role| Message {
            id: 1,
            conversation_id: 1,
            kind,
            author_user_id: Some(1),
            author_role: role,
            body: "x".into(),
            created_at: DateTime::<Utc>::MIN_UTC,
        };
        assert_eq!(
            m(MessageKind::Message, Some(Role::Organisation)).side(),
            Side::Organisation
        );
        assert_eq!(
            m(MessageKind::Message, Some(Role::Funder)).side(),
            Side::Funder
        );
        assert_eq!(
            m(MessageKind::Contest, Some(Role::Beneficiary)).side(),
            Side::Funder
        );
        assert_eq!(
            m(MessageKind::DocumentRejection, Some(Role::Funder)).side(),
            Side::Funder
        );
    }

    #[test]
    fn topics_have_stable_keys() {
        assert_eq!(Topic::Dossier(12).key(), "dossier:12");
        assert_eq!(Topic::OrganisationDocuments.key(), "organisation_documents");
        assert_eq!(MessageKind::parse("contest"), Some(MessageKind::Contest));
        assert_eq!(MessageKind::parse("x"), None);
    }
}
