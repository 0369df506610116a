//! The gate every upload passes (QUALITY S5, S9, S11). A use case first checks the actor, the
//! target and its state, and reserves one slot of the uploader's budget; only then does it hand
//! out an [`UploadPermit`], and only with one does the server read the body, at most
//! [`UploadPermit::max_bytes`]. Cleaning (decoding, re-encoding, PDF parsing) then runs on the
//! blocking pool, a bounded number at a time, never on the async workers.

use crate::error::Fault;
use chrono::Duration;

use crate::uploads::Cleaned;
use crate::{Actor, App, AppError};

/// Uploads per user per minute, every kind together (logo, stamp, Kbis, consent letter, signed
/// scan, attendance sheet, hours CSV).
pub const UPLOADS_PER_MINUTE: i32 = 30;
/// Uploads per user per hour, every kind together.
pub const UPLOADS_PER_HOUR: i32 = 300;

/// Proof that an upload to `target` by `actor` was authorised and counted: the only way to store
/// one.
#[derive(Debug)]
pub struct UploadPermit<T> {
    actor: Actor,
    target: T,
    max_bytes: usize,
}

impl<T> UploadPermit<T> {
    /// The most bytes the body may have.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    pub(crate) fn into_parts(self) -> (Actor, T) {
        (self.actor, self.target)
    }
}

impl App {
    /// Reserves one upload of the actor's budget (429 with `Retry-After` when spent) and issues
    /// the permit. Call it last, once everything else about the upload is known to be right.
    pub(crate) async fn permit_upload<T>(
        &self,
        actor: &Actor,
        target: T,
        max_bytes: usize,
    ) -> Result<UploadPermit<T>, AppError> {
        let user = actor.user_id;
        self.rate_limit(
            &format!("upload:{user}"),
            UPLOADS_PER_MINUTE,
            Duration::minutes(1),
        )
        .await?;
        self.rate_limit(
            &format!("upload-hour:{user}"),
            UPLOADS_PER_HOUR,
            Duration::hours(1),
        )
        .await?;
        Ok(UploadPermit {
            actor: actor.clone(),
            target,
            max_bytes,
        })
    }

    /// Runs `cleaner` over `body` on the blocking pool, at most `upload_permits` at a time: it is
    /// CPU-bound, and an image holds up to 48 MB of pixels (as much again of coefficients for a
    /// progressive JPEG) plus its output, at most the file's limit, while it is re-encoded.
    pub(crate) async fn clean_upload(
        &self,
        body: Vec<u8>,
        cleaner: fn(&[u8]) -> Result<Cleaned, AppError>,
    ) -> Result<Cleaned, AppError> {
        let _permit = self
            .upload_permits
            .acquire()
            .await
            .map_err(|_| Fault::PoolStopped("upload cleaning"))?;
        tokio::task::spawn_blocking(move || cleaner(&body))
            .await
            .map_err(Fault::Task)?
    }
}
