//! `stock-push`: push the warehouse's (Onflow) physical stock to the POS accounts' (Pancake, Nhanh)
//! sellable figures.
//!
//! - [`rules`]: the one pure function from a physical figure to a sellable target, with its steps.
//! - [`mapping`]: which Onflow warehouses feed each POS warehouse, and the proposed default.
//! - [`plan`]: the preview of a push (targets, deltas, skipped rows) and the circuit breaker.
//! - [`journal`]: the SQLite journal (runs, rows, batches), written before any send.
//! - [`engine`]: [`engine::Pusher`], the exactly-once apply over the `StockWriter` port, recovery, undo,
//!   history.
//!
//! No user-visible text lives here: the UI renders typed steps, reasons and error [`codes`].

mod app_error;
pub mod codes;
pub mod engine;
pub mod journal;
pub mod mapping;
pub mod plan;
pub mod rules;

pub use engine::{
    ApplyProgress, AutoOutcome, OtherPush, PushConfig, PushError, Pusher, RecoverReport, RunReport,
    AUTO_STAND_DOWN_MINUTES,
};
pub use journal::{
    BatchState, BatchView, Journal, PushRunStatus, RowCounts, RowState, RunDetail, RunId, RunKind,
    RunRow, RunSummary,
};
pub use mapping::{default_mapping, Mapping, MappingProposal, WhInfo};
pub use plan::{
    breaker, plan, targets, BreakerSettings, Cell, Plan, PlanInput, PlanRow, PlanRowInput,
    RowTarget, Trip,
};
pub use rules::{decide, Decision, RowInput, Rule, RuleProblem, RuleSet, SkipReason, Step};
