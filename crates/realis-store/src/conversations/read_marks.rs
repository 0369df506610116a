//! Read marks and unread counts of «Mes échanges»: a user has read a thread up to one message
//! id; unread are the messages of others after it, counted in one query per page or per scope.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, OnConflict, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::ThreadScope;
use crate::StoreError;
use crate::entities::{
    conversation_messages as messages, conversation_reads as reads, conversations,
};

/// Records that `user_id` has read the thread up to `last_message_id` (never backwards).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    conversation_id: i64,
    user_id: i64,
    last_message_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = reads::Entity::update_many()
        .col_expr(
            reads::Column::LastReadMessageId,
            Expr::value(last_message_id),
        )
        .col_expr(reads::Column::ReadAt, Expr::value(now))
        .filter(reads::Column::ConversationId.eq(conversation_id))
        .filter(reads::Column::UserId.eq(user_id))
        .filter(reads::Column::LastReadMessageId.lt(last_message_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        reads::Entity::insert(reads::ActiveModel {
            conversation_id: Set(conversation_id),
            user_id: Set(user_id),
            last_read_message_id: Set(last_message_id),
            read_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([reads::Column::ConversationId, reads::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(db)
        .await?;
    }
    Ok(())
}

/// The messages of others that `user_id` has not read, as a query over
/// `conversation_messages` joined to its thread and the user's read mark.
fn unread_of(user_id: i64) -> SelectStatement {
    Query::select()
        .from(messages::Entity)
        .inner_join(
            conversations::Entity,
            Expr::col((conversations::Entity, conversations::Column::Id))
                .equals((messages::Entity, messages::Column::ConversationId)),
        )
        .left_join(
            reads::Entity,
            Condition::all()
                .add(
                    Expr::col((reads::Entity, reads::Column::ConversationId))
                        .equals((messages::Entity, messages::Column::ConversationId)),
                )
                .add(Expr::col((reads::Entity, reads::Column::UserId)).eq(user_id)),
        )
        .and_where(
            Expr::col((messages::Entity, messages::Column::Id)).gt(Func::coalesce([
                Expr::col((reads::Entity, reads::Column::LastReadMessageId)).into(),
                Expr::val(0i64).into(),
            ])),
        )
        .cond_where(
            Condition::any()
                .add(Expr::col((messages::Entity, messages::Column::AuthorUserId)).is_null())
                .add(Expr::col((messages::Entity, messages::Column::AuthorUserId)).ne(user_id)),
        )
        .to_owned()
}

/// Unread messages per thread of `ids`, for `user_id` (threads with none are absent).
pub async fn unread_counts(
    db: &impl ConnectionTrait,
    user_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, u64>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let stmt = unread_of(user_id)
        .column((messages::Entity, messages::Column::ConversationId))
        .expr(Expr::col((messages::Entity, messages::Column::Id)).count())
        .and_where(
            Expr::col((messages::Entity, messages::Column::ConversationId)).is_in(ids.to_vec()),
        )
        .group_by_col((messages::Entity, messages::Column::ConversationId))
        .to_owned();
    let backend = db.get_database_backend();
    let mut out = HashMap::new();
    for row in db.query_all(backend.build(&stmt)).await? {
        let id: i64 = row.try_get_by_index(0)?;
        let n: i64 = row.try_get_by_index(1)?;
        out.insert(id, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// How many threads in `scope` hold messages `user_id` has not read.
pub async fn unread_threads(
    db: &impl ConnectionTrait,
    scope: ThreadScope,
    user_id: i64,
) -> Result<u64, StoreError> {
    let stmt = unread_of(user_id)
        .expr(Expr::col((messages::Entity, messages::Column::ConversationId)).count_distinct())
        .cond_where(match scope {
            ThreadScope::Organisation(id) => Condition::all().add(
                Expr::col((conversations::Entity, conversations::Column::OrganisationId)).eq(id),
            ),
            ThreadScope::Funder(id) => Condition::all()
                .add(Expr::col((conversations::Entity, conversations::Column::FunderId)).eq(id)),
        })
        .to_owned();
    let backend = db.get_database_backend();
    let n: i64 = match db.query_one(backend.build(&stmt)).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
