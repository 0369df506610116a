//! «Mes échanges»: threads, messages, attachments and reads (`conversations`,
//! `conversation_messages`, `message_attachments`, `conversation_reads`). Takes and returns the
//! domain's [`Conversation`], [`Message`] and [`Attachment`].

use chrono::{DateTime, Utc};
use realis_domain::conversation::{Attachment, Conversation, Message, MessageKind, Topic};
use realis_domain::{Period, Role};
use sea_orm::sea_query::{Expr, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

mod read_marks;

pub use read_marks::{mark_read, unread_counts, unread_threads};

use crate::StoreError;
use crate::entities::{
    conversation_messages as messages, conversations, message_attachments as attachments,
};

/// Whose threads a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadScope {
    Organisation(i64),
    Funder(i64),
}

/// A new thread.
#[derive(Debug, Clone)]
pub struct NewConversation {
    pub funder_id: i64,
    pub organisation_id: i64,
    pub dossier_id: Option<i64>,
    pub period: Option<Period>,
    pub subject: String,
    pub topic: Option<Topic>,
    pub created_by: Option<i64>,
}

/// A new message.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub conversation_id: i64,
    pub kind: MessageKind,
    pub author_user_id: Option<i64>,
    pub author_role: Option<Role>,
    pub body: String,
}

/// A new attachment of a stored file.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub message_id: i64,
    pub file_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

fn conversation(row: conversations::Model) -> Result<Conversation, StoreError> {
    let period = match row.period.as_deref() {
        None => None,
        Some(p) => Some(
            p.parse::<Period>()
                .map_err(|_| StoreError::corrupt("conversations.period", p))?,
        ),
    };
    Ok(Conversation {
        id: row.id,
        funder_id: row.funder_id,
        organisation_id: row.organisation_id,
        dossier_id: row.dossier_id,
        period,
        subject: row.subject,
        created_by: row.created_by,
        created_at: row.created_at,
        last_message_at: row.last_message_at,
    })
}

fn message(row: messages::Model) -> Result<Message, StoreError> {
    let kind = MessageKind::parse(&row.kind)
        .ok_or_else(|| StoreError::corrupt("conversation_messages.kind", &row.kind))?;
    let author_role = match row.author_role.as_deref() {
        None => None,
        Some(r) => Some(
            Role::parse(r)
                .ok_or_else(|| StoreError::corrupt("conversation_messages.author_role", r))?,
        ),
    };
    Ok(Message {
        id: row.id,
        conversation_id: row.conversation_id,
        kind,
        author_user_id: row.author_user_id,
        author_role,
        body: row.body,
        created_at: row.created_at,
    })
}

fn attachment(row: attachments::Model) -> Attachment {
    Attachment {
        id: row.id,
        message_id: row.message_id,
        file_id: row.file_id,
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        created_at: row.created_at,
    }
}

fn scoped(scope: ThreadScope) -> Condition {
    match scope {
        ThreadScope::Organisation(id) => {
            Condition::all().add(conversations::Column::OrganisationId.eq(id))
        }
        ThreadScope::Funder(id) => Condition::all().add(conversations::Column::FunderId.eq(id)),
    }
}

