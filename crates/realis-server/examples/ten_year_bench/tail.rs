//! What is written through the store after the bulk load, as production writes it: the measured
//! accounts' passwords, one month certified with its own records (the evidence measured), the
//! head of the chain signed as a checkpoint, and a few records after it (the tail `verify` walks).

use chrono::Utc;
use realis_app::App;
use realis_domain::certification::CertificationMode;
use realis_domain::{MonthStatus, ValidationSetting};
use realis_store::audit::{self, AuditEntry};
use realis_store::certification::{self as certs, NewCertificate};
use realis_store::chain::{self, Head};
use realis_store::{ConnectionTrait, files};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::plan::{EXTRA_OF_USERS, Plan};

/// The password of every measured account.
pub const PASSWORD: &str = "benchmark-password";
/// Records appended after the checkpoint before the server starts.
const TAIL_AFTER_CHECKPOINT: usize = 5;

fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn one_i64(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<i64> {
    let row = db
        .query_one(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql.to_owned(),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no row: {sql}"))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Writes everything of this module; returns the id of the month certified for the evidence.
pub async fn write(app: &App, plan: &Plan) -> anyhow::Result<i64> {
    let db = &app.db;
    let now = Utc::now();
    let hash = realis_app::passwords::hash_now(PASSWORD)?;
    db.conn
        .execute(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "UPDATE users SET password_hash = $1 WHERE id = 1 OR id = $2 OR id BETWEEN $3 AND $4",
            [
                hash.into(),
                plan.agent_id(1).into(),
                plan.extra_of_user_id(1).into(),
                plan.extra_of_user_id(EXTRA_OF_USERS).into(),
            ],
        ))
        .await?;
    // The first month of OF 1 in the previous period: certified online, awaiting the beneficiary.
    let period = Plan::period(plan.current - 1);
    let month_id = one_i64(
        &db.conn,
        &format!(
            "SELECT id FROM months WHERE organisation_id = 1 AND period = '{period}' ORDER BY id LIMIT 1"
        ),
    )
    .await?;
    let txn = db.begin_write().await?;
    for sql in [
        format!(
            "UPDATE months SET status = 'awaiting_beneficiary', transmission_id = NULL, transmitted_at = NULL WHERE id = {month_id}"
        ),
        format!("DELETE FROM certificates WHERE month_id = {month_id}"),
        // Its generated records would not hold: the month's own come below.
        format!("DELETE FROM audit_log WHERE object_type = 'month' AND object_id = '{month_id}'"),
    ] {
        txn.execute_unprepared(&sql).await?;
    }
    let record = |action: &str, data: serde_json::Value| AuditEntry {
        actor_user_id: Some(1),
        actor_role: Some("organisation".into()),
        organisation_id: Some(1),
        funder_id: Some(1),
        action: action.into(),
        object_type: Some("month".into()),
        object_id: Some(month_id.to_string()),
        ip: Some("192.0.2.10".into()),
        user_agent: Some("Mozilla/5.0 (ten-year bench)".into()),
        data,
    };
    for action in [
        "hours_saved",
        "hours_saved",
        "hours_saved",
        "hours_prepared",
        "code_sent",
    ] {
        audit::append(
            &txn,
            &app.audit_key,
            record(action, json!({ "month_id": month_id })),
            now,
        )
        .await?;
    }
    let pdf = files::insert(
        &txn,
        "certificate",
        "application/pdf",
        b"%PDF-1.7 bench".to_vec(),
        Some(1),
        now,
    )
    .await?;
    let data_json =
        json!({ "dossier": "bench", "period": period, "totals": [14000, 0, 0], "mode": "online" })
            .to_string();
    let cert = certs::insert_certificate(
        &txn,
        NewCertificate {
            month_id,
            mode: CertificationMode::Online,
            certified_at: now,
            certified_by: 1,
            verification_code: "BENC-H000-0001".into(),
            pdf_sha256: pdf.sha256.clone(),
            pdf_file_id: pdf.id,
            signed_file_id: None,
            ip: Some("192.0.2.10".into()),
            data_json: data_json.clone(),
            validations: ValidationSetting::Beneficiary,
            batch_id: None,
        },
    )
    .await?;
    // The data of a `certified` record, as the certification writes it.
    let certified = json!({
        "certificate_id": cert.id,
        "mode": cert.mode,
        "status": MonthStatus::AwaitingBeneficiary.as_str(),
        "data_sha256": hex_sha256(data_json.as_bytes()),
        "pdf_sha256": cert.sha256,
        "verification_code": cert.verification_code,
    });
    let last = audit::append(&txn, &app.audit_key, record("certified", certified), now).await?;
    txn.commit().await?;
    // The head, signed as the background job of production does every few minutes.
    let count = one_i64(&db.conn, "SELECT count(*) FROM audit_log").await?;
    let head = Head {
        last_id: last.id,
        hash: last.hash.clone(),
        count,
    };
    chain::record(&db.conn, &app.checkpoint_key, &head, now).await?;
    for i in 0..TAIL_AFTER_CHECKPOINT {
        let txn = db.begin_write().await?;
        let entry = AuditEntry {
            actor_user_id: Some(plan.agent_id(1)),
            actor_role: Some("funder".into()),
            funder_id: Some(1),
            action: "login_succeeded".into(),
            object_type: Some("user".into()),
            object_id: Some(plan.agent_id(1).to_string()),
            data: json!({ "tail": i }),
            ..Default::default()
        };
        audit::append(&txn, &app.audit_key, entry, Utc::now()).await?;
        txn.commit().await?;
    }
    println!(
        "  chain: checkpoint signed at record {} ({count} records), {TAIL_AFTER_CHECKPOINT} records after it; evidence month {month_id} ({period})",
        last.id
    );
    Ok(month_id)
}
