//! The ten-year data set, written with set-based SQL (`INSERT … SELECT … generate_series`): a
//! few large statements in one transaction, foreign-key triggers off, secondary indexes built
//! once at the end. Ids are explicit (see [`Plan`]) so that every foreign key is arithmetic.

use std::time::Instant;

use realis_store::{ConnectionTrait, Database, DatabaseTransaction};

use super::audit_rows;
use super::plan::{FIRST_NAMES, LAST_NAMES, MONTHS, Plan, WINDOW, int_array, text_array};

/// A month's rank in the life cycle, from its status (`m.status`).
pub const RANK: &str = "(CASE m.status WHEN 'not_open' THEN 0 WHEN 'awaiting_entry' THEN 1 \
    WHEN 'draft' THEN 2 WHEN 'awaiting_certification' THEN 3 WHEN 'certified' THEN 4 \
    WHEN 'awaiting_beneficiary' THEN 4 WHEN 'awaiting_employer' THEN 4 WHEN 'contested' THEN 4 \
    WHEN 'validated' THEN 5 WHEN 'transmitted' THEN 6 WHEN 'locked_paid' THEN 7 ELSE 0 END)";

/// The first day of month index `p` (an SQL expression on `p`).
pub fn month_start(p: &str) -> String {
    format!("make_date(({p} / 12)::int, ({p} % 12 + 1)::int, 1)")
}

