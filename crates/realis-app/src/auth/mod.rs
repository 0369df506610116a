//! Login, who is acting, sessions, tokens, password hashing, password reset and invitations.

pub mod actor;
pub mod keys;
pub mod links;
pub mod login;
pub mod mail;
pub mod passwords;
pub mod sessions;
pub mod token_cache;
pub mod tokens;

pub use actor::{Actor, KeyGrant, RequestMeta};
pub use links::{
    FORGOT_PER_ADDRESS_PER_HOUR, FORGOT_PER_LOGIN_PER_HOUR, RESETS_PER_ADDRESS_PER_HOUR,
};
