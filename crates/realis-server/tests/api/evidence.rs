//! The evidence trail (SPEC F11, QUALITY S8, S9, S12): what each party sees, the rate limit, the
//! cost of the chain verdict, and tampering with the log (truncation, deleted months, rewrites
//! re-hashed without the key) seen against the signed checkpoints and the published head.

use realis_store::audit::{self, AuditEntry, GENESIS};
use realis_store::entities::audit_log::{self, Column};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::certification::{certify_online, get_json, month_url, post, prepared_month};
use crate::helpers::{TestApp, pdf, problem, spawn_app};

async fn certify_upload(t: &TestApp, of: &str, id: i64, period: &str) {
    let res = t
        .put_bytes(
            &month_url(id, period, "/signed-certificate"),
            of,
            "application/pdf",
            pdf(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = post(
        t,
        of,
        &month_url(id, period, "/certify"),
        json!({ "mode": "upload" }),
    )
    .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
}

/// The published head: `GET /api/v1/audit/head`, public.
async fn published_head(t: &TestApp) -> Value {
    let res = t
        .client
        .get(t.url("/api/v1/audit/head"))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200, "the head is published");
    res.json().await.expect("json")
}

async fn evidence(t: &TestApp, token: &str, id: i64, period: &str) -> Value {
    get_json(t, token, &month_url(id, period, "/evidence")).await
}

/// The chain's hash before it was keyed: plain SHA-256 of the same length-prefixed fields. What
/// someone who can write to the database but does not hold the key would compute.
fn unkeyed_hash(prev: &str, r: &audit_log::Model) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let fields = [
        prev.to_owned(),
        r.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        opt(r.actor_user_id.map(|v| v.to_string())),
        opt(r.actor_role.clone()),
        opt(r.organisation_id.map(|v| v.to_string())),
        opt(r.funder_id.map(|v| v.to_string())),
        r.action.clone(),
        opt(r.object_type.clone()),
        opt(r.object_id.clone()),
        opt(r.ip.clone()),
        opt(r.user_agent.clone()),
        r.data_hash.clone(),
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Re-hashes every row from `from_id` on with `hash`, so the links hold again.
async fn rechain(t: &TestApp, from_id: i64, hash: impl Fn(&str, &audit_log::Model) -> String) {
    let rows = audit_log::Entity::find()
        .order_by_asc(Column::Id)
        .all(&t.app.db.conn)
        .await
        .expect("rows");
    let mut prev = GENESIS.to_owned();
    for r in rows {
        if r.id >= from_id {
            let h = hash(&prev, &r);
            let mut m = r.into_active_model();
            m.prev_hash = Set(prev.clone());
            m.hash = Set(h.clone());
            m.update(&t.app.db.conn).await.expect("update");
            prev = h;
        } else {
            prev = r.hash;
        }
    }
}

async fn month_rows(t: &TestApp, month_id: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(Column::ObjectType.eq("month"))
        .filter(Column::ObjectId.eq(month_id))
        .order_by_asc(Column::Id)
        .all(&t.app.db.conn)
        .await
        .expect("rows")
}

async fn month_id(t: &TestApp, of: &str, id: i64, period: &str) -> String {
    let e = evidence(t, of, id, period).await;
    let first = e["items"][0]["id"].as_i64().expect("an item");
    audit_log::Entity::find_by_id(first)
        .one(&t.app.db.conn)
        .await
        .expect("db")
        .expect("row")
        .object_id
        .expect("object id")
}

#[tokio::test]
async fn each_party_sees_who_when_and_what_and_only_the_of_and_the_funder_see_addresses() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-PRIV", &["2026-10"], true).await;
    certify_online(&t, &of, id, "2026-10").await;
    let agent = t.token("agent@tp-idf.test").await;
    let ben = crate::admin::activate(&t, "d-priv@realis.test").await;
    let employer = t.token("rh@pharmaplus.test").await;
    let certified = |e: &Value| -> Value {
        e["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["action"] == "certified")
            .expect("certified")
            .clone()
    };
    for token in [&of, &agent] {
        let e = evidence(&t, token, id, "2026-10").await;
        let c = certified(&e);
        assert_eq!(
            c["ip"], "127.0.0.1",
            "consented IP for the OF and the funder"
        );
        assert_eq!(c["user_agent"], crate::helpers::USER_AGENT);
        assert!(c["actor"].is_string() && c["at"].is_string());
    }
    for token in [&ben, &employer] {
        let e = evidence(&t, token, id, "2026-10").await;
        let items = e["items"].as_array().expect("items");
        assert!(!items.is_empty());
        for i in items {
            assert!(i["ip"].is_null(), "no IP for a validator: {i}");
            assert!(
                i["user_agent"].is_null(),
                "no user agent for a validator: {i}"
            );
            assert!(i["actor"].is_string() && i["at"].is_string() && i["label"].is_string());
        }
        assert_eq!(certified(&e)["actor_role"], "organisation");
    }
    // The dossier: the beneficiary's e-mail for the OF, the funder and the beneficiary only.
    for (token, sees) in [
        (&of, true),
        (&agent, true),
        (&ben, true),
        (&employer, false),
    ] {
        let d = get_json(&t, token, &format!("/api/v1/dossiers/{id}")).await;
        if sees {
            assert_eq!(d["beneficiary_email"], "d-priv@realis.test");
        } else {
            assert!(d["beneficiary_email"].is_null(), "{d}");
        }
        assert!(!d.to_string().contains("d-priv@realis.test") || sees);
    }
}

#[tokio::test]
async fn evidence_is_rate_limited_per_user() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-RATE", &["2026-10"], false).await;
    for _ in 0..30 {
        evidence(&t, &of, id, "2026-10").await;
    }
    let res = t
        .get_with(&month_url(id, "2026-10", "/evidence"), &of)
        .await;
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    problem(res, 429, "rate_limited").await;
    // Another user is not affected.
    let agent = t.token("agent@tp-idf.test").await;
    evidence(&t, &agent, id, "2026-10").await;
}

/// Appends `n` unrelated records (logins) to the log.
async fn filler(t: &TestApp, n: usize) {
    let txn = t.app.db.begin_write().await.expect("txn");
    for i in 0..n {
        let entry = AuditEntry {
            action: "login_succeeded".into(),
            object_type: Some("user".into()),
            object_id: Some((i % 7).to_string()),
            data: json!({ "n": i }),
            ..Default::default()
        };
        audit::append(&txn, &t.app.audit_key, entry, t.app.clock.now())
            .await
            .expect("append");
    }
    txn.commit().await.expect("commit");
}

#[tokio::test]
async fn the_evidence_verdict_reads_as_many_records_whatever_the_size_of_the_log() {
    let mut checked = Vec::new();
    for n in [100, 3000] {
        let t = spawn_app().await;
        filler(&t, n).await;
        let (id, of) = prepared_month(&t, "D-COST", &["2026-10"], false).await;
        certify_upload(&t, &of, id, "2026-10").await;
        published_head(&t).await;
        let e = evidence(&t, &of, id, "2026-10").await;
        assert_eq!(e["chain_intact"], true);
        let read = e["chain"]["records_checked"]
            .as_u64()
            .expect("records_checked");
        assert!(read < 100, "{read} records read for a log of {n}");
        checked.push(read);
    }
    assert_eq!(checked[0], checked[1], "{checked:?}");
}

#[tokio::test]
async fn a_truncated_tail_is_detected_against_the_published_head() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-TRUNC", &["2026-10"], false).await;
    certify_upload(&t, &of, id, "2026-10").await;
    let head = published_head(&t).await;
    let head_id = head["id"].as_i64().expect("head id");
    let head_hash = head["hash"].as_str().expect("head hash").to_owned();
    assert!(head["count"].as_i64().expect("count") > 0);
    // Anyone holding the published head finds it in the chain.
    let rec: Value = t
        .client
        .get(t.url(&format!("/api/v1/audit/records/{head_id}")))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(rec["hash"], head_hash.as_str());
    assert_eq!(evidence(&t, &of, id, "2026-10").await["chain_intact"], true);
    // The last three records go.
    audit_log::Entity::delete_many()
        .filter(Column::Id.gt(head_id - 3))
        .exec(&t.app.db.conn)
        .await
        .expect("truncate");
    let e = evidence(&t, &of, id, "2026-10").await;
    assert_eq!(e["chain_intact"], false, "{}", e["chain"]);
    assert_eq!(e["chain"]["broken_at"], head_id);
    let res = t
        .client
        .get(t.url(&format!("/api/v1/audit/records/{head_id}")))
        .send()
        .await
        .expect("req");
    problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn deleting_a_certified_months_records_is_detected_rechained_or_not() {
    for rechained in [false, true] {
        let t = spawn_app().await;
        let (id, of) = prepared_month(&t, "D-DEL", &["2026-09", "2026-10"], false).await;
        certify_upload(&t, &of, id, "2026-10").await;
        let month = month_id(&t, &of, id, "2026-10").await;
        // Later activity, then the head is published.
        certify_upload(&t, &of, id, "2026-09").await;
        published_head(&t).await;
        let rows = month_rows(&t, &month).await;
        let first = rows[0].id;
        audit_log::Entity::delete_many()
            .filter(Column::ObjectType.eq("month"))
            .filter(Column::ObjectId.eq(month.as_str()))
            .exec(&t.app.db.conn)
            .await
            .expect("delete");
        if rechained {
            rechain(&t, first, unkeyed_hash).await;
        }
        let e = evidence(&t, &of, id, "2026-10").await;
        assert_eq!(
            e["chain_intact"], false,
            "rechained {rechained}: {}",
            e["chain"]
        );
        assert!(e["chain"]["broken_at"].is_i64(), "{}", e["chain"]);
        if rechained {
            // Re-hashing reached the signed head: every month's evidence says so.
            let e = evidence(&t, &of, id, "2026-09").await;
            assert_eq!(e["chain_intact"], false);
            assert_eq!(e["chain"]["problem"], "record_altered");
        } else {
            assert_eq!(e["chain"]["problem"], "record_missing", "{}", e["chain"]);
        }
    }
}

#[tokio::test]
async fn a_record_rewritten_and_the_rest_rehashed_without_the_key_is_found_at_that_record() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-REW", &["2026-09", "2026-10"], false).await;
    certify_upload(&t, &of, id, "2026-10").await;
    let month = month_id(&t, &of, id, "2026-10").await;
    certify_upload(&t, &of, id, "2026-09").await;
    published_head(&t).await;
    let certified = month_rows(&t, &month)
        .await
        .into_iter()
        .find(|r| r.action == "certified")
        .expect("certified row");
    let target = certified.id;
    let mut m = certified.into_active_model();
    m.actor_role = Set(Some("funder".into()));
    m.update(&t.app.db.conn).await.expect("rewrite");
    let other_key = audit::ChainKey::new([9; 32]);
    for (name, hash) in [
        (
            "unkeyed SHA-256",
            Box::new(unkeyed_hash) as Box<dyn Fn(&str, &audit_log::Model) -> String>,
        ),
        (
            "another key",
            Box::new(move |p: &str, r: &audit_log::Model| audit::record_hash(&other_key, p, r)),
        ),
    ] {
        rechain(&t, target, hash).await;
        for period in ["2026-10", "2026-09"] {
            let e = evidence(&t, &of, id, period).await;
            assert_eq!(e["chain_intact"], false, "{name}");
            assert_eq!(e["chain"]["broken_at"], target, "{name}: {}", e["chain"]);
        }
        let items = evidence(&t, &of, id, "2026-10").await["items"].clone();
        let rewritten = items
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["id"] == target)
            .expect("the rewritten record is listed")
            .clone();
        assert_eq!(rewritten["verified"], false, "{name}");
    }
}

