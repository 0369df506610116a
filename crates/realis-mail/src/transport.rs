//! Delivering rendered mails: SMTP (lettre, STARTTLS/TLS per URL), `.eml` files, or memory.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::RenderedMail;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("file transport: {0}")]
    File(String),
}

/// A delivered message, as kept by the memory transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Where mails go.
#[derive(Clone)]
pub enum Mailer {
    /// `smtp://host:port` (plain), `smtp://host:port?tls=required` (STARTTLS), `smtps://…` (TLS).
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// `.eml` files in a directory (embedded default).
    Files { dir: PathBuf, from: Mailbox },
    /// Kept in memory (tests).
    Memory {
        sent: Arc<Mutex<Vec<SentMail>>>,
        from: Mailbox,
    },
}

fn mailbox(s: &str) -> Result<Mailbox, MailError> {
    s.parse::<Mailbox>()
        .map_err(|e| MailError::Address(format!("{s}: {e}")))
}

impl Mailer {
    pub fn smtp(url: &str, from: &str, timeout: Duration) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Smtp(e.to_string()))?
            .timeout(Some(timeout))
            .build();
        Ok(Mailer::Smtp {
            transport,
            from: mailbox(from)?,
        })
    }

    pub fn files(dir: PathBuf, from: &str) -> Result<Mailer, MailError> {
        std::fs::create_dir_all(&dir).map_err(|e| MailError::File(e.to_string()))?;
        Ok(Mailer::Files {
            dir,
            from: mailbox(from)?,
        })
    }

    pub fn memory(from: &str) -> Result<Mailer, MailError> {
        Ok(Mailer::Memory {
            sent: Arc::default(),
            from: mailbox(from)?,
        })
    }

    /// Messages kept by the memory transport (empty for the others).
    pub fn sent(&self) -> Vec<SentMail> {
        match self {
            Mailer::Memory { sent, .. } => sent.lock().map(|v| v.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// A short description for logs (never credentials).
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { .. } => "smtp".to_owned(),
            Mailer::Files { dir, .. } => format!("files in {}", dir.display()),
            Mailer::Memory { .. } => "memory".to_owned(),
        }
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. }
            | Mailer::Files { from, .. }
            | Mailer::Memory { from, .. } => from,
        }
    }

    fn build(&self, to: &str, mail: &RenderedMail) -> Result<Message, MailError> {
        Message::builder()
            .from(self.from().clone())
            .to(mailbox(to)?)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| MailError::Build(e.to_string()))
    }

    /// Sends one message.
    pub async fn send(&self, to: &str, mail: &RenderedMail) -> Result<(), MailError> {
        let message = self.build(to, mail)?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Smtp(e.to_string()))?;
            }
            Mailer::Files { dir, .. } => {
                let id = AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map_err(|e| MailError::File(e.to_string()))?;
                tracing::info!(to, subject = %mail.subject, file = %dir.join(format!("{id}.eml")).display(), "e-mail written");
            }
            Mailer::Memory { sent, .. } => {
                if let Ok(mut v) = sent.lock() {
                    v.push(SentMail {
                        to: to.to_owned(),
                        subject: mail.subject.clone(),
                        text: mail.text.clone(),
                        html: mail.html.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}
