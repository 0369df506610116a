//! «Mes échanges» (issue #11, part 2): who takes part in a thread, and the views of threads and
//! messages. Starting threads and writing in them is in [`post`], files in [`attachments`].

pub mod attachments;
pub mod post;

use std::collections::HashMap;

use realis_api_types::{
    AttachmentView, ConversationPage, ConversationSummary, ConversationView, MessageView,
};
use realis_domain::Role;
use realis_domain::conversation::{Attachment, Conversation, Message, MessageKind, Side};
use realis_store::conversations::{self as store, ThreadScope};
use realis_store::{portfolio, users};

use crate::{Actor, App, AppError};

/// `GET /conversations?dossier_id=&page=&per_page=`.
#[derive(Debug, Clone, Default)]
pub struct ConversationQuery {
    pub dossier_id: Option<i64>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The side the actor writes from and the threads it sees; beneficiaries, employers and the
/// administrator have none (403).
pub(crate) fn side_and_scope(actor: &Actor) -> Result<(Side, ThreadScope), AppError> {
    let side = Side::of_role(actor.role).ok_or(AppError::Forbidden)?;
    let scope = match side {
        Side::Organisation => ThreadScope::Organisation(actor.own_organisation()?),
        Side::Funder => ThreadScope::Funder(actor.own_funder()?),
    };
    Ok((side, scope))
}

/// Names met while building a view, looked up once each.
#[derive(Default)]
struct Names {
    organisations: HashMap<i64, String>,
    funders: HashMap<i64, String>,
    users: HashMap<i64, Option<realis_domain::user::User>>,
    dossiers: HashMap<i64, Option<String>>,
}

impl App {
    /// The thread `id` if the actor takes part in it (404 otherwise).
    pub(crate) async fn thread_for(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(Side, Conversation), AppError> {
        let (side, _) = side_and_scope(actor)?;
        let c = store::find(&self.db.conn, id)
            .await?
            .filter(|c| c.open_to(side, actor.organisation_id, actor.funder_id))
            .ok_or(AppError::NotFound)?;
        Ok((side, c))
    }

    /// `GET /conversations`: the actor's threads, the latest message first.
    pub async fn list_conversations(
        &self,
        actor: &Actor,
        q: &ConversationQuery,
    ) -> Result<ConversationPage, AppError> {
        let (_, scope) = side_and_scope(actor)?;
        let (page, per_page) = crate::shared::paging(q.page, q.per_page);
        let (total, rows) = store::list(&self.db.conn, scope, q.dossier_id, page, per_page).await?;
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        let unread = store::unread_counts(&self.db.conn, actor.user_id, &ids).await?;
        let mut names = Names::default();
        let mut items = Vec::with_capacity(rows.len());
        for c in &rows {
            let n = unread.get(&c.id).copied().unwrap_or(0);
            items.push(self.summary(&mut names, c, n).await?);
        }
        Ok(ConversationPage {
            items,
            total,
            page,
            per_page,
            unread_threads: store::unread_threads(&self.db.conn, scope, actor.user_id).await?,
        })
    }

    /// Threads holding messages the actor has not read (0 for roles with no threads).
    pub async fn unread_threads(&self, actor: &Actor) -> Result<u64, AppError> {
        match side_and_scope(actor) {
            Ok((_, scope)) => Ok(store::unread_threads(&self.db.conn, scope, actor.user_id).await?),
            Err(_) => Ok(0),
        }
    }

    /// `GET /conversations/{id}`: the thread and its messages, oldest first.
    pub async fn get_conversation(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<ConversationView, AppError> {
        let (_, c) = self.thread_for(actor, id).await?;
        let messages = store::messages_of(&self.db.conn, c.id).await?;
        let files = store::attachments_of(&self.db.conn, c.id).await?;
        let unread = store::unread_counts(&self.db.conn, actor.user_id, &[c.id]).await?;
        let mut names = Names::default();
        let conversation = self
            .summary(&mut names, &c, unread.get(&c.id).copied().unwrap_or(0))
            .await?;
        let mut out = Vec::with_capacity(messages.len());
        for m in &messages {
            out.push(self.message_view(&mut names, actor, &c, m, &files).await?);
        }
        Ok(ConversationView {
            conversation,
            messages: out,
        })
    }

    async fn organisation_name(&self, names: &mut Names, id: i64) -> Result<String, AppError> {
        if let Some(n) = names.organisations.get(&id) {
            return Ok(n.clone());
        }
        let n = portfolio::find_organisation(&self.db.conn, id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        names.organisations.insert(id, n.clone());
        Ok(n)
    }

    async fn funder_name(&self, names: &mut Names, id: i64) -> Result<String, AppError> {
        if let Some(n) = names.funders.get(&id) {
            return Ok(n.clone());
        }
        let n = portfolio::find_funder(&self.db.conn, id)
            .await?
            .map(|f| f.name)
            .unwrap_or_default();
        names.funders.insert(id, n.clone());
        Ok(n)
    }

    async fn summary(
        &self,
        names: &mut Names,
        c: &Conversation,
        unread: u64,
    ) -> Result<ConversationSummary, AppError> {
        let dossier_number = match c.dossier_id {
            None => None,
            Some(id) => match names.dossiers.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let n = portfolio::find_dossier(&self.db.conn, id)
                        .await?
                        .map(|d| d.number);
                    names.dossiers.insert(id, n.clone());
                    n
                }
            },
        };
        Ok(ConversationSummary {
            id: c.id,
            subject: c.subject.clone(),
            organisation_id: c.organisation_id,
            organisation_name: self.organisation_name(names, c.organisation_id).await?,
            dossier_id: c.dossier_id,
            dossier_number,
            period: c.period,
            last_message_at: c.last_message_at,
            unread,
        })
    }

    /// «Camille Martin (Transitions Pro Île-de-France)», «Michelle Dubois (bénéficiaire)».
    async fn author(&self, names: &mut Names, m: &Message) -> Result<String, AppError> {
        let Some(user_id) = m.author_user_id else {
            return Ok("Réalis".to_owned());
        };
        let user = match names.users.get(&user_id) {
            Some(u) => u.clone(),
            None => {
                let u = users::find_by_id(&self.db.conn, user_id).await?;
                names.users.insert(user_id, u.clone());
                u
            }
        };
        let Some(u) = user else {
            return Ok("Compte supprimé".to_owned());
        };
        let (name, role, organisation_id, funder_id) =
            (u.display_name, u.role, u.organisation_id, u.funder_id);
        let of_whom = match (role, organisation_id, funder_id) {
            (Role::Organisation, Some(id), _) => self.organisation_name(names, id).await?,
            (Role::Funder, _, Some(id)) => self.funder_name(names, id).await?,
            (role, _, _) => role.label_fr().to_lowercase(),
        };
        Ok(format!("{name} ({of_whom})"))
    }

    async fn message_view(
        &self,
        names: &mut Names,
        actor: &Actor,
        c: &Conversation,
        m: &Message,
        files: &[Attachment],
    ) -> Result<MessageView, AppError> {
        Ok(MessageView {
            id: m.id,
            kind: m.kind,
            side: m.side(),
            author: self.author(names, m).await?,
            body: m.body.clone(),
            created_at: m.created_at,
            mine: m.kind == MessageKind::Message && m.author_user_id == Some(actor.user_id),
            attachments: files
                .iter()
                .filter(|a| a.message_id == m.id)
                .map(|a| attachment_view(c.id, a))
                .collect(),
        })
    }
}

pub(crate) fn attachment_view(conversation_id: i64, a: &Attachment) -> AttachmentView {
    AttachmentView {
        id: a.id,
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size_bytes: a.size_bytes,
        href: format!(
            "/api/v1/conversations/{conversation_id}/messages/{}/attachments/{}",
            a.message_id, a.id
        ),
    }
}
