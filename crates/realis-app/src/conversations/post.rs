//! Starting a thread, answering in it, marking it read, and the platform's own messages (a
//! contest's comment, a document's refusal) in the thread of their dossier or of the OF's
//! documents. The other side is e-mailed at each message people write.

use realis_api_types::{ConversationView, MessageView, NewConversationRequest, NewMessageRequest};
use realis_domain::FieldCode;
use realis_domain::Period;
use realis_domain::audit::AuditAction;
use realis_domain::conversation::{
    self as rules, Conversation, MessageKind, Side, TextError, Topic,
};
use realis_domain::events::{DomainEvent, EventSubject};
use realis_domain::organisation::Organisation;
use realis_store::conversations::{self as store, NewConversation, NewMessage};
use realis_store::{portfolio, users};
use serde_json::json;

use crate::auth::RequestMeta;
use crate::unit::{Audit, Unit};
use crate::{Actor, App, AppError};

pub(crate) fn text_error(field: &str, e: TextError) -> AppError {
    match e {
        TextError::Empty => {
            AppError::field(field, FieldCode::Required, "Ce champ est obligatoire.")
        }
        TextError::TooLong(n) => AppError::field(
            field,
            FieldCode::TooLong,
            &format!("{n}\u{a0}caractères au plus."),
        ),
        TextError::ControlCharacters => AppError::field(
            field,
            FieldCode::InvalidCharacters,
            "Ce texte contient des caractères non autorisés.",
        ),
    }
}

/// Where a platform message goes.
/// What the e-mail of a new message says and to whom it goes.
struct Notice {
    from: String,
    dossier_number: Option<String>,
    recipients: Vec<(String, String)>,
}

pub(crate) struct PlatformMessage<'a> {
    pub organisation: &'a Organisation,
    pub topic: Topic,
    /// The subject of the thread if it must be started.
    pub subject: String,
    pub dossier_id: Option<i64>,
    /// The month the message is about (the thread itself is the dossier's).
    pub period: Option<Period>,
    pub kind: MessageKind,
    pub author: &'a Actor,
    pub body: String,
}

