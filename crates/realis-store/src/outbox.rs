//! The e-mail outbox (R4): rows written in the business transaction, claimed and sent after commit.

use crate::StoreError;
use chrono::{DateTime, Duration, Utc};
use realis_domain::outbox::{MailPriority, OutboxMail};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entities::outbox::{self, Column, Entity};

/// A stored row as the domain's queued e-mail.
fn mail_of(r: outbox::Model) -> OutboxMail {
    OutboxMail {
        id: r.id,
        to_address: r.to_address,
        subject: r.subject,
        text_body: r.text_body,
        html_body: r.html_body,
        status: r.status,
        attempts: r.attempts,
        next_attempt_at: r.next_attempt_at,
        locked_until: r.locked_until,
        last_error: r.last_error,
        created_at: r.created_at,
        sent_at: r.sent_at,
        priority: MailPriority::from_i16(r.priority),
    }
}

/// A rendered message waiting to be sent.
#[derive(Debug, Clone)]
pub struct NewOutboxMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub priority: MailPriority,
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    m: NewOutboxMail,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let row = outbox::ActiveModel {
        to_address: Set(m.to),
        subject: Set(m.subject),
        text_body: Set(m.text),
        html_body: Set(m.html),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        priority: Set(m.priority.as_i16()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Claims up to `limit` due rows for `lease`, urgent ones first, then the oldest; a row is claimed
/// by exactly one sender, even across instances (conditional update on the lease).
pub async fn claim_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<OutboxMail>, StoreError> {
    let candidates = Entity::find()
        .filter(Column::Status.eq("pending"))
        .filter(Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(Column::LockedUntil.is_null())
                .add(Column::LockedUntil.lt(now)),
        )
        .order_by_desc(Column::Priority)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let res = Entity::update_many()
            .col_expr(Column::LockedUntil, Expr::value(now + lease))
            .filter(Column::Id.eq(row.id))
            .filter(Column::Status.eq("pending"))
            .filter(
                Condition::any()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::LockedUntil.lt(now)),
            )
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(mail_of(row));
        }
    }
    Ok(claimed)
}

pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::Status, Expr::value("sent"))
        .col_expr(Column::SentAt, Expr::value(now))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again; after `max_attempts` the row is `failed`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    row: &OutboxMail,
    error: &str,
    next_attempt_at: DateTime<Utc>,
    max_attempts: i32,
) -> Result<(), StoreError> {
    let attempts = row.attempts + 1;
    let status = if attempts >= max_attempts {
        "failed"
    } else {
        "pending"
    };
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(
            Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .col_expr(Column::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<OutboxMail>, StoreError> {
    Ok(Entity::find_by_id(id).one(db).await?.map(mail_of))
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<OutboxMail>, StoreError> {
    let rows = Entity::find().order_by_asc(Column::Id).all(db).await?;
    Ok(rows.into_iter().map(mail_of).collect())
}
