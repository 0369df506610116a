//! Two server processes on one PostgreSQL database, as instances behind a load balancer: what
//! must happen once happens once. The login throttle counts across both; an e-mail and a webhook
//! leave once with both senders running; a code verified on both at once certifies once; a
//! password changed on one revokes the token on the other within the token cache's bound; the
//! daily reminder, run by both at start, reaches each recipient once.
//!
//! Runs when `REALIS_E2E_BINARY` and `REALIS_TEST_POSTGRES_URL` are set. The steps share one
//! pair of instances (each step uses accounts of its own), all run, and failures are reported
//! together.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use realis_e2e::{
    Api, Cluster, ClusterPlan, Receiver, expect_problem, write_pdf, write_png, write_stamp_png,
};
use realis_mail::testing::{ReceivedMail, SmtpSink};
use reqwest::Method;
use serde_json::{Value, json};

const PASSWORD: &str = "realis-demo-2026";
/// The bound of the token cache given to both instances (`REALIS_TOKEN_CACHE_SECONDS`).
const TOKEN_CACHE_SECONDS: u64 = 2;
/// Verifications of one code sent at once, half to each instance.
const VERIFICATIONS: usize = 20;

struct Scene {
    cluster: Cluster,
    a: Api,
    b: Api,
    sink: SmtpSink,
    hooks: Receiver,
    files: PathBuf,
}

/// The messages to `to` whose subject contains `subject`.
fn mails(sink: &SmtpSink, to: &str, subject: &str) -> Vec<ReceivedMail> {
    sink.messages()
        .into_iter()
        .filter(|m| m.to.contains(to) && m.subject.contains(subject))
        .collect()
}

/// Waits (15 s at most) until `n` such messages arrived, then returns them all.
async fn wait_mails(sink: &SmtpSink, to: &str, subject: &str, n: usize) -> Vec<ReceivedMail> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let got = mails(sink, to, subject);
        if got.len() >= n || Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// 1. Failed logins alternated between A and B reach the limit at the same total as on one
///    instance (`ACCOUNT_FREE_ATTEMPTS`); the next attempt on either is throttled, and the user
///    is alerted once.
async fn login_throttle_is_counted_across_both(s: &Scene) -> anyhow::Result<()> {
    const ACCOUNT: &str = "rh@pharmaplus.test";
    let limit = realis_domain::throttle::ACCOUNT_FREE_ATTEMPTS;
    for i in 0..limit {
        let api = if i % 2 == 0 { &s.a } else { &s.b };
        expect_problem(
            api.login(ACCOUNT, "wrong-password!").await?,
            401,
            "invalid_credentials",
        )
        .await
        .map_err(|e| e.context(format!("failed login {} of {limit}", i + 1)))?;
    }
    for (api, name) in [(&s.a, "A"), (&s.b, "B")] {
        let res = api.login(ACCOUNT, "wrong-password!").await?;
        anyhow::ensure!(
            res.headers().contains_key("retry-after"),
            "no Retry-After on {name}"
        );
        expect_problem(res, 429, "rate_limited")
            .await
            .map_err(|e| e.context(format!("attempt {} on {name}", limit + 1)))?;
    }
    // Even the right password waits while the account is throttled.
    expect_problem(s.b.login(ACCOUNT, PASSWORD).await?, 429, "rate_limited").await?;
    let alerts = wait_mails(&s.sink, ACCOUNT, "Tentatives de connexion", 1).await;
    anyhow::ensure!(alerts.len() == 1, "{} alerts", alerts.len());
    Ok(())
}

/// 2a. Password-reset links asked on A and B at the same moment, two per account: both
///    senders wake together and see each other's queued messages; each message leaves once.
async fn an_email_is_delivered_once(s: &Scene) -> anyhow::Result<()> {
    const ACCOUNTS: [&str; 4] = [
        "michelle.dubois@realis.test",
        "agent@tp-idf.test",
        "rh@pharmaplus.test",
        "admin@realis.test",
    ];
    let mut asked = tokio::task::JoinSet::new();
    for (i, login) in ACCOUNTS.iter().chain(ACCOUNTS.iter()).enumerate() {
        let api = if i % 2 == 0 { &s.a } else { &s.b };
        let req = api
            .client
            .post(format!("{}/api/v1/auth/password/forgot", api.base))
            .json(&json!({ "login": login }));
        asked.spawn(async move { req.send().await.map(|r| r.status()) });
    }
    while let Some(status) = asked.join_next().await {
        let status = status??;
        anyhow::ensure!(status.is_success(), "forgot: {status}");
    }
    for account in ACCOUNTS {
        let got = wait_mails(&s.sink, account, "Réinitialisation", 2).await;
        anyhow::ensure!(got.len() == 2, "{} reset e-mails to {account}", got.len());
    }
    Ok(())
}