/// Starts a thread (with no message yet).
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewConversation,
    now: DateTime<Utc>,
) -> Result<Conversation, StoreError> {
    let row = conversations::ActiveModel {
        funder_id: Set(new.funder_id),
        organisation_id: Set(new.organisation_id),
        dossier_id: Set(new.dossier_id),
        period: Set(new.period.map(|p| p.to_string())),
        subject: Set(new.subject),
        topic: Set(new.topic.map(Topic::key)),
        created_by: Set(new.created_by),
        created_at: Set(now),
        last_message_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    conversation(row)
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Conversation>, StoreError> {
    conversations::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(conversation)
        .transpose()
}

/// The platform's thread of `topic` for the organisation, if it was started.
pub async fn find_topic(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    topic: Topic,
) -> Result<Option<Conversation>, StoreError> {
    conversations::Entity::find()
        .filter(conversations::Column::OrganisationId.eq(organisation_id))
        .filter(conversations::Column::Topic.eq(topic.key()))
        .one(db)
        .await?
        .map(conversation)
        .transpose()
}

/// The platform's thread of `new.topic` for the organisation, started with `new` if it was not
/// (at most one per organisation and topic, even when two writers race).
pub async fn find_or_start_topic(
    db: &impl ConnectionTrait,
    new: NewConversation,
    now: DateTime<Utc>,
) -> Result<Conversation, StoreError> {
    let topic = new
        .topic
        .ok_or_else(|| StoreError::corrupt("conversations.topic", ""))?;
    let organisation_id = new.organisation_id;
    conversations::Entity::insert(conversations::ActiveModel {
        funder_id: Set(new.funder_id),
        organisation_id: Set(new.organisation_id),
        dossier_id: Set(new.dossier_id),
        period: Set(new.period.map(|p| p.to_string())),
        subject: Set(new.subject),
        topic: Set(Some(topic.key())),
        created_by: Set(new.created_by),
        created_at: Set(now),
        last_message_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            conversations::Column::OrganisationId,
            conversations::Column::Topic,
        ])
        .do_nothing()
        .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    find_topic(db, organisation_id, topic)
        .await?
        .ok_or_else(|| StoreError::corrupt("conversations.topic", &topic.key()))
}

/// One page of the threads in `scope` (optionally of one dossier), the latest message first,
/// with the total.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: ThreadScope,
    dossier_id: Option<i64>,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<Conversation>), StoreError> {
    let mut select = conversations::Entity::find().filter(scoped(scope));
    if let Some(id) = dossier_id {
        select = select.filter(conversations::Column::DossierId.eq(id));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(conversations::Column::LastMessageAt)
        .order_by_desc(conversations::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((
        total,
        rows.into_iter()
            .map(conversation)
            .collect::<Result<_, _>>()?,
    ))
}

/// Appends a message and moves the thread to the top of the lists.
pub async fn add_message(
    db: &impl ConnectionTrait,
    new: NewMessage,
    now: DateTime<Utc>,
) -> Result<Message, StoreError> {
    let row = messages::ActiveModel {
        conversation_id: Set(new.conversation_id),
        kind: Set(new.kind.as_str().to_owned()),
        author_user_id: Set(new.author_user_id),
        author_role: Set(new.author_role.map(|r| r.as_str().to_owned())),
        body: Set(new.body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    conversations::Entity::update_many()
        .col_expr(conversations::Column::LastMessageAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(new.conversation_id))
        .exec(db)
        .await?;
    message(row)
}

/// The messages of a thread, oldest first.
pub async fn messages_of(
    db: &impl ConnectionTrait,
    conversation_id: i64,
) -> Result<Vec<Message>, StoreError> {
    messages::Entity::find()
        .filter(messages::Column::ConversationId.eq(conversation_id))
        .order_by_asc(messages::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(message)
        .collect()
}

/// A message of a thread.
pub async fn find_message(
    db: &impl ConnectionTrait,
    conversation_id: i64,
    message_id: i64,
) -> Result<Option<Message>, StoreError> {
    messages::Entity::find_by_id(message_id)
        .filter(messages::Column::ConversationId.eq(conversation_id))
        .one(db)
        .await?
        .map(message)
        .transpose()
}

fn message_ids_of(conversation_id: i64) -> SelectStatement {
    Query::select()
        .column(messages::Column::Id)
        .from(messages::Entity)
        .and_where(messages::Column::ConversationId.eq(conversation_id))
        .to_owned()
}

/// The attachments of a thread's messages, in upload order.
pub async fn attachments_of(
    db: &impl ConnectionTrait,
    conversation_id: i64,
) -> Result<Vec<Attachment>, StoreError> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::MessageId.in_subquery(message_ids_of(conversation_id)))
        .order_by_asc(attachments::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(attachment)
        .collect())
}

/// An attachment of a thread.
pub async fn find_attachment(
    db: &impl ConnectionTrait,
    conversation_id: i64,
    attachment_id: i64,
) -> Result<Option<Attachment>, StoreError> {
    Ok(attachments::Entity::find_by_id(attachment_id)
        .filter(attachments::Column::MessageId.in_subquery(message_ids_of(conversation_id)))
        .one(db)
        .await?
        .map(attachment))
}

/// How many files a message holds.
pub async fn count_attachments(
    db: &impl ConnectionTrait,
    message_id: i64,
) -> Result<u64, StoreError> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::MessageId.eq(message_id))
        .count(db)
        .await?)
}

pub async fn add_attachment(
    db: &impl ConnectionTrait,
    new: NewAttachment,
    now: DateTime<Utc>,
) -> Result<Attachment, StoreError> {
    let row = attachments::ActiveModel {
        message_id: Set(new.message_id),
        file_id: Set(new.file_id),
        file_name: Set(new.file_name),
        content_type: Set(new.content_type),
        size_bytes: Set(new.size_bytes),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(attachment(row))
}
