//! The process's own series (Prometheus' standard `process_*` names) and
//! `fngate_build_info`, read from `/proc` at each scrape.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// The build's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

/// The `process_*` gauges, brought up to date by [`ProcessMetrics::update`].
pub(crate) struct ProcessMetrics {
    resident: Gauge,
    virtual_memory: Gauge,
    cpu: Counter<f64, AtomicU64>,
    open_fds: Gauge,
    max_fds: Gauge,
    start_time: Gauge,
}

impl ProcessMetrics {
    /// Registers the process series in `root` (unprefixed) and the build's in `fngate`.
    pub(crate) fn register(root: &mut Registry) -> ProcessMetrics {
        let m = ProcessMetrics {
            resident: Gauge::default(),
            virtual_memory: Gauge::default(),
            cpu: Counter::default(),
            open_fds: Gauge::default(),
            max_fds: Gauge::default(),
            start_time: Gauge::default(),
        };
        root.register("process_resident_memory_bytes", "Resident memory size in bytes", m.resident.clone());
        root.register(
            "process_virtual_memory_bytes",
            "Virtual memory size in bytes",
            m.virtual_memory.clone(),
        );
        root.register("process_cpu_seconds", "User and system CPU time spent in seconds", m.cpu.clone());
        root.register("process_open_fds", "Number of open file descriptors", m.open_fds.clone());
        root.register("process_max_fds", "Maximum number of open file descriptors", m.max_fds.clone());
        root.register(
            "process_start_time_seconds",
            "Start time of the process since the Unix epoch, in seconds",
            m.start_time.clone(),
        );
        let build: Family<BuildLabels, Gauge> = Family::default();
        build.get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION") }).set(1);
        root.register("fngate_build_info", "The running fngate's version (always 1)", build);
        m
    }

    /// Reads `/proc/self` into the gauges (left as they were where it cannot be read).
    pub(crate) fn update(&self) {
        let Ok(me) = procfs::process::Process::myself() else { return };
        if let Ok(stat) = me.stat() {
            let ticks = procfs::ticks_per_second() as f64;
            self.resident.set(to_i64(stat.rss * procfs::page_size()));
            self.virtual_memory.set(to_i64(stat.vsize));
            let cpu = (stat.utime + stat.stime) as f64 / ticks;
            self.cpu.inc_by((cpu - self.cpu.get()).max(0.0));
            if let Ok(boot) = procfs::boot_time_secs() {
                self.start_time.set(to_i64(boot + stat.starttime / ticks as u64));
            }
        }
        if let Ok(n) = me.fd_count() {
            self.open_fds.set(to_i64(n as u64));
        }
        if let Ok(limits) = me.limits() {
            self.max_fds.set(match limits.max_open_files.soft_limit {
                procfs::process::LimitValue::Value(n) => to_i64(n),
                procfs::process::LimitValue::Unlimited => i64::MAX,
            });
        }
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
