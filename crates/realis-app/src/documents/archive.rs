//! «Télécharger les certificats»: the current certificates of one period as one ZIP, for the OF
//! (its dossiers) and the agent (its funder's, or one organisation's). The archive is streamed:
//! each PDF is read, deflated off the async workers and sent before the next is read, so a
//! download holds one certificate in memory whatever the period's size, and a client that goes
//! away stops the work. At most [`MAX_ZIP_CERTIFICATES`] certificates (P4: ≤ 100 KB each).

use realis_domain::FieldCode;
use std::collections::HashSet;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use chrono::{Datelike, Timelike};
use chrono_tz::Europe::Paris;
use realis_domain::document::{MAX_ZIP_CERTIFICATES, certificate_file_name};
use realis_domain::{Period, Role};
use realis_store::documents::{ZipEntry, certificates_of_period};
use realis_store::files;
use tokio::sync::mpsc;
use zip::ZipWriter;
use zip::write::{SimpleFileOptions, StreamWriter};

use crate::dossiers::scope::scope_of;
use crate::error::Fault;
use crate::{Actor, App, AppError};

/// ZIPs per user per minute (each reads up to a thousand certificates).
pub const ZIPS_PER_MINUTE: i32 = 10;

/// Chunks of the archive waiting for the client, at most.
const CHANNEL_CHUNKS: usize = 4;

/// A period's ZIP on its way: its name and the chunks of the archive as they are written (an
/// `Err` chunk: the archive broke off; the answer was already under way).
#[derive(Debug)]
pub struct CertificatesZip {
    /// `certificats-2026-10.zip`
    pub file_name: String,
    /// Certificates in it.
    pub entries: usize,
    pub chunks: mpsc::Receiver<Result<Vec<u8>, io::Error>>,
}

/// What the archive writer writes into: the bytes since the last [`Sink::take`].
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("zip sink poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Archive = ZipWriter<StreamWriter<Sink>>;

/// The entry's options: deflated, dated by the certification in Paris time.
fn options(e: &ZipEntry) -> SimpleFileOptions {
    let at = e.certified_at.with_timezone(&Paris);
    let date = zip::DateTime::from_date_and_time(
        u16::try_from(at.year()).unwrap_or(1980),
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        at.second() as u8,
    )
    .unwrap_or_default();
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(date)
}

impl App {
    /// `GET /certificates.zip?period=&organisation_id=`: 404 when the period has no current
    /// certificate for the reader; 422 beyond [`MAX_ZIP_CERTIFICATES`].
    pub async fn certificates_zip(
        &self,
        actor: &Actor,
        period: Option<Period>,
        organisation_id: Option<i64>,
    ) -> Result<CertificatesZip, AppError> {
        if !matches!(actor.role, Role::Organisation | Role::Funder) {
            return Err(AppError::Forbidden);
        }
        let scope = scope_of(actor).ok_or(AppError::Forbidden)?;
        let period = period.ok_or_else(|| {
            AppError::field(
                "period",
                FieldCode::Required,
                "Choisissez la période (AAAA-MM).",
            )
        })?;
        self.rate_limit(
            &format!("zip:{}", actor.user_id),
            ZIPS_PER_MINUTE,
            chrono::Duration::minutes(1),
        )
        .await?;
        let entries = certificates_of_period(
            &self.db.conn,
            scope,
            period,
            organisation_id,
            MAX_ZIP_CERTIFICATES as u64 + 1,
        )
        .await?;
        if entries.len() > MAX_ZIP_CERTIFICATES {
            return Err(AppError::field(
                "period",
                FieldCode::TooManyCertificates,
                "Plus de 1\u{a0}000 certificats pour cette période\u{a0}: choisissez un organisme.",
            ));
        }
        if entries.is_empty() {
            return Err(AppError::NotFound);
        }
        let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
        let count = entries.len();
        let app = self.clone();
        tokio::spawn(async move {
            if let Err(e) = app.write_zip(entries, period, &tx).await {
                tracing::error!(error = ?e, %period, "certificates ZIP broke off");
                let _ = tx.send(Err(io::Error::other("archive broke off"))).await;
            }
        });
        Ok(CertificatesZip {
            file_name: format!("certificats-{period}.zip"),
            entries: count,
            chunks: rx,
        })
    }

    /// Writes the archive entry by entry into `tx`; stops quietly when the client is gone.
    async fn write_zip(
        &self,
        entries: Vec<ZipEntry>,
        period: Period,
        tx: &mpsc::Sender<Result<Vec<u8>, io::Error>>,
    ) -> Result<(), AppError> {
        let sink = Sink::default();
        let mut archive: Archive = ZipWriter::new_stream(sink.clone());
        let mut names = HashSet::new();
        for e in entries {
            let Some(file) = files::get(&self.db.conn, e.pdf_file_id).await? else {
                continue;
            };
            let mut name = certificate_file_name(&e.dossier_number, period);
            if !names.insert(name.clone()) {
                // Two dossiers whose numbers differ only by characters a name cannot hold.
                name = name.replace(".pdf", &format!("-{}.pdf", e.certificate_id));
                names.insert(name.clone());
            }
            let opts = options(&e);
            archive = tokio::task::spawn_blocking(move || -> Result<Archive, AppError> {
                archive.start_file(name, opts).map_err(Fault::from)?;
                archive.write_all(&file.data).map_err(Fault::from)?;
                Ok(archive)
            })
            .await
            .map_err(Fault::Task)??;
            let chunk = sink.take();
            if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
                return Ok(());
            }
        }
        tokio::task::spawn_blocking(move || archive.finish().map_err(Fault::from))
            .await
            .map_err(Fault::Task)??;
        let _ = tx.send(Ok(sink.take())).await;
        Ok(())
    }
}
