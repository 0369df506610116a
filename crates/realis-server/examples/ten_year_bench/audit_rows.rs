//! The audit log of ten years: every step of every month (hours saved, prepared, code sent,
//! certified, validated, transmitted, paid) plus logins to reach the target count, written one
//! calendar year per statement in time order (ids follow time, as in production).
//!
//! The rows carry hashes of the right shape but do not form a valid chain: the valid tail and
//! the signed checkpoint it starts from are written after them, through the store (`tail.rs`).

use std::collections::BTreeMap;

use realis_store::{ConnectionTrait, DatabaseTransaction};

use super::generate::{RANK, run};
use super::plan::Plan;

/// The steps of a month: number, action, lowest rank it needs, day after the month's first,
/// and who does it (`o`: the OF, `b`: the beneficiary, `f`: the funder).
const STEPS: &str = "(VALUES (1, 'hours_saved', 2, 7, 'o'), (2, 'hours_saved', 2, 15, 'o'), \
    (3, 'hours_saved', 3, 26, 'o'), (4, 'hours_prepared', 3, 28, 'o'), (5, 'code_sent', 4, 31, 'o'), \
    (6, 'certified', 4, 31, 'o'), (7, 'validated', 5, 35, 'b'), (8, 'transmitted', 6, 45, 'f'), \
    (9, 'locked_paid', 7, 75, 'f')) s(step, action, need, day, who)";

const USER_AGENTS: [&str; 3] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];

/// The month events, as rows (month_id, organisation_id, funder_id, dossier_id, step, action,
/// who, at), of the months whose periods fall in `periods` (`None`: all).
fn events(periods: Option<(i64, i64)>) -> String {
    let filter = periods
        .map(|(from, to)| format!("WHERE m.period >= '{from}-01' AND m.period <= '{to}-12'"))
        .unwrap_or_default();
    format!(
        "SELECT e.* FROM (SELECT m.id AS month_id, m.organisation_id, m.funder_id, m.dossier_id, s.step, s.action, s.who, \
           (m.period || '-01')::timestamp + s.day * interval '1 day' + interval '8 hours' \
             + (m.id % 600) * interval '1 minute' + s.step * interval '3 minutes' AS at \
         FROM months m JOIN {STEPS} ON {RANK} >= s.need {filter}) e WHERE e.at < now()::timestamp"
    )
}

/// Logins of OF accounts, `n` of them spread evenly over `year` (up to now).
fn logins(year: i64, n: i64, organisations: i64) -> String {
    format!(
        "SELECT NULL::bigint AS month_id, o.id AS organisation_id, o.funder_id, NULL::bigint AS dossier_id, g::int AS step, \
           'login_succeeded' AS action, 'l' AS who, \
           '{year}-01-01'::timestamp + (g::float8 / {n}) * (LEAST(now()::timestamp, '{next}-01-01'::timestamp) - '{year}-01-01'::timestamp) AS at \
         FROM generate_series(1, {n}) g JOIN organisations o ON o.id = 1 + (g * 7919) % {organisations}",
        next = year + 1
    )
}

/// Writes the audit log: `plan.audit_rows` rows (month events sampled down, or logins added).
pub async fn generate(txn: &DatabaseTransaction, plan: &Plan) -> anyhow::Result<()> {
    let per_year = txn
        .query_all(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                "SELECT extract(year FROM at)::bigint AS y, count(*) AS n FROM ({}) x GROUP BY 1 ORDER BY 1",
                events(None)
            ),
        ))
        .await?;
    let mut years: BTreeMap<i64, i64> = BTreeMap::new();
    for r in per_year {
        years.insert(r.try_get("", "y")?, r.try_get("", "n")?);
    }
    let total: i64 = years.values().sum();
    let target = plan.audit_rows;
    // Over the target: keep this share of the events (per ten thousand); under it: add logins.
    let keep = if total > target {
        target * 10_000 / total.max(1)
    } else {
        10_000
    };
    let fill = (target - total * keep / 10_000).max(0);
    println!(
        "  month events: {total} over {} years; keeping {:.1} %, adding {fill} logins",
        years.len(),
        keep as f64 / 100.0
    );
    let b = plan.beneficiary_base();
    let o = plan.organisations;
    let ua = USER_AGENTS.map(|u| format!("'{u}'")).join(", ");
    for (&year, &n) in &years {
        let logins_n = fill * n / total.max(1);
        let mut rows = format!(
            "SELECT * FROM ({}) e WHERE e.at >= '{year}-01-01' AND e.at < '{next}-01-01' \
               AND (e.month_id * 31 + e.step * 7) % 10000 < {keep}",
            events(Some((year - 1, year))),
            next = year + 1
        );
        if logins_n > 0 {
            rows = format!("{rows} UNION ALL {}", logins(year, logins_n, o));
        }
        let sql = format!(
            "INSERT INTO audit_log (at, actor_user_id, actor_role, organisation_id, funder_id, action, object_type, object_id, \
               ip, user_agent, data_hash, prev_hash, hash) \
             SELECT x.at, CASE x.who WHEN 'b' THEN {b} + x.dossier_id WHEN 'f' THEN {o} + x.funder_id ELSE x.organisation_id END, \
               CASE x.who WHEN 'b' THEN 'beneficiary' WHEN 'f' THEN 'funder' ELSE 'organisation' END, \
               x.organisation_id, x.funder_id, x.action, \
               CASE WHEN x.who = 'l' THEN 'user' ELSE 'month' END, \
               CASE WHEN x.who = 'l' THEN x.organisation_id::text ELSE x.month_id::text END, \
               '10.' || (x.k % 200) || '.' || (x.k / 200 % 250) || '.' || (x.k % 251), \
               (ARRAY[{ua}])[1 + x.k % 3], \
               md5(x.h || 'd') || x.h, md5(x.h || 'p') || md5(x.h || 'q'), md5(x.h || 'h') || md5(x.h || 'i') \
             FROM (SELECT r.*, coalesce(r.month_id, r.step) AS k, \
                     md5(coalesce(r.month_id, -r.step) || ':' || r.step || ':' || r.action || ':' || r.at) AS h \
                   FROM ({rows}) r) x \
             ORDER BY x.at, x.month_id, x.step"
        );
        run(txn, &format!("audit_log {year}"), &sql).await?;
    }
    Ok(())
}
