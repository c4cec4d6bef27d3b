//! A launch that meets the previous ShopDesk still closing starts again instead of failing.
//!
//! The single-instance plugin hands a second launch to the running window. Between a closing window's last
//! message and its exit, it still holds the hand-over name but no longer answers: the plugin then fails with
//! "failed to forward arguments to the running instance" (on Linux, D-Bus `NoReply` once the old process has
//! gone). That is a user who closed ShopDesk and opened it again a moment too soon — or a test that started the
//! app as the last one was ending. Such a launch starts over a moment later, at most [`ATTEMPTS`] times, in
//! the same process on Unix (`exec`), so a launcher or WebDriver that waits on the process keeps its child.

use std::time::Duration;

/// How many times one launch starts over before it gives up and says why.
pub const ATTEMPTS: u32 = 8;
/// The pause before starting over: the closing window has usually gone by then.
const PAUSE: Duration = Duration::from_millis(250);
/// Carries the attempt count across the restart (the same process on Unix).
const ENV: &str = "SHOPDESK_RELAUNCH_ATTEMPT";

/// Whether a start-up error is the hand-over to a window that did not answer.
pub fn handover_unanswered(message: &str) -> bool {
    message.contains("single-instance") && message.contains("failed to forward arguments")
}

/// The attempt this process is (0 for a plain launch), read from the environment.
fn attempt() -> u32 {
    std::env::var(ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The next attempt's number, or `None` once [`ATTEMPTS`] are used up.
pub fn next_attempt(current: u32) -> Option<u32> {
    // (lazily: a hostile count in the environment must not overflow)
    (current < ATTEMPTS).then(|| current + 1)
}

/// Start this launch over after a pause, with the same arguments. Returns only when that is impossible (the
/// attempts are used up, or the restart itself failed), with the reason to tell the user.
pub fn start_again() -> String {
    let Some(next) = next_attempt(attempt()) else {
        return format!("the running ShopDesk did not answer after {ATTEMPTS} tries");
    };
    tracing::warn!(
        attempt = next,
        "the previous ShopDesk is still closing; starting again"
    );
    std::thread::sleep(PAUSE);
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return format!("could not find the app to start again: {e}"),
    };
    let mut command = std::process::Command::new(exe);
    command
        .args(std::env::args_os().skip(1))
        .env(ENV, next.to_string());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // only returns on failure
        format!("could not start again: {}", command.exec())
    }
    #[cfg(not(unix))]
    {
        match command.spawn() {
            Ok(_) => std::process::exit(0),
            Err(e) => format!("could not start again: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_unanswered_handover_starts_again() {
        assert!(handover_unanswered(
            "failed to initialize plugin `single-instance`: failed to forward arguments to the running instance: \
             org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus without replying"
        ));
        // any other start-up failure is reported, never retried
        assert!(!handover_unanswered(
            "failed to initialize plugin `store`: permission denied"
        ));
        assert!(!handover_unanswered(
            "failed to setup app: the main window could not open"
        ));
    }

    #[test]
    fn attempts_are_bounded() {
        assert_eq!(next_attempt(0), Some(1));
        assert_eq!(next_attempt(ATTEMPTS - 1), Some(ATTEMPTS));
        assert_eq!(next_attempt(ATTEMPTS), None);
        assert_eq!(next_attempt(u32::MAX), None);
    }
}