/// Runs one statement, printing how long it took and how many rows it wrote.
pub async fn run(txn: &DatabaseTransaction, label: &str, sql: &str) -> anyhow::Result<u64> {
    let t = Instant::now();
    let rows = txn.execute_unprepared(sql).await?.rows_affected();
    println!(
        "  {label:<44} {rows:>11} rows {:>8.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(rows)
}

/// The tables whose secondary indexes are dropped before the load and rebuilt after it.
const BIG_TABLES: [&str; 6] = [
    "users",
    "dossiers",
    "months",
    "certificates",
    "audit_log",
    "month_days",
];

/// Writes the whole data set.
pub async fn generate(db: &Database, plan: &Plan) -> anyhow::Result<()> {
    let txn = db.begin_write().await?;
    for s in [
        // The data is consistent by construction: no foreign-key trigger per row.
        "SET LOCAL session_replication_role = replica",
        "SET LOCAL synchronous_commit = off",
        "SET LOCAL work_mem = '256MB'",
        "SET LOCAL maintenance_work_mem = '1GB'",
    ] {
        txn.execute_unprepared(s).await?;
    }
    let indexes = drop_indexes(&txn).await?;
    people(&txn, plan).await?;
    documents(&txn, plan).await?;
    dossiers(&txn, plan).await?;
    months(&txn, plan).await?;
    certificates(&txn).await?;
    month_days(&txn).await?;
    audit_rows::generate(&txn, plan).await?;
    let t = Instant::now();
    for def in &indexes {
        txn.execute_unprepared(def).await?;
    }
    println!(
        "  {:<44} {:>11} {:>13.1} s",
        "secondary indexes rebuilt",
        indexes.len(),
        t.elapsed().as_secs_f64()
    );
    for table in [
        "funders",
        "organisations",
        "employers",
        "users",
        "dossiers",
        "transmissions",
        "months",
        "certificates",
    ] {
        txn.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Drops the secondary indexes of [`BIG_TABLES`]; returns their definitions.
async fn drop_indexes(txn: &DatabaseTransaction) -> anyhow::Result<Vec<String>> {
    let list = BIG_TABLES.map(|t| format!("'{t}'")).join(", ");
    let rows = txn
        .query_all(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def \
                 FROM pg_index i WHERE i.indrelid::regclass::text IN ({list}) AND NOT i.indisprimary"
            ),
        ))
        .await?;
    let mut defs = Vec::new();
    for r in rows {
        let name: String = r.try_get("", "name")?;
        defs.push(r.try_get::<String>("", "def")?);
        txn.execute_unprepared(&format!("DROP INDEX {name}"))
            .await?;
    }
    Ok(defs)
}

/// Funders, organisations, employers and every account.
async fn people(txn: &DatabaseTransaction, plan: &Plan) -> anyhow::Result<()> {
    let (f, o, e) = (plan.funders, plan.organisations, plan.employers_per_funder);
    let old = "now() - interval '11 years'";
    run(txn, "funders", &format!(
        "INSERT INTO funders (id, name, region, granularity, validations, code_length, code_ttl_minutes, holiday_zone, created_at, updated_at) \
         SELECT f, 'Transitions Pro ' || f, 'Région ' || f, 'day', 'beneficiary', 6, 10, 'metropole', {old}, {old} \
         FROM generate_series(1, {f}) f"
    )).await?;
    run(txn, "organisations", &format!(
        "INSERT INTO organisations (id, funder_id, name, siret, email, address, postal_code, city, legal_representative, certifier, version, created_at, updated_at) \
         SELECT i, f, 'Organisme de formation ' || i, lpad(i::text, 14, '0'), 'contact' || i || '@of.bench.test', \
                i || ' rue de la Formation', '75001', 'Paris', 'Représentant ' || i, false, 1, {old}, {old} \
         FROM unnest('{}'::bigint[]) WITH ORDINALITY AS t(f, i)",
        int_array(&plan.org_funders)
    )).await?;
    run(txn, "employers", &format!(
        "INSERT INTO employers (id, funder_id, name, email, created_at) \
         SELECT (f - 1) * {e} + j, f, 'Employeur ' || f || '-' || j, 'rh' || f || '-' || j || '@employeur.bench.test', {old} \
         FROM generate_series(1, {f}) f, generate_series(1, {e}) j"
    )).await?;
    let user = |id: &str, email: &str, name: &str, role: &str, funder: &str, org: &str| {
        format!(
            "SELECT {id}, {email}, {email}, {name}, '{role}', {funder}::bigint, {org}::bigint, NULL::bigint, NULL, {certifier}, false, 1, {old}, {old}, true",
            certifier = role == "organisation"
        )
    };
    let (x, b) = (super::plan::EXTRA_OF_USERS, plan.beneficiary_base());
    let names = name_arrays();
    run(txn, "users", &format!(
        "INSERT INTO users (id, email, identifier, display_name, role, funder_id, organisation_id, employer_id, password_hash, certifier, disabled, token_version, created_at, updated_at, daily_digest) \
         {} FROM generate_series(1, {o}) i \
         UNION ALL {} FROM generate_series(1, {f}) f \
         UNION ALL {} FROM generate_series(1, {x}) k \
         UNION ALL {} FROM generate_series(1, {d}) d",
        user("i", "'of' || i || '@bench.test'", "'Gestionnaire OF ' || i", "organisation", "NULL", "i"),
        user(&format!("{o} + f"), "'agent' || f || '@bench.test'", "'Agent ' || f", "funder", "f", "NULL"),
        user(&format!("{o} + {f} + k"), "'of1-' || k || '@bench.test'", "'Gestionnaire OF 1 n° ' || k", "organisation", "NULL", "1"),
        user(&format!("{b} + d"), "'ben' || d || '@bench.test'", &format!("{} || ' ' || {}", names.first("d"), names.last("d")), "beneficiary", "NULL", "NULL"),
        d = plan.dossiers,
    )).await?;
    Ok(())
}

/// Each OF's Kbis and consent letter: accepted, after a rejected version for one OF in five;
/// one OF in 33 has a newer version awaiting review. One stored file stands for all of them.
async fn documents(txn: &DatabaseTransaction, plan: &Plan) -> anyhow::Result<()> {
    run(txn, "stored file of the documents", "INSERT INTO stored_files (purpose, content_type, size_bytes, sha256, data, created_by, created_at) \
        VALUES ('organisation_document', 'application/pdf', 14, md5('bench') || md5('hcneb'), '%PDF-1.7 bench'::bytea, NULL, now())").await?;
    let o = plan.organisations;
    let version = |status: &str, filter: &str, age: &str| {
        format!(
            "INSERT INTO organisation_documents (organisation_id, kind, file_id, status, reason, uploaded_by, uploaded_at, reviewed_by, reviewed_at) \
         SELECT o.id, k, (SELECT max(id) FROM stored_files), {status}, \
           CASE WHEN {status} = 'rejected' THEN 'Document illisible' END, o.id, now() - interval '{age}', \
           CASE WHEN {status} <> 'pending' THEN {o} + o.funder_id END, \
           CASE WHEN {status} <> 'pending' THEN now() - interval '{age}' + interval '2 days' END \
         FROM organisations o, unnest(ARRAY['kbis', 'consent_letter']) k WHERE {filter} ORDER BY o.id, k"
        )
    };
    run(
        txn,
        "organisation documents: rejected",
        &version("'rejected'", "o.id % 5 = 0", "3 years"),
    )
    .await?;
    run(
        txn,
        "organisation documents: current",
        &version("'accepted'", "true", "2 years"),
    )
    .await?;
    run(
        txn,
        "organisation documents: awaiting review",
        &version("'pending'", "o.id % 33 = 0", "3 days"),
    )
    .await?;
    Ok(())
}

/// The name arrays, and which name dossier `d` gets.
struct Names {
    first: String,
    first_folded: String,
    last: String,
    last_folded: String,
}

fn name_arrays() -> Names {
    let arr = |v: &[&str], fold: bool| {
        text_array(
            &v.iter()
                .map(|n| {
                    if fold {
                        realis_domain::search::fold(n)
                    } else {
                        (*n).to_owned()
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    Names {
        first: arr(&FIRST_NAMES, false),
        first_folded: arr(&FIRST_NAMES, true),
        last: arr(&LAST_NAMES, false),
        last_folded: arr(&LAST_NAMES, true),
    }
}

impl Names {
    fn pick(array: &str, index: String) -> String {
        format!("('{array}'::text[])[{index}]")
    }
    fn first_index(d: &str) -> String {
        format!("1 + ({d} % {})", FIRST_NAMES.len())
    }
    fn last_index(d: &str) -> String {
        format!("1 + (({d} * 7 + {d} / 40) % {})", LAST_NAMES.len())
    }
    fn first(&self, d: &str) -> String {
        Self::pick(&self.first, Self::first_index(d))
    }
    fn last(&self, d: &str) -> String {
        Self::pick(&self.last, Self::last_index(d))
    }
}

const TITLES: [&str; 8] = [
    "Titre professionnel Développeur web",
    "CAP Accompagnant éducatif petite enfance",
    "BTS Comptabilité et gestion",
    "Titre professionnel Infirmier coordinateur",
    "CAP Boulanger",
    "Licence professionnelle Métiers du numérique",
    "Titre professionnel Conducteur de travaux",
    "BP Responsable d'entreprise agricole",
];

/// The dossiers: their start months spread evenly over the ten years, their OF shuffled.
async fn dossiers(txn: &DatabaseTransaction, plan: &Plan) -> anyhow::Result<()> {
    let (d_n, e, b) = (
        plan.dossiers,
        plan.employers_per_funder,
        plan.beneficiary_base(),
    );
    let sp = format!(
        "({} - {} + ((t.d - 1) * {WINDOW}) / {d_n})",
        plan.current,
        WINDOW - 1
    );
    let start = month_start(&sp);
    let names = name_arrays();
    let titles = TITLES
        .map(|t| format!("\"{}\"", t.replace('\'', "''")))
        .join(",");
    run(txn, "dossiers", &format!(
        "INSERT INTO dossiers (id, funder_id, organisation_id, number, beneficiary_user_id, beneficiary_first_name, beneficiary_last_name, \
           search_text, employer_id, training_title, session_start, session_end, committee_date, granularity, status, created_at, updated_at, scheme) \
         SELECT t.d, o.funder_id, o.id, x.number, {b} + t.d, {first}, {last}, \
           lower(x.number) || ' ' || {first_f} || ' ' || {last_f}, (o.funder_id - 1) * {e} + 1 + (t.d % {e}), \
           ('{{{titles}}}'::text[])[1 + t.d % {nt}], {start}, ({start} + interval '{MONTHS} months' - interval '1 day')::date, \
           {start} - 60, NULL, 'in_progress', {start} - interval '45 days' + t.d * interval '1 second', \
           {start} - interval '45 days' + t.d * interval '1 second', 'ptp' \
         FROM unnest('{orgs}'::bigint[]) WITH ORDINALITY AS t(org, d) \
         JOIN organisations o ON o.id = t.org \
         CROSS JOIN LATERAL (SELECT 'TP' || lpad(o.funder_id::text, 2, '0') || '-' || ({sp} / 12) || '-' || lpad(t.d::text, 6, '0') AS number) x",
        first = names.first("t.d"),
        last = names.last("t.d"),
        first_f = Names::pick(&names.first_folded, Names::first_index("t.d")),
        last_f = Names::pick(&names.last_folded, Names::last_index("t.d")),
        nt = TITLES.len(),
        orgs = int_array(&plan.dossier_orgs()),
    )).await?;
    Ok(())
}

/// One transmission per funder and period, then twelve months per dossier. Past years are
/// transmitted (last year) or paid (before); the current year's last months are spread over the
/// statuses of the work in progress; months after the current one are not open.
async fn months(txn: &DatabaseTransaction, plan: &Plan) -> anyhow::Result<()> {
    let (f, c) = (plan.funders, plan.current);
    let p0 = c - WINDOW + 1;
    run(
        txn,
        "transmissions",
        &format!(
            "INSERT INTO transmissions (id, funder_id, created_by, created_at) \
         SELECT (p - {p0}) * {f} + f, f, {o} + f, {start} + interval '1 month 14 days' \
         FROM generate_series({p0}, {c} - 2) p, generate_series(1, {f}) f",
            o = plan.organisations,
            start = month_start("p"),
        ),
    )
    .await?;
    let status = format!(
        "CASE WHEN a < 0 THEN 'not_open' \
         WHEN a = 0 THEN CASE WHEN u < .45 THEN 'awaiting_entry' WHEN u < .90 THEN 'draft' ELSE 'awaiting_certification' END \
         WHEN a = 1 THEN CASE WHEN u < .05 THEN 'draft' WHEN u < .20 THEN 'awaiting_certification' WHEN u < .40 THEN 'certified' \
           WHEN u < .55 THEN 'awaiting_beneficiary' WHEN u < .60 THEN 'awaiting_employer' WHEN u < .62 THEN 'contested' ELSE 'validated' END \
         WHEN a = 2 THEN CASE WHEN u < .03 THEN 'awaiting_certification' WHEN u < .08 THEN 'certified' \
           WHEN u < .12 THEN 'awaiting_beneficiary' WHEN u < .40 THEN 'validated' ELSE 'transmitted' END \
         WHEN p / 12 = {y} THEN CASE WHEN u < .005 THEN 'validated' ELSE 'transmitted' END \
         WHEN p / 12 = {y} - 1 THEN 'transmitted' ELSE 'locked_paid' END",
        y = c / 12
    );
    let ps = month_start("m.p");
    run(txn, "months", &format!(
        "INSERT INTO months (id, dossier_id, period, status, version, training, internship, absence, online_locked, failed_code_attempts, \
           transmission_id, transmitted_at, updated_by, created_at, updated_at, organisation_id, funder_id) \
         SELECT m.id, m.dossier_id, to_char({ps}, 'YYYY-MM'), m.status, 1 + r.rank, \
           CASE WHEN r.rank >= 2 THEN 7000 + (m.id * 37 % 50) * 100 ELSE 0 END, \
           CASE WHEN r.rank >= 2 AND m.id % 5 = 0 THEN 1400 ELSE 0 END, \
           CASE WHEN r.rank >= 2 AND m.id % 11 = 0 THEN 700 ELSE 0 END, false, 0, \
           CASE WHEN r.rank >= 6 THEN (m.p - {p0}) * {f} + m.funder_id END, \
           CASE WHEN r.rank >= 6 THEN {ps} + interval '1 month 14 days' END, \
           CASE WHEN r.rank >= 2 THEN m.organisation_id END, m.created_at, \
           LEAST(now(), GREATEST(m.created_at, {ps} + r.rank * interval '9 days')), m.organisation_id, m.funder_id \
         FROM (SELECT y.*, {status} AS status FROM ( \
             SELECT (d.id - 1) * {MONTHS} + k + 1 AS id, d.id AS dossier_id, d.organisation_id, d.funder_id, d.created_at, \
               (extract(year FROM d.session_start)::bigint * 12 + extract(month FROM d.session_start)::bigint - 1 + k) AS p, \
               {c} - (extract(year FROM d.session_start)::bigint * 12 + extract(month FROM d.session_start)::bigint - 1 + k) AS a, \
               (((d.id - 1) * {MONTHS} + k + 1) * 2654435761 % 10007) / 10007.0 AS u \
             FROM dossiers d, generate_series(0, {MONTHS} - 1) k) y) m \
         CROSS JOIN LATERAL (SELECT {RANK} AS rank) r",
    )).await?;
    Ok(())
}

/// A certificate for every month certified or further on, with its certified data as the
/// product writes it (the days of a typical month included). The PDFs are not generated.
async fn certificates(txn: &DatabaseTransaction) -> anyhow::Result<()> {
    let days: Vec<String> = (0..4)
        .flat_map(|w| (2..=6).map(move |d| w * 7 + d))
        .map(|day| format!("[\"PPPP-{day:02}\",700,0,0,0,0]"))
        .collect();
    let days = format!("[{}]", days.join(","));
    let at = "(m.period || '-01')::date + interval '1 month 1 day 10 hours' + (m.id % 480) * interval '1 minute'";
    run(txn, "certificates", &format!(
        "INSERT INTO certificates (id, month_id, mode, certified_at, certified_by, verification_code, sha256, pdf_file_id, signed_file_id, \
           ip, data_json, superseded_at, validations, batch_id) \
         SELECT m.id, m.id, x.mode, {at}, m.organisation_id, \
           substr(x.code, 1, 4) || '-' || substr(x.code, 5, 4) || '-' || substr(x.code, 9, 4), \
           md5('pdf' || m.id) || md5('fdp' || m.id), NULL, NULL, \
           CASE WHEN x.mode = 'online' THEN '198.51.100.' || (m.id % 250) END, \
           json_build_object('dossier', d.number, 'period', m.period, 'organisation_siret', o.siret, \
             'beneficiary', json_build_array(d.beneficiary_first_name, d.beneficiary_last_name), \
             'training_title', d.training_title, 'scheme', d.scheme, 'training_modality', NULL, \
             'totals', json_build_array(m.training, m.internship, m.absence), \
             'days', replace('{days}', 'PPPP', m.period)::json, 'mode', x.mode, 'certified_at', {at}, \
             'certified_by', json_build_object('id', m.organisation_id, 'name', 'Gestionnaire OF ' || m.organisation_id), \
             'verification_code', x.code, 'signed_file_sha256', NULL, 'files', json_build_array(), \
             'code_sent_to', CASE WHEN x.mode = 'online' THEN 'b***@bench.test' END, \
             'consented_ip', CASE WHEN x.mode = 'online' THEN '198.51.100.' || (m.id % 250) END)::text, \
           NULL, 'beneficiary', NULL \
         FROM months m JOIN dossiers d ON d.id = m.dossier_id JOIN organisations o ON o.id = d.organisation_id \
         CROSS JOIN LATERAL (SELECT CASE WHEN m.id % 7 = 0 THEN 'upload' ELSE 'online' END AS mode, \
           lpad(upper(to_hex(m.id)), 12, '0') AS code) x \
         WHERE {RANK} >= 4"
    )).await?;
    Ok(())
}

/// The day entries of the measured OF's months (the others keep their totals only), and those
/// months' totals set to their days'.
async fn month_days(txn: &DatabaseTransaction) -> anyhow::Result<()> {
    run(txn, "month_days (OF 1)", &format!(
        "INSERT INTO month_days (month_id, day, training_am, training_pm, internship_am, internship_pm, absence) \
         SELECT m.id, day::date, 700, 0, 0, 0, 0 FROM months m, \
           generate_series((m.period || '-01')::date, (m.period || '-01')::date + interval '1 month' - interval '1 day', interval '1 day') day \
         WHERE m.organisation_id = 1 AND {RANK} >= 2 AND extract(isodow FROM day) < 6"
    )).await?;
    run(
        txn,
        "months of OF 1: totals of their days",
        "UPDATE months SET training = s.total, internship = 0, absence = 0 \
         FROM (SELECT month_id, sum(training_am) AS total FROM month_days GROUP BY month_id) s \
         WHERE months.id = s.month_id",
    )
    .await?;
    Ok(())
}
