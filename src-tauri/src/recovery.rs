//! Start-up that always opens a window: the app's state ([`shopdesk_app::Desk`]) when every local
//! database opens, else recovery mode, where the UI shows what happened and the way out. The file work
//! (setting a broken file aside, backing up the outbox) is `shopdesk_app::recovery`; this module keeps
//! which of the two the window is in.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shopdesk_app::{Desk, RecoveryView};
use shopdesk_core::AppError;
use tauri::{AppHandle, Manager};

/// Recovery mode: `Some` while the app runs without its state.
pub struct Recovery {
    view: Mutex<Option<RecoveryView>>,
    accounts: Arc<accounts::AccountService>,
    data_dir: PathBuf,
}

impl Recovery {
    pub fn view(&self) -> Option<RecoveryView> {
        self.view.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

fn open(
    app: &AppHandle,
    data_dir: &std::path::Path,
    accounts: Arc<accounts::AccountService>,
) -> Result<Desk, Vec<shopdesk_app::StoreProblem>> {
    // the start-up benchmark's seam: the demo's stores in files, so a second launch starts with its cache
    let demo_dir = crate::settings::seam("SHOPDESK_BENCH_DEMO_DIR").map(std::path::PathBuf::from);
    if let Some(dir) = &demo_dir {
        let _ = std::fs::create_dir_all(dir);
    }
    Desk::open_at(
        data_dir,
        demo_dir.as_deref(),
        accounts,
        Arc::new(crate::settings::TauriHost::new(app)),
        tauri::async_runtime::handle().inner().clone(),
    )
}

/// Manage the opened app and start its background work.
fn run(app: &AppHandle, desk: Desk) {
    // the end-to-end suite turns the interval syncs off (`SHOPDESK_NO_SCHEDULE`): a spec waits on the
    // syncs it starts, and one the clock started in between would race it
    let scheduled = crate::settings::seam("SHOPDESK_NO_SCHEDULE").is_none();
    desk.start_background(scheduled);
    // the goods-in spec watches a PO it created complete: the demo's clock at its pace (1–600 s), in that
    // launch only
    if let Some(secs) = crate::settings::seam_arg("demo-clock-seconds")
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
    {
        if !scheduled {
            shopdesk_app::inbound::schedule_demo_clock_every(&desk, Duration::from_secs(secs));
        }
    }
    app.manage(desk);
}

/// At start-up: the app's state, or recovery mode. Either way the window opens.
pub fn start(app: &AppHandle, data_dir: PathBuf, accounts: Arc<accounts::AccountService>) {
    let view = match open(app, &data_dir, accounts.clone()) {
        Ok(desk) => {
            run(app, desk);
            None
        }
        Err(problems) => {
            tracing::error!(
                ?problems,
                "a local database could not be opened: recovery mode"
            );
            Some(RecoveryView {
                data_dir: data_dir.display().to_string(),
                problems,
            })
        }
    };
    app.manage(Recovery {
        view: Mutex::new(view),
        accounts,
        data_dir,
    });
}

/// Try to open everything again (after the user closed another ShopDesk, or after a fix).
pub fn retry(app: &AppHandle) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    if recovery.view().is_none() {
        return Ok(None);
    }
    match open(app, &recovery.data_dir, recovery.accounts.clone()) {
        Ok(desk) => {
            run(app, desk);
            *recovery.view.lock().unwrap_or_else(|p| p.into_inner()) = None;
            Ok(None)
        }
        Err(problems) => {
            let view = RecoveryView {
                data_dir: recovery.data_dir.display().to_string(),
                problems,
            };
            *recovery.view.lock().unwrap_or_else(|p| p.into_inner()) = Some(view.clone());
            Ok(Some(view))
        }
    }
}

/// Rebuild every cache that could not be opened (the damaged files are kept beside the new ones).
pub fn rebuild_caches(app: &AppHandle) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    let Some(view) = recovery.view() else {
        return Ok(None);
    };
    shopdesk_app::recovery::rebuild_caches(&recovery.data_dir, &view)?;
    retry(app)
}

/// The user's explicit choice for a journal (the outbox, the file library): back it up, move it aside
/// and start an empty one.
pub fn set_aside(
    app: &AppHandle,
    file: shopdesk_app::DataFile,
) -> Result<Option<RecoveryView>, AppError> {
    let recovery = app.state::<Recovery>();
    let Some(view) = recovery.view() else {
        return Ok(None);
    };
    shopdesk_app::recovery::set_aside(&recovery.data_dir, &view, file)?;
    retry(app)
}