/// 2b. A subscription made on B; hours saved at the same moment in every past month of a
///    dossier, alternately on A and on B: each event is delivered once.
async fn a_webhook_is_delivered_once(s: &Scene) -> anyhow::Result<()> {
    let of = s.b.token("of@formapro.test").await?;
    let hook = json!({ "url": s.hooks.url, "events": ["month.hours_saved"], "description": "ERP" });
    s.b.call(&of, Method::POST, "/webhooks", Some(hook)).await?;
    let (id, mut past) = s.a.dossier(&of, "2026-IDF-000102").await?;
    // Not the current month: it may not have reached the 15th.
    past.pop();
    anyhow::ensure!(past.len() >= 2, "two past months open: {past:?}");
    let mut saved = tokio::task::JoinSet::new();
    for (i, period) in past.iter().enumerate() {
        let api = Api::new(if i % 2 == 0 { &s.a.base } else { &s.b.base });
        let (of, period) = (of.clone(), period.clone());
        saved.spawn(async move { api.enter_hours(&of, id, &period).await });
    }
    while let Some(done) = saved.join_next().await {
        done??;
    }
    let deliveries = |period: &str| {
        s.hooks
            .got()
            .iter()
            .filter(|r| {
                serde_json::from_str::<Value>(&r.body).is_ok_and(|v| {
                    v["type"] == "month.hours_saved"
                        && v["subject"]["dossier_id"] == id
                        && v["subject"]["period"] == period
                })
            })
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while past.iter().any(|p| deliveries(p) == 0) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Both senders also poll every 5 s: give each its turn at what the other queued.
    tokio::time::sleep(Duration::from_secs(6)).await;
    for p in &past {
        let n = deliveries(p);
        anyhow::ensure!(n == 1, "{n} deliveries of the hours saved in {p}");
    }
    println!("{} events, each delivered once", past.len());
    Ok(())
}

/// 4. A month ready for online certification, its code verified 20 times at once on A and B:
///    exactly one verification succeeds and the month has exactly one certificate.
async fn a_code_verified_on_both_certifies_once(s: &Scene) -> anyhow::Result<()> {
    write_png(&s.files.join("logo.png"), 360, 120, (29, 78, 137))?;
    write_stamp_png(&s.files.join("cachet.png"), 160, (180, 30, 30))?;
    write_pdf(&s.files.join("kbis.pdf"))?;
    s.a.make_online_ready(&s.files).await?;
    let of = s.a.token("of@formapro.test").await?;
    let (id, periods) = s.a.dossier(&of, "2026-IDF-000101").await?;
    let mut chosen = None;
    for p in periods.iter().rev() {
        if s.b.prepare_month(&of, id, p).await.is_ok() {
            chosen = Some(p.clone());
            break;
        }
    }
    let period = chosen.ok_or_else(|| anyhow::anyhow!("no month could be prepared"))?;
    let url = format!("/dossiers/{id}/months/{period}");
    let consent = json!({ "ip_consent": true });
    s.a.call(&of, Method::POST, &format!("{url}/code"), Some(consent))
        .await?;
    let mail = wait_mails(&s.sink, "of@formapro.test", "Code de vérification", 1).await;
    let needle = "Code de vérification\u{a0}: ";
    let code: String = mail
        .last()
        .and_then(|m| m.text.find(needle).map(|i| &m.text[i + needle.len()..]))
        .map(|t| t.chars().take_while(char::is_ascii_digit).collect())
        .ok_or_else(|| anyhow::anyhow!("no code e-mail"))?;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..VERIFICATIONS {
        let api = if i % 2 == 0 { &s.a } else { &s.b };
        let req = api
            .client
            .post(format!("{}/api/v1{url}/code/verify", api.base))
            .bearer_auth(&of)
            .json(&json!({ "code": code }));
        tasks.spawn(async move { req.send().await.map(|r| r.status().as_u16()) });
    }
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        *statuses.entry(done??).or_default() += 1;
    }
    println!("{VERIFICATIONS} verifications of one code on A and B at once: {statuses:?}");
    anyhow::ensure!(statuses.get(&200) == Some(&1), "answers {statuses:?}");
    anyhow::ensure!(
        statuses.keys().all(|s| [200, 409, 410].contains(s)),
        "answers {statuses:?}"
    );
    let month = realis_store::dossiers::find_month(&s.cluster.db.conn, id, period.parse()?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no month {period}"))?;
    let certificates =
        realis_store::certification::certificates_of_month(&s.cluster.db.conn, month.id).await?;
    anyhow::ensure!(
        certificates.len() == 1,
        "{} certificates",
        certificates.len()
    );
    let done = wait_mails(&s.sink, "of@formapro.test", "Certification effectuée", 1).await;
    anyhow::ensure!(done.len() == 1, "{} «Certification effectuée»", done.len());
    Ok(())
}

/// 5. A password changed on A revokes the old token on B within the token cache's bound.
async fn a_password_change_on_a_revokes_the_token_on_b(s: &Scene) -> anyhow::Result<()> {
    let token = s.a.token("admin@realis.test").await?;
    s.b.call(&token, Method::GET, "/me", None).await?;
    let change = json!({ "current_password": PASSWORD, "new_password": "Cerisiers-en-fleur-2027" });
    s.a.call(&token, Method::POST, "/me/password", Some(change))
        .await?;
    let changed = Instant::now();
    let bound = Duration::from_secs(TOKEN_CACHE_SECONDS + 2);
    loop {
        let res =
            s.b.client
                .get(format!("{}/api/v1/me", s.b.base))
                .bearer_auth(&token)
                .send()
                .await?;
        if res.status() == 401 {
            break;
        }
        anyhow::ensure!(
            changed.elapsed() < bound,
            "B still accepts the old token after {bound:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "the old token was refused on B {} ms after the change on A",
        changed.elapsed().as_millis()
    );
    Ok(())
}

/// 3, and the whole run: every recipient of the daily reminder (run by both instances at start)
/// got it once, and no e-mail nor webhook arrived twice.
async fn the_daily_reminder_and_every_email_arrive_once(s: &Scene) -> anyhow::Result<()> {
    let reminders = wait_mails(&s.sink, "of@formapro.test", "Heures à saisir", 1).await;
    anyhow::ensure!(!reminders.is_empty(), "no daily reminder to the demo OF");
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    let mut copies: HashMap<(String, String, String), usize> = HashMap::new();
    for m in s.sink.messages() {
        if m.subject.contains("Heures à saisir") {
            *per_recipient.entry(m.to.clone()).or_default() += 1;
        }
        *copies.entry((m.to, m.subject, m.text)).or_default() += 1;
    }
    println!("daily reminders: {per_recipient:?}");
    anyhow::ensure!(
        per_recipient.values().all(|n| *n == 1),
        "reminders {per_recipient:?}"
    );
    let twice: Vec<_> = copies
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|((to, subject, _), n)| format!("{n}× «{subject}» to {to}"))
        .collect();
    anyhow::ensure!(twice.is_empty(), "sent more than once: {twice:?}");
    let mut hooks: HashMap<String, usize> = HashMap::new();
    for r in s.hooks.got() {
        *hooks
            .entry(r.headers.get("webhook-id").cloned().unwrap_or_default())
            .or_default() += 1;
    }
    anyhow::ensure!(
        hooks.values().all(|n| *n == 1),
        "webhooks delivered more than once: {hooks:?}"
    );
    Ok(())
}

/// Runs a step, timing it; its error is kept for the report.
async fn step(name: &str, failures: &mut Vec<String>, f: impl Future<Output = anyhow::Result<()>>) {
    let start = Instant::now();
    let outcome = f.await;
    let took = start.elapsed().as_secs_f32();
    match outcome {
        Ok(()) => println!("ok   {name} ({took:.1} s)"),
        Err(e) => {
            println!("FAIL {name} ({took:.1} s): {e:#}");
            failures.push(format!("{name}: {e:#}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_on_one_database_do_once_what_must_happen_once() -> anyhow::Result<()> {
    let Some(plan) = ClusterPlan::from_env("two_instances")? else {
        return Ok(());
    };
    let started = Instant::now();
    let sink = SmtpSink::start().map_err(anyhow::Error::msg)?;
    let hooks = Receiver::start()?;
    let cluster = plan
        .start(&[
            ("REALIS_SMTP_URL", sink.url()),
            ("REALIS_WEBHOOK_ALLOW_PRIVATE", "true".into()),
            (
                "REALIS_TOKEN_CACHE_SECONDS",
                TOKEN_CACHE_SECONDS.to_string(),
            ),
            // The daily reminder runs at start, whatever the hour.
            ("REALIS_REMINDER_HOUR", "0".into()),
        ])
        .await?;
    println!(
        "two instances on one database in {:.1} s (logs in {})",
        started.elapsed().as_secs_f32(),
        cluster.data_dir.display()
    );
    let files = cluster.data_dir.join("files");
    std::fs::create_dir_all(&files)?;
    let s = Scene {
        a: Api::new(&cluster.a.base),
        b: Api::new(&cluster.b.base),
        cluster,
        sink,
        hooks,
        files,
    };
    let mut failures = Vec::new();
    step(
        "1. the login throttle is counted across both",
        &mut failures,
        login_throttle_is_counted_across_both(&s),
    )
    .await;
    step(
        "2a. an e-mail is delivered once",
        &mut failures,
        an_email_is_delivered_once(&s),
    )
    .await;
    step(
        "2b. a webhook is delivered once",
        &mut failures,
        a_webhook_is_delivered_once(&s),
    )
    .await;
    step(
        "4. a code verified on both at once certifies once",
        &mut failures,
        a_code_verified_on_both_certifies_once(&s),
    )
    .await;
    step(
        "5. a password change on A revokes the token on B",
        &mut failures,
        a_password_change_on_a_revokes_the_token_on_b(&s),
    )
    .await;
    step(
        "3. the daily reminder, and every e-mail, arrive once",
        &mut failures,
        the_daily_reminder_and_every_email_arrive_once(&s),
    )
    .await;
    println!("total {:.1} s", started.elapsed().as_secs_f32());
    let Scene { cluster, .. } = s;
    cluster.stop().await?;
    anyhow::ensure!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}
