//! ShopDesk's Tauri shell: builder, plugins, the `Host` the app runs against (`settings::TauriHost`), the
//! recovery state, and one command module per area whose commands are one call into `shopdesk_app`.

pub mod commands;
mod events;
mod recovery;
mod relaunch;
mod settings;
pub mod webview;

use std::sync::OnceLock;
use std::time::Instant;

use tauri::Manager;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// When this process started running ShopDesk (for start-up timing).
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

/// The typed IPC surface: every command and event, collected for tauri-specta.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::app::app_info,
            commands::app::ui_ready,
            commands::app::ui_first_rows,
            commands::app::diagnostics_export,
            commands::update::update_check,
            commands::update::update_skip,
            commands::update::update_install,
            commands::recovery::recovery_status,
            commands::recovery::recovery_retry,
            commands::recovery::recovery_rebuild_caches,
            commands::recovery::recovery_set_aside,
            commands::recovery::recovery_quit,
            commands::settings::get_settings,
            commands::settings::set_language,
            commands::settings::set_stock_settings,
            commands::accounts::workspace,
            commands::accounts::pancake_shops,
            commands::accounts::nhanh_open_consent,
            commands::accounts::account_add,
            commands::accounts::account_test,
            commands::accounts::account_rename,
            commands::accounts::account_replace_secret,
            commands::accounts::account_remove,
            commands::accounts::demo_start,
            commands::accounts::demo_leave,
            commands::home::home_summary,
            commands::stock::stock_grid,
            commands::stock::stock_detail,
            commands::stock::stock_export,
            commands::stock::sync_status,
            commands::stock::sync_now,
            commands::low_stock::low_stock_view,
            commands::low_stock::stock_limits,
            commands::low_stock::set_stock_limits,
            commands::low_stock::low_stock_export,
            commands::low_stock::set_low_stock_muted,
            commands::low_stock::seam_demo_lower_stock,
            commands::products::matching_list,
            commands::products::matching_match,
            commands::products::matching_unmatch,
            commands::products::matching_clear,
            commands::products::mapping_export,
            commands::products::mapping_import,
            commands::products::sync_runs,
            commands::products::sync_log,
            commands::products::listing_detail,
            commands::products::listing_add_image,
            commands::orders::order_targets,
            commands::orders::catalog_search,
            commands::orders::order_submit,
            commands::orders::order_outbox,
            commands::orders::order_retry,
            commands::orders::order_options,
            commands::customers::customer_lookup,
            commands::orders::orders_list,
            commands::orders::orders_status_counts,
            commands::orders::order_detail,
            commands::orders::order_cancel,
            commands::orders::orders_sync,
            commands::orders::order_resend,
            commands::orders::order_dismiss,
            commands::orders::order_tracking_link,
            commands::orders::order_open_tracking,
            commands::orders::order_print_label,
            commands::orders::order_slip_capture,
            commands::orders::orders_export,
            commands::inbound::inbound_targets,
            commands::inbound::inbound_check_lines,
            commands::inbound::po_new_reference,
            commands::inbound::po_submit,
            commands::inbound::po_list,
            commands::inbound::po_sync,
            commands::inbound::po_detail,
            commands::inbound::po_bill,
            commands::inbound::po_cancel,
            commands::inbound::po_retry,
            commands::inbound::po_discard,
            commands::po_import::po_import_template,
            commands::po_import::po_import_preview,
            commands::po_import::po_import_send,
            commands::po_import::po_import_report,
            commands::returns::return_new_reference,
            commands::returns::return_submit,
            commands::returns::return_list,
            commands::returns::returns_for_order,
            commands::returns::returns_sync,
            commands::returns::return_detail,
            commands::returns::return_cancel,
            commands::returns::return_retry,
            commands::returns::return_discard,
            commands::product_create::product_new_reference,
            commands::product_create::product_variants,
            commands::product_create::product_accounts,
            commands::product_create::product_options,
            commands::product_create::product_submit,
            commands::product_create::product_list,
            commands::product_create::product_retry,
            commands::product_create::product_edit_preview,
            commands::product_create::product_edit,
            commands::product_create::product_retire,
            commands::product_import::product_import_template,
            commands::product_import::product_import_preview,
            commands::product_import::product_import_send,
            commands::product_import::product_import_report,
            commands::import::import_template,
            commands::import::import_preview,
            commands::import::import_send,
            commands::import::import_report,
            commands::files::files_config,
            commands::files::files_upload_pick,
            commands::files::files_upload_paths,
            commands::files::files_jobs,
            commands::files::files_cancel,
            commands::files::files_retry,
            commands::files::files_clear_finished,
            commands::files::files_list,
            commands::files::files_remove,
            commands::files::files_open,
            commands::addresses::address_suggest,
            commands::addresses::address_resolve,
            commands::push::push_preview,
            commands::push::push_rules,
            commands::push::push_set_rules,
            commands::push::push_apply,
            commands::push::push_undo,
            commands::push::push_cancel,
            commands::push::push_history,
            commands::push::push_run,
            commands::push::push_auto_status,
            commands::push::push_mapping,
            commands::push::push_set_mapping,
        ])
        .events(tauri_specta::collect_events![
            events::DataChangedEvent,
            events::SyncProgressEvent,
            events::FileJobEvent,
            events::PushProgressEvent,
            events::PushAutoEvent,
            commands::update::UpdateProgress
        ])
}

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/ipc/bindings.ts";

