//! Signed checkpoints of the audit chain: verification reads the tail only, and tampering without
//! the key (rewrites re-hashed unkeyed or with another key, truncation, forged checkpoints,
//! deletions) is found.

use chrono::Duration;
use realis_domain::evidence::ChainBreak;
use realis_store::audit::{self, ChainKey, GENESIS};
use realis_store::chain::{self, CheckpointKey, Head};
use realis_store::entities::audit_log::Model as AuditRow;
use realis_store::entities::{audit_checkpoints, audit_log};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use super::{databases, entry, key, t0};

/// How someone without the key re-hashes a record.
type Rehash<'a> = &'a dyn Fn(&str, &AuditRow) -> String;

fn cp_key() -> CheckpointKey {
    CheckpointKey::new([8; 32])
}

async fn append_n(db: &impl ConnectionTrait, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let at = t0() + Duration::seconds(i as i64);
        ids.push(
            audit::append(db, &key(), entry(&format!("a{i}")), at)
                .await
                .expect("append")
                .id,
        );
    }
    ids
}

/// Verifies and signs the head, as the server does when it publishes it.
async fn checkpoint(db: &DatabaseConnection) -> Head {
    let v = chain::verify(db, &key(), &cp_key()).await.expect("verify");
    assert_eq!(v.broken, None);
    let head = v.head.expect("a head");
    chain::record(db, &cp_key(), &head, t0())
        .await
        .expect("record")
        .expect("checkpoint");
    head
}

