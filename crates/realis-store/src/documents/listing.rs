//! Every document of the dossiers of a scope as one list: the certificates, the files they rest
//! on, and the documents the funder attached, read by one `UNION ALL` so that the database pages
//! and counts them (a funder's scope holds every dossier of a region). And the current
//! certificates of one period, for its ZIP.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use realis_domain::Period;
use realis_domain::certification::CertificationMode;
use realis_domain::document::{DocumentSource, DossierDocument, DossierDocumentKind};
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, IntoIden, Order, Query, SelectStatement, SimpleExpr, UnionType,
};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::StoreError;
use crate::dossiers::scope_condition;
use crate::entities::{
    certificates as certs, dossiers, funder_documents as docs, month_files as files, months,
    stored_files as blobs,
};
use crate::portfolio::Scope;

/// Which documents of a scope a list shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentFilter {
    pub dossier_id: Option<i64>,
    /// Only the dossiers of that organisation.
    pub organisation_id: Option<i64>,
    /// Only the certificates of that month and their files (the funder's documents have none).
    pub period: Option<Period>,
    pub kind: Option<DossierDocumentKind>,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    source: String,
    row_id: i64,
    kind: String,
    dossier_id: i64,
    dossier_number: String,
    period: Option<String>,
    title: Option<String>,
    at: DateTime<Utc>,
    superseded_at: Option<DateTime<Utc>>,
    mode: Option<String>,
    content_type: String,
    size_bytes: i64,
}

#[derive(Debug, FromQueryResult)]
struct Count {
    n: i64,
}

fn a(name: &'static str) -> Alias {
    Alias::new(name)
}

fn col<T: IntoIden + 'static, C: IntoIden + 'static>(table: T, column: C) -> SimpleExpr {
    Expr::col((table, column)).into()
}

/// A typed NULL, so that PostgreSQL types the column of the union alike in every branch
/// (SQLite takes any type name).
fn null(sql_type: &str) -> SimpleExpr {
    Expr::cust(format!("CAST(NULL AS {sql_type})"))
}

/// The columns every branch selects, in order.
struct Columns {
    source: &'static str,
    row_id: SimpleExpr,
    kind: SimpleExpr,
    period: SimpleExpr,
    title: SimpleExpr,
    at: SimpleExpr,
    superseded_at: SimpleExpr,
    mode: SimpleExpr,
    content_type: SimpleExpr,
    size_bytes: SimpleExpr,
}

fn select(c: Columns) -> SelectStatement {
    let mut q = Query::select();
    q.expr_as(Expr::val(c.source), a("source"))
        .expr_as(c.row_id, a("row_id"))
        .expr_as(c.kind, a("kind"))
        .expr_as(col(dossiers::Entity, dossiers::Column::Id), a("dossier_id"))
        .expr_as(
            col(dossiers::Entity, dossiers::Column::Number),
            a("dossier_number"),
        )
        .expr_as(c.period, a("period"))
        .expr_as(c.title, a("title"))
        .expr_as(c.at, a("at"))
        .expr_as(c.superseded_at, a("superseded_at"))
        .expr_as(c.mode, a("mode"))
        .expr_as(c.content_type, a("content_type"))
        .expr_as(c.size_bytes, a("size_bytes"));
    q
}

fn month_joins(q: &mut SelectStatement, month_id: SimpleExpr) {
    q.inner_join(
        months::Entity,
        Expr::col((months::Entity, months::Column::Id)).eq(month_id),
    )
    .inner_join(
        dossiers::Entity,
        Expr::col((dossiers::Entity, dossiers::Column::Id))
            .equals((months::Entity, months::Column::DossierId)),
    );
}

