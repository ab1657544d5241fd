//! Who runs an import, to tell a dead import from a running one.

use std::path::Path;

/// This machine's name.
pub(crate) fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

/// Whether a process of this machine is alive; `None` when it cannot be
/// told. A zombie (killed, not yet reaped by its parent) is dead: a server
/// killed and restarted while its old process was one left its job
/// "running" for good.
pub(crate) fn process_alive(pid: i64) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    let Ok(stat) = std::fs::read_to_string(proc.join(pid.to_string()).join("stat")) else {
        return Some(false);
    };
    // `pid (name) state …`: the name may hold spaces and parentheses, the
    // state follows the last `)`.
    let state = stat
        .rfind(')')
        .and_then(|at| stat[at + 1..].split_whitespace().next());
    Some(!matches!(state, Some("Z" | "X" | "x")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zombie_is_dead_and_a_live_process_alive() {
        assert_eq!(process_alive(i64::from(std::process::id())), Some(true));
        let mut child = std::process::Command::new("true").spawn().expect("true");
        let pid = i64::from(child.id());
        // Ended, not reaped: a zombie until it is waited for.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while process_alive(pid) == Some(true) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(process_alive(pid), Some(false));
        assert!(
            Path::new("/proc").join(pid.to_string()).exists(),
            "a zombie"
        );
        child.wait().expect("wait");
        assert_eq!(process_alive(pid), Some(false));
    }
}
