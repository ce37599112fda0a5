//! The epoch ticker: one thread per engine that advances its epoch.

use std::time::Duration;

use wasmtime::Engine;

/// Starts the ticker thread. It holds only a weak reference, so it ends by itself
/// once the engine is dropped.
pub(crate) fn spawn(engine: &Engine, tick: Duration) -> std::io::Result<()> {
    let weak = engine.weak();
    std::thread::Builder::new().name("fngate-epoch".into()).spawn(move || {
        loop {
            std::thread::sleep(tick);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        }
    })?;
    Ok(())
}