fn union_of(scope: Scope, filter: &DocumentFilter) -> SelectStatement {
    let blob = |c: blobs::Column| col(blobs::Entity, c);
    let mut certificates = select(Columns {
        source: "certificate",
        row_id: col(certs::Entity, certs::Column::Id),
        kind: Expr::val(DossierDocumentKind::Certificate.as_str()).into(),
        period: col(months::Entity, months::Column::Period),
        title: null("TEXT"),
        at: col(certs::Entity, certs::Column::CertifiedAt),
        superseded_at: col(certs::Entity, certs::Column::SupersededAt),
        mode: col(certs::Entity, certs::Column::Mode),
        content_type: blob(blobs::Column::ContentType),
        size_bytes: blob(blobs::Column::SizeBytes),
    });
    certificates.from(certs::Entity);
    month_joins(
        &mut certificates,
        col(certs::Entity, certs::Column::MonthId),
    );
    certificates.inner_join(
        blobs::Entity,
        Expr::col((blobs::Entity, blobs::Column::Id))
            .equals((certs::Entity, certs::Column::PdfFileId)),
    );

    let mut month_files = select(Columns {
        source: "month_file",
        row_id: col(files::Entity, files::Column::Id),
        kind: col(files::Entity, files::Column::Kind),
        period: col(months::Entity, months::Column::Period),
        title: null("TEXT"),
        at: col(files::Entity, files::Column::CreatedAt),
        superseded_at: col(certs::Entity, certs::Column::SupersededAt),
        mode: null("TEXT"),
        content_type: blob(blobs::Column::ContentType),
        size_bytes: blob(blobs::Column::SizeBytes),
    });
    // Only the files a certificate rests on: an attempt being prepared is the month page's.
    month_files.from(files::Entity).inner_join(
        certs::Entity,
        Expr::col((certs::Entity, certs::Column::Id))
            .equals((files::Entity, files::Column::CertificateId)),
    );
    month_joins(&mut month_files, col(files::Entity, files::Column::MonthId));
    month_files.inner_join(
        blobs::Entity,
        Expr::col((blobs::Entity, blobs::Column::Id))
            .equals((files::Entity, files::Column::FileId)),
    );

    let mut funder = select(Columns {
        source: "document",
        row_id: col(docs::Entity, docs::Column::Id),
        kind: col(docs::Entity, docs::Column::Kind),
        period: null("TEXT"),
        title: col(docs::Entity, docs::Column::Title),
        at: col(docs::Entity, docs::Column::CreatedAt),
        superseded_at: null("TIMESTAMPTZ"),
        mode: null("TEXT"),
        content_type: col(docs::Entity, docs::Column::ContentType),
        size_bytes: col(docs::Entity, docs::Column::SizeBytes),
    });
    funder.from(docs::Entity).inner_join(
        dossiers::Entity,
        Expr::col((dossiers::Entity, dossiers::Column::Id))
            .equals((docs::Entity, docs::Column::DossierId)),
    );

    for q in [&mut certificates, &mut month_files, &mut funder] {
        q.and_where(scope_condition(scope));
        if let Some(id) = filter.dossier_id {
            q.and_where(Expr::col((dossiers::Entity, dossiers::Column::Id)).eq(id));
        }
        if let Some(org) = filter.organisation_id {
            q.and_where(Expr::col((dossiers::Entity, dossiers::Column::OrganisationId)).eq(org));
        }
    }
    certificates
        .union(UnionType::All, month_files)
        .union(UnionType::All, funder)
        .to_owned()
}

fn document_of(r: Row) -> Result<DossierDocument, StoreError> {
    let source = match r.source.as_str() {
        "certificate" => DocumentSource::Certificate(r.row_id),
        "month_file" => DocumentSource::MonthFile(r.row_id),
        "document" => DocumentSource::Funder(r.row_id),
        other => return Err(StoreError::corrupt("documents.source", other)),
    };
    let kind = DossierDocumentKind::parse(&r.kind)
        .ok_or_else(|| StoreError::corrupt("documents.kind", &r.kind))?;
    let period = r
        .period
        .map(|p| Period::parse(&p).map_err(|_| StoreError::corrupt("months.period", &p)))
        .transpose()?;
    let mode = r
        .mode
        .map(|m| {
            CertificationMode::parse(&m).ok_or_else(|| StoreError::corrupt("certificates.mode", &m))
        })
        .transpose()?;
    let on_a_certificate = !matches!(source, DocumentSource::Funder(_));
    Ok(DossierDocument {
        source,
        kind,
        dossier_id: r.dossier_id,
        dossier_number: r.dossier_number,
        period,
        title: r.title,
        at: r.at,
        superseded: on_a_certificate.then_some(r.superseded_at.is_some()),
        mode,
        content_type: r.content_type,
        size_bytes: r.size_bytes,
    })
}

