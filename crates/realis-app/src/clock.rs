//! Time as a dependency: the system clock, or a fixed one that tests move by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t.lock().map(|t| *t).unwrap_or_else(|_| Utc::now()),
        }
    }

    /// Moves a fixed clock forward (no effect on the system clock).
    pub fn advance(&self, by: Duration) {
        if let Clock::Fixed(t) = self
            && let Ok(mut t) = t.lock()
        {
            *t += by;
        }
    }

    /// Today's business date in Europe/Paris.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Paris).date_naive()
    }
}

/// Paris dates as the e-mails write them («26/11/2026», «26/11/2026 à 10:42»): one writing for
/// views, PDFs and messages.
pub use realis_mail::{paris_date, paris_datetime};