fn unkeyed(prev: &str, r: &AuditRow) -> String {
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

/// Re-hashes every record from `from` on, so that the links hold again.
async fn rechain(db: &DatabaseConnection, from: i64, hash: Rehash<'_>) {
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .expect("rows");
    let mut prev = GENESIS.to_owned();
    for r in rows {
        if r.id < from {
            prev = r.hash;
            continue;
        }
        let h = hash(&prev, &r);
        let mut m = r.into_active_model();
        m.prev_hash = Set(prev.clone());
        m.hash = Set(h.clone());
        m.update(db).await.expect("update");
        prev = h;
    }
}

#[tokio::test]
async fn after_a_checkpoint_verification_reads_the_same_whatever_the_size_of_the_log() {
    let mut reads = Vec::new();
    for n in [40, 400] {
        for db in databases().await {
            append_n(&db.conn, n).await;
            let full = chain::verify(&db.conn, &key(), &cp_key())
                .await
                .expect("verify");
            assert_eq!(full.rows_read, n as u64, "no checkpoint yet: the whole log");
            let head = checkpoint(&db.conn).await;
            assert_eq!(head.count, n as i64);
            append_n(&db.conn, 3).await;
            let v = chain::verify(&db.conn, &key(), &cp_key())
                .await
                .expect("verify");
            assert_eq!(v.broken, None);
            assert_eq!(v.checkpoint.map(|c| c.last_id), Some(head.last_id));
            assert_eq!(v.head.map(|h| h.count), Some(n as i64 + 3));
            reads.push(v.rows_read);
        }
    }
    // The checkpoint, its record and the three records after it.
    assert!(reads.iter().all(|r| *r == 5), "{reads:?}");
}

#[tokio::test]
async fn a_record_rewritten_and_rehashed_without_the_key_is_found_at_that_record() {
    let other = ChainKey::new([9; 32]);
    let with_other_key = move |p: &str, r: &AuditRow| audit::record_hash(&other, p, r);
    let ways: [(&str, Rehash); 2] = [
        ("unkeyed SHA-256", &unkeyed),
        ("another key", &with_other_key),
    ];
    for (name, hash) in ways {
        for db in databases().await {
            let ids = append_n(&db.conn, 10).await;
            checkpoint(&db.conn).await;
            append_n(&db.conn, 2).await;
            let row = audit::find(&db.conn, ids[4])
                .await
                .expect("db")
                .expect("row");
            let mut m = row.into_active_model();
            m.action = Set("hours_saved_by_someone_else".into());
            m.update(&db.conn).await.expect("rewrite");
            rechain(&db.conn, ids[4], hash).await;
            let v = chain::verify(&db.conn, &key(), &cp_key())
                .await
                .expect("verify");
            assert_eq!(
                v.broken,
                Some((ids[4], ChainBreak::RecordAltered)),
                "{name}"
            );
            assert_eq!(v.head, None);
        }
    }
}

#[tokio::test]
async fn records_removed_from_the_end_are_found_against_the_checkpoint() {
    for db in databases().await {
        append_n(&db.conn, 8).await;
        let head = checkpoint(&db.conn).await;
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::Id.gt(head.last_id - 2))
            .exec(&db.conn)
            .await
            .expect("truncate");
        let v = chain::verify(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(
            v.broken,
            Some((head.last_id, ChainBreak::CheckpointMismatch))
        );
        // Re-appending as many records does not hide it: the checkpoint's record hash differs.
        append_n(&db.conn, 2).await;
        let v = chain::verify(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert!(v.broken.is_some(), "{v:?}");
    }
}

#[tokio::test]
async fn a_checkpoint_not_signed_with_the_key_is_refused() {
    for db in databases().await {
        let ids = append_n(&db.conn, 6).await;
        checkpoint(&db.conn).await;
        // Someone alters a record below the checkpoint, then signs a later head without the key
        // to make verification start after it.
        let row = audit::find(&db.conn, ids[1])
            .await
            .expect("db")
            .expect("row");
        let mut m = row.into_active_model();
        m.ip = Set(Some("10.0.0.1".into()));
        m.update(&db.conn).await.expect("alter");
        let last = audit::find(&db.conn, ids[5])
            .await
            .expect("db")
            .expect("row");
        let forged = Head {
            last_id: last.id,
            hash: last.hash.clone(),
            count: 6,
        };
        audit_checkpoints::Entity::delete_many()
            .exec(&db.conn)
            .await
            .expect("delete");
        chain::record(&db.conn, &CheckpointKey::new([1; 32]), &forged, t0())
            .await
            .expect("record");
        let v = chain::verify(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(v.broken, Some((ids[1], ChainBreak::RecordAltered)));
        // Over an intact chain, the forged checkpoint itself is reported.
        let mut m = audit::find(&db.conn, ids[1])
            .await
            .expect("db")
            .expect("row")
            .into_active_model();
        m.ip = Set(None);
        m.update(&db.conn).await.expect("restore");
        let v = chain::verify(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(v.broken, Some((ids[5], ChainBreak::CheckpointForged)));
    }
}

#[tokio::test]
async fn a_record_deleted_below_the_checkpoint_is_found_by_its_neighbours_and_the_full_walk() {
    for db in databases().await {
        let ids = append_n(&db.conn, 6).await;
        checkpoint(&db.conn).await;
        audit_log::Entity::delete_by_id(ids[2])
            .exec(&db.conn)
            .await
            .expect("delete");
        // The record before and the record after the gap no longer link.
        let around: Vec<AuditRow> = audit_log::Entity::find()
            .filter(audit_log::Column::Id.is_in([ids[1], ids[3], ids[5]]))
            .order_by_asc(audit_log::Column::Id)
            .all(&db.conn)
            .await
            .expect("rows");
        let (checks, _) = chain::check_records(&db.conn, &key(), &around)
            .await
            .expect("check");
        assert_eq!(
            checks,
            vec![
                Some(ChainBreak::RecordMissing),
                Some(ChainBreak::RecordMissing),
                None
            ]
        );
        let v = chain::verify_full(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(v.broken, Some((ids[3], ChainBreak::RecordMissing)));
    }
}

#[tokio::test]
async fn a_head_is_signed_once() {
    for db in databases().await {
        append_n(&db.conn, 3).await;
        let head = checkpoint(&db.conn).await;
        let again = chain::record(&db.conn, &cp_key(), &head, t0() + Duration::hours(1))
            .await
            .expect("record")
            .expect("checkpoint");
        assert_eq!(again.at, t0(), "the first signature is kept");
        let all = audit_checkpoints::Entity::find()
            .filter(audit_checkpoints::Column::LastId.eq(head.last_id))
            .all(&db.conn)
            .await
            .expect("rows");
        assert_eq!(all.len(), 1);
        assert!(chain::checkpoint_holds(&cp_key(), &all[0]));
        assert!(!chain::checkpoint_holds(
            &CheckpointKey::new([1; 32]),
            &all[0]
        ));
    }
}

#[tokio::test]
async fn the_full_walk_checks_every_checkpoint_across_pages() {
    for db in databases().await {
        // Over a thousand records (one page of the walk), with a checkpoint in each page.
        let txn = db.begin_write().await.expect("txn");
        let first = append_n(&txn, 700).await;
        txn.commit().await.expect("commit");
        let mid = checkpoint(&db.conn).await;
        let txn = db.begin_write().await.expect("txn");
        let second = append_n(&txn, 700).await;
        txn.commit().await.expect("commit");
        let end = checkpoint(&db.conn).await;
        assert_eq!((mid.count, end.count), (700, 1400));
        let v = chain::verify_full(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(v.broken, None);
        assert_eq!(v.rows_read, 1400 + 2, "every record and both checkpoints");
        assert_eq!(v.head, Some(end.clone()));
        // A record deleted in the first page, below both checkpoints.
        audit_log::Entity::delete_by_id(first[100])
            .exec(&db.conn)
            .await
            .expect("delete");
        let v = chain::verify_full(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!(v.broken, Some((first[101], ChainBreak::RecordMissing)));
        // The fast path does not read it: the checkpoint and the tail hold.
        let fast = chain::verify(&db.conn, &key(), &cp_key())
            .await
            .expect("verify");
        assert_eq!((fast.broken, fast.rows_read), (None, 2));
        assert_eq!(second.len(), 700);
    }
}