/// The documents of the scope's dossiers matching `filter`, newest first, and their count;
/// `paging` `(page, per_page)` (from 1), or every one.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: DocumentFilter,
    paging: Option<(u64, u64)>,
) -> Result<(u64, Vec<DossierDocument>), StoreError> {
    let mut filtered = Query::select();
    filtered
        .column(Asterisk)
        .from_subquery(union_of(scope, &filter), a("docs"));
    if let Some(p) = filter.period {
        filtered.and_where(Expr::col((a("docs"), a("period"))).eq(p.to_string()));
    }
    if let Some(k) = filter.kind {
        filtered.and_where(Expr::col((a("docs"), a("kind"))).eq(k.as_str()));
    }
    let backend = db.get_database_backend();
    let mut rows = filtered.clone();
    rows.order_by((a("docs"), a("at")), Order::Desc)
        .order_by((a("docs"), a("source")), Order::Asc)
        .order_by((a("docs"), a("row_id")), Order::Desc);
    if let Some((page, per_page)) = paging {
        rows.limit(per_page)
            .offset((page - 1).saturating_mul(per_page));
    }
    let items = Row::find_by_statement(backend.build(&rows))
        .all(db)
        .await?
        .into_iter()
        .map(document_of)
        .collect::<Result<Vec<_>, _>>()?;
    let total = match paging {
        None => items.len() as u64,
        Some(_) => {
            let count = Query::select()
                .expr_as(Expr::cust("COUNT(*)"), a("n"))
                .from_subquery(filtered, a("filtered"))
                .to_owned();
            Count::find_by_statement(backend.build(&count))
                .one(db)
                .await?
                .map(|c| u64::try_from(c.n).unwrap_or(0))
                .unwrap_or(0)
        }
    };
    Ok((total, items))
}

/// A current certificate of a period, for its ZIP.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ZipEntry {
    pub certificate_id: i64,
    pub month_id: i64,
    pub dossier_number: String,
    pub pdf_file_id: i64,
    pub size_bytes: i64,
    pub certified_at: DateTime<Utc>,
}

/// The current (not superseded) certificates of `period` in the scope's dossiers (of
/// `organisation_id` only, if given), by dossier number, one per month, at most `limit`.
pub async fn certificates_of_period(
    db: &impl ConnectionTrait,
    scope: Scope,
    period: Period,
    organisation_id: Option<i64>,
    limit: u64,
) -> Result<Vec<ZipEntry>, StoreError> {
    let mut q = Query::select();
    q.expr_as(col(certs::Entity, certs::Column::Id), a("certificate_id"))
        .expr_as(col(certs::Entity, certs::Column::MonthId), a("month_id"))
        .expr_as(
            col(dossiers::Entity, dossiers::Column::Number),
            a("dossier_number"),
        )
        .expr_as(col(blobs::Entity, blobs::Column::Id), a("pdf_file_id"))
        .expr_as(
            col(blobs::Entity, blobs::Column::SizeBytes),
            a("size_bytes"),
        )
        .expr_as(
            col(certs::Entity, certs::Column::CertifiedAt),
            a("certified_at"),
        )
        .from(certs::Entity);
    month_joins(&mut q, col(certs::Entity, certs::Column::MonthId));
    q.inner_join(
        blobs::Entity,
        Expr::col((blobs::Entity, blobs::Column::Id))
            .equals((certs::Entity, certs::Column::PdfFileId)),
    )
    .and_where(scope_condition(scope))
    .and_where(Expr::col((months::Entity, months::Column::Period)).eq(period.to_string()))
    .and_where(Expr::col((certs::Entity, certs::Column::SupersededAt)).is_null())
    .order_by((dossiers::Entity, dossiers::Column::Number), Order::Asc)
    .order_by((certs::Entity, certs::Column::Id), Order::Desc)
    .limit(limit);
    if let Some(org) = organisation_id {
        q.and_where(Expr::col((dossiers::Entity, dossiers::Column::OrganisationId)).eq(org));
    }
    let rows = ZipEntry::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    // Two current certificates of one month would be a fault elsewhere; the newest stands.
    let mut months_seen = HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|r| months_seen.insert(r.month_id))
        .collect())
}
