//! Reading untrusted bytes under guard: each reader runs on a thread of its own with a large
//! stack, a panic in a library becomes that input's failure, and a reader still busy after
//! the time limit is abandoned (its thread runs on until the process ends) so the other
//! inputs are still imported. Deeply nested HTML makes HTML parsers slow (the cost grows with
//! the square of the depth); nothing else should come near the limit.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use crate::error::ImportError;

/// The stack of a reader's thread: recursive tree walks in the HTML libraries need room.
const STACK_BYTES: usize = 64 << 20;

/// Runs `read` on its own thread; its result, or why there is none.
pub(crate) fn guarded<T: Send + 'static>(
    limit: Duration,
    read: impl FnOnce() -> Result<T, ImportError> + Send + 'static,
) -> Result<T, ImportError> {
    let (done, result) = channel();
    std::thread::Builder::new()
        .name("dealdesk-import-reader".to_string())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            // The receiver is gone when the reader was abandoned: nobody waits for it.
            let _ = done.send(catch_unwind(AssertUnwindSafe(read)));
        })
        .map_err(|e| ImportError::Crashed(format!("cannot start a reader thread: {e}")))?;
    match result.recv_timeout(limit) {
        Ok(Ok(read)) => read,
        Ok(Err(panic)) => Err(ImportError::Crashed(
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string()),
        )),
        Err(RecvTimeoutError::Timeout) => Err(ImportError::TimedOut {
            seconds: limit.as_secs_f64(),
        }),
        Err(RecvTimeoutError::Disconnected) => {
            Err(ImportError::Crashed("the reader thread ended".to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn results_and_errors_pass_through() {
        assert_eq!(guarded(SECOND, || Ok(7)).unwrap(), 7);
        assert!(matches!(
            guarded::<()>(SECOND, || Err(ImportError::Empty)),
            Err(ImportError::Empty)
        ));
    }

    #[test]
    fn a_panic_is_a_failure() {
        let r = guarded::<()>(SECOND, || panic!("boom"));
        assert!(matches!(r, Err(ImportError::Crashed(m)) if m == "boom"));
    }

    #[test]
    fn a_slow_reader_is_abandoned() {
        let r = guarded(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        });
        assert!(matches!(r, Err(ImportError::TimedOut { .. })), "{r:?}");
    }
}
