//! Local time: the function's time zone (`TZ`, as `process.env.TZ` sets it
//! at any time, as in Node) from the IANA database built in (jiff), given to
//! QuickJS's `Date` through wasi-libc's `localtime_r` (which knows no zones),
//! and any zone's offset for `Intl` (`__fngate_tz`).

use std::cell::RefCell;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rquickjs::function::Opt;
use rquickjs::{Ctx, Function, Object, Result, Value};

thread_local! {
    /// The zone local time is in, its canonical name, and the `TZ` it was set by.
    static LOCAL: RefCell<(TimeZone, String, String)> = RefCell::new((TimeZone::UTC, "UTC".to_owned(), String::new()));
}

/// Registers `__fngate_tz_set` and `__fngate_tz`.
pub fn register(ctx: &Ctx<'_>) -> Result<()> {
    let g = ctx.globals();
    g.set("__fngate_tz_set", Function::new(ctx.clone(), set)?)?;
    g.set("__fngate_tz", Function::new(ctx.clone(), offset)?)?;
    Ok(())
}

/// The zone ICU names for an IANA link (node reports `PRC` as Asia/Shanghai).
fn canonical(name: &str) -> &str {
    match name {
        "PRC" | "Asia/Chongqing" | "Asia/Chungking" | "Asia/Harbin" => "Asia/Shanghai",
        "ROC" => "Asia/Taipei",
        "Hongkong" => "Asia/Hong_Kong",
        "Japan" => "Asia/Tokyo",
        "Singapore" => "Asia/Singapore",
        "GB" | "GB-Eire" => "Europe/London",
        "US/Eastern" => "America/New_York",
        "US/Central" => "America/Chicago",
        "US/Mountain" => "America/Denver",
        "US/Pacific" => "America/Los_Angeles",
        other => other,
    }
}

/// A zone by IANA name (`:` prefix allowed), `UTC`-like name, or POSIX rule.
fn zone(name: &str) -> Option<TimeZone> {
    let name = name.strip_prefix(':').unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    jiff::tz::db().get(name).ok().or_else(|| TimeZone::posix(name).ok())
}

/// `__fngate_tz_set(name)`: local time follows `name` from now on (UTC when
/// unset or unknown, as Node falls back).
fn set(name: Opt<Value<'_>>) {
    let name = name.0.and_then(|v| v.as_string().and_then(|s| s.to_string().ok())).unwrap_or_default();
    // Every invocation sets its zone: the same one again costs nothing.
    if LOCAL.with(|l| l.borrow().2 == name) {
        return;
    }
    let tz = zone(&name).unwrap_or(TimeZone::UTC);
    let shown = tz
        .iana_name()
        .map(|n| canonical(n).to_owned())
        .unwrap_or_else(|| if name.is_empty() { "UTC".to_owned() } else { name.clone() });
    LOCAL.with(|l| *l.borrow_mut() = (tz, shown, name));
}

/// `__fngate_tz(zone, epochMs)`: `{offset, name}`, the zone's offset from
/// UTC in minutes at that instant and its canonical name (the local zone
/// when `zone` is undefined), or null for a zone the database lacks.
fn offset<'js>(ctx: Ctx<'js>, name: Opt<Option<String>>, ms: f64) -> Result<Option<Object<'js>>> {
    let (tz, shown) = match name.0.flatten() {
        None => LOCAL.with(|l| {
            let l = l.borrow();
            (l.0.clone(), l.1.clone())
        }),
        Some(name) => match zone(&name) {
            Some(tz) => {
                let shown = tz.iana_name().map(|n| canonical(n).to_owned()).unwrap_or(name);
                (tz, shown)
            }
            None => return Ok(None),
        },
    };
    let o = Object::new(ctx)?;
    o.set("offset", offset_seconds(&tz, ms as i64 / 1000) / 60)?;
    o.set("name", shown)?;
    Ok(Some(o))
}

fn offset_seconds(tz: &TimeZone, seconds: i64) -> i32 {
    Timestamp::from_second(seconds).map(|t| tz.to_offset(t).seconds()).unwrap_or(0)
}

/// wasi-libc's `struct tm` (wasm32: `long` is 32 bits).
#[repr(C)]
pub struct Tm {
    tm_sec: i32,
    tm_min: i32,
    tm_hour: i32,
    tm_mday: i32,
    tm_mon: i32,
    tm_year: i32,
    tm_wday: i32,
    tm_yday: i32,
    tm_isdst: i32,
    tm_gmtoff: i32,
    tm_zone: *const u8,
}

/// `localtime_r` in the function's zone: wasi-libc's is always UTC, and
/// QuickJS reads local time (`tm_gmtoff`) only through it.
///
/// # Safety
/// `time` and `out` must be valid, as C's `localtime_r` requires.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn localtime_r(time: *const i64, out: *mut Tm) -> *mut Tm {
    // SAFETY: the caller passes a valid time_t.
    let seconds = unsafe { *time };
    let (offset, dst) = LOCAL.with(|l| {
        let tz = &l.borrow().0;
        let t = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
        let info = tz.to_offset_info(t);
        (info.offset().seconds(), info.dst().is_dst())
    });
    let local = seconds + i64::from(offset);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400) as i32;
    let date = jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(jiff::civil::Date::constant(1970, 1, 1));
    let tm = Tm {
        tm_sec: secs % 60,
        tm_min: secs / 60 % 60,
        tm_hour: secs / 3600,
        tm_mday: i32::from(date.day()),
        tm_mon: i32::from(date.month()) - 1,
        tm_year: i32::from(date.year()) - 1900,
        tm_wday: i32::from(date.weekday().to_sunday_zero_offset()),
        tm_yday: i32::from(date.day_of_year()) - 1,
        tm_isdst: i32::from(dst),
        tm_gmtoff: offset,
        tm_zone: c"".as_ptr().cast(),
    };
    // SAFETY: the caller passes a valid, writable struct tm.
    unsafe { out.write(tm) };
    out
}
