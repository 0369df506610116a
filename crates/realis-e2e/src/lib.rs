//! Harness for browser end-to-end tests: starts the real `realis` binary (demo data, SQLite in a
//! temporary directory, the built SPA) and a headless Chromium through chromedriver, and hands
//! a fantoccini client to the tests. Screenshots go to `target/e2e-screenshots/`.
//!
//! The tests run when `REALIS_E2E_BINARY` and `REALIS_E2E_WEB_DIR` are set (`cargo xtask test`
//! sets them). Without a browser they are skipped, unless `REALIS_E2E_REQUIRED=1` (CI), where a
//! missing browser is a failure.
//!
//! Without a browser, [`ClusterPlan`] starts two instances of the binary on one PostgreSQL
//! database (when `REALIS_TEST_POSTGRES_URL` is set), and [`Receiver`] takes their webhooks.

mod actions;
mod api;
mod audit;
mod cluster;
mod downloads;
mod fixtures;
mod harness;
mod keyboard;
mod navigation;
mod receiver;

pub use api::{Api, expect_problem, opened_periods};
pub use audit::AxeViolation;
pub use cluster::{Cluster, ClusterPlan};
pub use fixtures::{largest_dark_square_of_pdf, write_pdf, write_png, write_stamp_png};
pub use harness::{Harness, Server, binary, free_port};
pub use receiver::{Received, Receiver};