/// The bindings exporter (shared by the test that keeps `ui/src/ipc/bindings.ts` current).
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated by tauri-specta from the Rust commands. Do not edit: run `cargo test -p shopdesk`.\n")
}

pub fn run() {
    started();
    init_tracing();
    let builder = specta_builder();
    let result = tauri::Builder::default()
        // first: a second launch hands over to the running window and exits before it opens anything
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("a second launch was handed to this window");
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_store::Builder::new().build())
        // size, position and the rest, but not visibility: the main window is shown once its page has
        // loaded (`webview::open_windows`), not when its saved state is restored
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::all()
                        - tauri_plugin_window_state::StateFlags::VISIBLE,
                )
                .build(),
        )
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            webview::open_windows(app)?;
            builder.mount_events(app);
            // the log file and panic reports in the app's log directory, from here on
            match app.path().app_log_dir() {
                Ok(dir) => {
                    if let Some(logging) = diagnostics::Logging::get() {
                        if let Err(e) = logging.attach_dir(&dir) {
                            tracing::warn!(error = %e, "the log file could not be opened");
                        }
                    }
                    diagnostics::install_panic_hook(dir, app_version(app.handle()));
                }
                Err(e) => tracing::warn!(error = %e, "no log directory"),
            }
            let settings = shopdesk_app::settings::load(&settings::TauriHost::new(app.handle()));
            tracing::info!(
                version = %app.package_info().version,
                language = ?settings.language,
                "ShopDesk starting"
            );
            let data_dir = app.path().app_data_dir()?;
            let service = accounts::AccountService::new(
                std::sync::Arc::new(accounts::FileMeta::new(data_dir.join("accounts.json"))),
                secrets::Secrets::os_keyring(!cfg!(debug_assertions)),
            );
            // with no account connected, open the demo workspace (in-process simulators on 127.0.0.1)
            if !settings.demo_dismissed {
                let started =
                    tauri::async_runtime::block_on(service.start_demo(sandbox::Options::default()));
                if let Err(e) = started {
                    tracing::error!(error = %e, "demo workspace did not start");
                }
                // the start-up benchmark's seam: no vendor answers before this many milliseconds
                if let Some(ms) = settings::seam("SHOPDESK_BENCH_DEMO_LATENCY_MS")
                    .and_then(|v| v.into_string().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    tauri::async_runtime::block_on(service.demo_latency(ms));
                }
            }
            // the app's state, or the recovery screen when a database cannot be opened
            recovery::start(app.handle(), data_dir, std::sync::Arc::new(service));
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.set_title("ShopDesk");
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        let message = e.to_string();
        if relaunch::handover_unanswered(&message) {
            // the last window was still closing: start over (returns only when that is not possible)
            let why = relaunch::start_again();
            eprintln!("ShopDesk could not start: {message}; {why}");
        } else {
            eprintln!("ShopDesk could not start: {message}");
        }
        std::process::exit(1);
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHOPDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = diagnostics::init(filter);
}

/// The configured version, kept for the panic hook (which outlives any borrow of the app).
fn app_version(app: &tauri::AppHandle) -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| app.package_info().version.to_string())
}
