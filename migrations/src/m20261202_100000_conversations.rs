//! «Mes échanges» (issue #11, part 2): threads between an OF and its funder, their messages,
//! the files attached to messages, and how far each user has read each thread.
//!
//! `conversations.topic` names the thread the platform writes to (`dossier:{id}` for a dossier's
//! contests, `organisation_documents` for refused documents): unique per organisation, NULL for
//! the threads people start. `last_message_at` orders the lists; the reads table holds the last
//! message id a user has seen, so that unread counts are one indexed comparison.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_100000_conversations"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to), a("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("conversations"))
                    .if_not_exists()
                    .col(id())
                    .col(ColumnDef::new(a("funder_id")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("organisation_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("dossier_id")).big_integer().null())
                    .col(ColumnDef::new(a("period")).text().null())
                    .col(ColumnDef::new(a("subject")).text().not_null())
                    .col(ColumnDef::new(a("topic")).text().null())
                    .col(ColumnDef::new(a("created_by")).big_integer().null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("last_message_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk("conversations", "funder_id", "funders"))
                    .foreign_key(&mut fk("conversations", "organisation_id", "organisations"))
                    .foreign_key(&mut fk("conversations", "dossier_id", "dossiers"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("conversation_messages"))
                    .if_not_exists()
                    .col(id())
                    .col(
                        ColumnDef::new(a("conversation_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("author_user_id")).big_integer().null())
                    .col(ColumnDef::new(a("author_role")).text().null())
                    .col(ColumnDef::new(a("body")).text().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "conversation_messages",
                        "conversation_id",
                        "conversations",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("message_attachments"))
                    .if_not_exists()
                    .col(id())
                    .col(ColumnDef::new(a("message_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("file_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("file_name")).text().not_null())
                    .col(ColumnDef::new(a("content_type")).text().not_null())
                    .col(ColumnDef::new(a("size_bytes")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "message_attachments",
                        "message_id",
                        "conversation_messages",
                    ))
                    .foreign_key(&mut fk("message_attachments", "file_id", "stored_files"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("conversation_reads"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("conversation_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("last_read_message_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(a("read_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(a("conversation_id")).col(a("user_id")))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols, unique) in [
            (
                "ux_conversations_topic",
                "conversations",
                &["organisation_id", "topic"][..],
                true,
            ),
            (
                "ix_conversations_org_last",
                "conversations",
                &["organisation_id", "last_message_at"][..],
                false,
            ),
            (
                "ix_conversations_funder_last",
                "conversations",
                &["funder_id", "last_message_at"][..],
                false,
            ),
            (
                "ix_conversation_messages_conversation",
                "conversation_messages",
                &["conversation_id", "id"][..],
                false,
            ),
            (
                "ix_message_attachments_message",
                "message_attachments",
                &["message_id"][..],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(a(table));
            for col in cols {
                index.col(a(col));
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
