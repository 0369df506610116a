//! «Documents» (issue #11, part 3): the documents a funder's agents upload, either attached to
//! one dossier (`dossier_id` set, with a `kind`: `convention`, `funding_agreement`, `other`) or
//! published to every organisme de formation of the funder (`dossier_id` and `kind` NULL). The
//! bytes live in `stored_files` like every upload; the type and size are copied here so that the
//! lists read no blob.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_140000_documents"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn fk(column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_funder_documents_{column}"))
        .from(a("funder_documents"), a(column))
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
                    .table(a("funder_documents"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("funder_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("dossier_id")).big_integer().null())
                    .col(ColumnDef::new(a("kind")).text().null())
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("file_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("content_type")).text().not_null())
                    .col(ColumnDef::new(a("size_bytes")).big_integer().not_null())
                    .col(ColumnDef::new(a("uploaded_by")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk("funder_id", "funders"))
                    .foreign_key(&mut fk("dossier_id", "dossiers"))
                    .foreign_key(&mut fk("file_id", "stored_files"))
                    .foreign_key(&mut fk("uploaded_by", "users"))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_funder_documents_dossier",
                &["dossier_id", "created_at"][..],
            ),
            (
                "ix_funder_documents_funder",
                &["funder_id", "created_at"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(a("funder_documents"));
            for col in cols {
                index.col(a(col));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
