//! The signals `serve` acts on, installed before anything else it does, so
//! that none arriving during start-up takes the default action (exit).

use std::io::IsTerminal as _;

use tokio::signal::unix::{Signal, SignalKind, signal};

/// Which signal asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// SIGTERM: a service manager or an orchestrator.
    Terminate,
    /// SIGINT: Ctrl-C, usually.
    Interrupt,
}

impl Stop {
    /// The signal's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Stop::Terminate => "SIGTERM",
            Stop::Interrupt => "SIGINT",
        }
    }

    /// Ctrl-C typed at a terminal (stdin is one): nobody is balancing load.
    pub(crate) fn typed_at_a_terminal(self) -> bool {
        self == Stop::Interrupt && std::io::stdin().is_terminal()
    }
}

/// The signal streams; a signal that arrives before it is awaited waits in its stream.
pub(crate) struct Signals {
    terminate: Signal,
    interrupt: Signal,
    hangup: Option<Signal>,
}

impl Signals {
    /// Takes SIGTERM, SIGINT and SIGHUP from now on.
    pub(crate) fn install() -> anyhow::Result<Signals> {
        Ok(Signals {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
            hangup: signal(SignalKind::hangup()).ok(),
        })
    }

    /// The SIGHUP stream (once), for the reloader.
    pub(crate) fn take_hangup(&mut self) -> Option<Signal> {
        self.hangup.take()
    }

    /// Resolves on the next SIGTERM or SIGINT.
    pub(crate) async fn stop(&mut self) -> Stop {
        tokio::select! {
            _ = self.terminate.recv() => Stop::Terminate,
            _ = self.interrupt.recv() => Stop::Interrupt,
        }
    }
}