#[tokio::test]
async fn the_daily_digest_and_the_public_verification_publish_the_signed_head() {
    let t = spawn_app().await;
    let (id, of) = prepared_month(&t, "D-HEAD", &["2026-09", "2026-10"], false).await;
    certify_upload(&t, &of, id, "2026-10").await;
    let code =
        get_json(&t, &of, &month_url(id, "2026-10", "")).await["certificate"]["verification_code"]
            .as_str()
            .expect("code")
            .to_owned();
    assert!(t.app.send_daily_reminders().await.expect("digest") > 0);
    let head = published_head(&t).await;
    let hash = head["hash"].as_str().expect("hash");
    while t.app.send_due_mail().await.expect("send") > 0 {}
    let sent = t.app.mailer.sent();
    let digest = sent
        .iter()
        .find(|m| m.subject.contains("à saisir ou à certifier"))
        .unwrap_or_else(|| {
            panic!(
                "digest: {:?}",
                sent.iter().map(|m| &m.subject).collect::<Vec<_>>()
            )
        });
    assert!(
        digest
            .text
            .contains(&format!("enregistrement n° {}", head["id"]))
            && digest.text.contains(hash),
        "{}",
        digest.text
    );
    let v: Value = t
        .client
        .get(t.url(&format!("/api/v1/verify/{code}")))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(v["audit_head"]["hash"], hash);
    assert_eq!(v["audit_head"]["id"], head["id"]);
}