impl App {
    /// `POST /conversations`: a new thread with its first message; the other side is e-mailed.
    pub async fn start_conversation(
        &self,
        actor: &Actor,
        req: &NewConversationRequest,
        meta: &RequestMeta,
    ) -> Result<ConversationView, AppError> {
        let (side, _) = super::side_and_scope(actor)?;
        let subject = rules::parse_subject(&req.subject).map_err(|e| text_error("subject", e))?;
        let body = rules::parse_body(&req.body).map_err(|e| text_error("body", e))?;
        let dossier = match req.dossier_id {
            Some(id) => Some(self.dossier_in_scope(actor, id).await?),
            None => None,
        };
        if let Some(period) = req.period {
            let Some(d) = &dossier else {
                return Err(AppError::field(
                    "period",
                    FieldCode::DossierRequired,
                    "Choisissez le dossier du mois concerné.",
                ));
            };
            if period.clip(d.session_start, d.session_end).is_none() {
                return Err(AppError::field(
                    "period",
                    FieldCode::NotInSession,
                    "Ce mois n'appartient pas à la session du dossier.",
                ));
            }
        }
        let organisation_id = match (side, &dossier, req.organisation_id) {
            (Side::Organisation, _, _) => actor.own_organisation()?,
            (Side::Funder, Some(d), Some(o)) if d.organisation_id != o => {
                return Err(AppError::field(
                    "organisation_id",
                    FieldCode::NotTheDossierOrganisation,
                    "Ce dossier relève d'un autre organisme.",
                ));
            }
            (Side::Funder, Some(d), _) => d.organisation_id,
            (Side::Funder, None, Some(o)) => o,
            (Side::Funder, None, None) => {
                return Err(AppError::field(
                    "organisation_id",
                    FieldCode::Required,
                    "Choisissez l'organisme à qui écrire.",
                ));
            }
        };
        let org = portfolio::find_organisation(&self.db.conn, organisation_id)
            .await?
            .filter(|o| side == Side::Organisation || Some(o.funder_id) == actor.funder_id)
            .ok_or(AppError::NotFound)?;
        let notice = self
            .notice_for(side, &org, dossier.as_ref().map(|d| d.id))
            .await?;
        let mut unit = self.unit().await?;
        let c = store::create(
            unit.tx(),
            NewConversation {
                funder_id: org.funder_id,
                organisation_id: org.id,
                dossier_id: dossier.as_ref().map(|d| d.id),
                period: req.period,
                subject,
                topic: None,
                created_by: Some(actor.user_id),
            },
            unit.now(),
        )
        .await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::ConversationStarted, c.id)
                .ip(meta)
                .data(json!({ "organisation_id": org.id, "dossier_id": c.dossier_id, "period": c.period.map(|p| p.to_string()) })),
        )
        .await?;
        self.write(&mut unit, actor, side, &c, &notice, body, true, meta)
            .await?;
        unit.commit().await?;
        self.get_conversation(actor, c.id).await
    }

    /// `POST /conversations/{id}/messages`: an answer; the other side is e-mailed.
    pub async fn post_message(
        &self,
        actor: &Actor,
        id: i64,
        req: &NewMessageRequest,
        meta: &RequestMeta,
    ) -> Result<MessageView, AppError> {
        let (side, c) = self.thread_for(actor, id).await?;
        let body = rules::parse_body(&req.body).map_err(|e| text_error("body", e))?;
        let org = portfolio::find_organisation(&self.db.conn, c.organisation_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let notice = self.notice_for(side, &org, c.dossier_id).await?;
        let mut unit = self.unit().await?;
        let message_id = self
            .write(&mut unit, actor, side, &c, &notice, body, false, meta)
            .await?;
        unit.commit().await?;
        let view = self.get_conversation(actor, c.id).await?;
        view.messages
            .into_iter()
            .find(|m| m.id == message_id)
            .ok_or(AppError::NotFound)
    }

    /// `POST /conversations/{id}/read`: every message of the thread is read by the actor.
    pub async fn mark_conversation_read(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let (_, c) = self.thread_for(actor, id).await?;
        let unit = self.unit().await?;
        if let Some(last) = store::messages_of(unit.tx(), c.id).await?.last() {
            store::mark_read(unit.tx(), c.id, actor.user_id, last.id, unit.now()).await?;
        }
        unit.commit().await
    }

    /// Appends the actor's message, marks the thread read for it, audits, records the event
    /// and e-mails the other side.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        unit: &mut Unit<'_>,
        actor: &Actor,
        side: Side,
        c: &Conversation,
        notice: &Notice,
        body: String,
        new_thread: bool,
        meta: &RequestMeta,
    ) -> Result<i64, AppError> {
        let m = store::add_message(
            unit.tx(),
            NewMessage {
                conversation_id: c.id,
                kind: MessageKind::Message,
                author_user_id: Some(actor.user_id),
                author_role: Some(actor.role),
                body,
            },
            unit.now(),
        )
        .await?;
        store::mark_read(unit.tx(), c.id, actor.user_id, m.id, unit.now()).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::MessagePosted, c.id)
                .ip(meta)
                .data(json!({ "message_id": m.id, "chars": m.body.chars().count() })),
        )
        .await?;
        unit.event(
            Some(actor),
            EventSubject {
                funder_id: Some(c.funder_id),
                organisation_id: Some(c.organisation_id),
                dossier_id: c.dossier_id,
                period: c.period,
            },
            DomainEvent::MessageReceived {
                conversation_id: c.id,
                message_id: m.id,
                from: side,
            },
        )
        .await?;
        let link = format!(
            "{}/echanges/{}",
            self.settings.public_url.trim_end_matches('/'),
            c.id
        );
        for (name, email) in &notice.recipients {
            let mail = realis_mail::MessageReceived {
                recipient_name: name.clone(),
                from: notice.from.clone(),
                dossier_number: notice.dossier_number.clone(),
                new_thread,
                link: link.clone(),
            }
            .render();
            unit.mail(email, mail).await?;
        }
        Ok(m.id)
    }

    /// Who is e-mailed of a message written on `side`, and what the e-mail names: read before
    /// the unit of work begins, so that a transaction holding SQLite's write lock never waits
    /// for another connection of the pool.
    async fn notice_for(
        &self,
        side: Side,
        org: &Organisation,
        dossier_id: Option<i64>,
    ) -> Result<Notice, AppError> {
        let from = match side {
            Side::Organisation => org.name.clone(),
            Side::Funder => portfolio::find_funder(&self.db.conn, org.funder_id)
                .await?
                .map(|f| f.name)
                .unwrap_or_default(),
        };
        let dossier_number = match dossier_id {
            Some(id) => portfolio::find_dossier(&self.db.conn, id)
                .await?
                .map(|d| d.number),
            None => None,
        };
        Ok(Notice {
            from,
            dossier_number,
            recipients: self.thread_recipients(side.other(), org).await?,
        })
    }

    /// Who is told of a message on `side`: the OF's active users (or its address when it has
    /// none), or the funder's active agents.
    async fn thread_recipients(
        &self,
        side: Side,
        org: &Organisation,
    ) -> Result<Vec<(String, String)>, AppError> {
        match side {
            Side::Organisation => self.organisation_recipients(org.id).await,
            Side::Funder => Ok(users::active_agents(&self.db.conn, org.funder_id)
                .await?
                .into_iter()
                .map(|u| (u.display_name, u.email))
                .collect()),
        }
    }

    /// Posts a platform message (a contest, a refusal) in the thread of its topic, started if
    /// needed, inside the caller's unit of work. Nobody is e-mailed here: the caller's own
    /// e-mail already tells the OF.
    pub(crate) async fn post_platform_message(
        &self,
        unit: &Unit<'_>,
        msg: PlatformMessage<'_>,
    ) -> Result<(), AppError> {
        let c = store::find_or_start_topic(
            unit.tx(),
            NewConversation {
                funder_id: msg.organisation.funder_id,
                organisation_id: msg.organisation.id,
                dossier_id: msg.dossier_id,
                // A dossier's thread covers all its months; each message names its own.
                period: None,
                subject: msg.subject,
                topic: Some(msg.topic),
                created_by: None,
            },
            unit.now(),
        )
        .await?;
        let body = rules::parse_body(&msg.body).unwrap_or_else(|_| "—".to_owned());
        let m = store::add_message(
            unit.tx(),
            NewMessage {
                conversation_id: c.id,
                kind: msg.kind,
                author_user_id: Some(msg.author.user_id),
                author_role: Some(msg.author.role),
                body,
            },
            unit.now(),
        )
        .await?;
        unit.event(
            Some(msg.author),
            EventSubject {
                funder_id: Some(c.funder_id),
                organisation_id: Some(c.organisation_id),
                dossier_id: c.dossier_id,
                period: msg.period,
            },
            DomainEvent::MessageReceived {
                conversation_id: c.id,
                message_id: m.id,
                from: Side::Funder,
            },
        )
        .await
    }
}
