//! Typed identifiers, so that a dossier id is never passed where a user id is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                $name(v)
            }
        }
    )*};
}

id_type!(
    /// A Transitions Pro.
    FunderId,
    /// An organisme de formation.
    OrganisationId,
    /// Any account.
    UserId,
    /// A funded training of one beneficiary.
    DossierId,
    /// One month of one dossier.
    MonthId,
    /// A stored file blob.
    FileId,
    /// A training of an OF's catalogue.
    TrainingId,
);
