//! Certification batches (issue #13): an OF certifies many months at once, online with one
//! e-mailed code or by uploading one signed scan per month.
//!
//! - `certification_batches`: who made the set, for which organisation, and when it was certified
//!   (and how);
//! - `certification_batch_months`: the months of the set, in the order chosen, each with the
//!   `version` it had when the set was made (a month written since refuses the whole batch);
//! - `certification_codes.batch_id`: a batch's code is stored as one row per month (same keyed
//!   hash, each with the fingerprint of its month's hours), so that an edit of any month voids its
//!   row, as it voids a single month's code, and the batch with it;
//! - `certificates.batch_id`: each month's certificate points to the batch that certified it.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_100000_certification_batches"
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
        .to_owned()
}

fn add_batch_id(table: &str) -> TableAlterStatement {
    Table::alter()
        .table(a(table))
        .add_column(ColumnDef::new(a("batch_id")).big_integer().null())
        .to_owned()
}

fn index(name: &str, table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(a(table));
    for c in cols {
        i.col(a(c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("certification_batches"))
                    .if_not_exists()
                    .col(id())
                    .col(
                        ColumnDef::new(a("organisation_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("created_by")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("created_at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    // `online` or `upload`, once certified.
                    .col(ColumnDef::new(a("mode")).text().null())
                    .col(
                        ColumnDef::new(a("certified_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(a("certified_by")).big_integer().null())
                    .foreign_key(&mut fk(
                        "certification_batches",
                        "organisation_id",
                        "organisations",
                    ))
                    .foreign_key(&mut fk("certification_batches", "created_by", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("certification_batch_months"))
                    .if_not_exists()
                    .col(id())
                    .col(ColumnDef::new(a("batch_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("month_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("position")).integer().not_null())
                    .col(ColumnDef::new(a("version")).integer().not_null())
                    .foreign_key(&mut fk(
                        "certification_batch_months",
                        "batch_id",
                        "certification_batches",
                    ))
                    .foreign_key(&mut fk("certification_batch_months", "month_id", "months"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ux_certification_batch_months",
                    "certification_batch_months",
                    &["batch_id", "month_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_certification_batches_organisation",
                "certification_batches",
                &["organisation_id", "id"],
            ))
            .await?;
        manager
            .alter_table(add_batch_id("certification_codes"))
            .await?;
        manager
            .create_index(index(
                "ix_certification_codes_batch",
                "certification_codes",
                &["batch_id", "created_at"],
            ))
            .await?;
        manager.alter_table(add_batch_id("certificates")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_certification_codes_batch")
                    .table(a("certification_codes"))
                    .to_owned(),
            )
            .await?;
        for table in ["certificates", "certification_codes"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .drop_column(a("batch_id"))
                        .to_owned(),
                )
                .await?;
        }
        for table in ["certification_batch_months", "certification_batches"] {
            manager
                .drop_table(Table::drop().table(a(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
