//! Timer triggers (spec §9): their keys in every dialect, and SCF's cron.

use saphyr::MarkedYamlOwned;

use crate::model::Timer;
use crate::node::{Checker, join, line, scalar_string};

/// The keys of a timer's `parameters` (all dialects).
const PARAMETER_KEYS: &[&str] = &["name", "cronExpression", "enable", "argument", "qualifier", "description"];
/// The keys of the serverless-tencent-scf plugin's own form, `timer: {name, cron}`
/// (and `enable`, `argument` beside them, as `parameters` has them).
const PLUGIN_KEYS: &[&str] = &["name", "cron", "enable", "argument"];

/// A timer being read: what its trigger entry says, before `parameters`.
pub(crate) struct TimerEntry<'n> {
    /// The function it invokes.
    pub(crate) function: String,
    /// The `name` given beside `parameters` (v1, `component: scf`), if any.
    pub(crate) name: Option<String>,
    /// The name when none is given: `timer-<name>-<stage>`.
    pub(crate) default_name: String,
    /// The node holding `cronExpression` and the rest.
    pub(crate) parameters: Option<&'n MarkedYamlOwned>,
    /// The trigger's key node, for its line.
    pub(crate) key_node: &'n MarkedYamlOwned,
    /// The trigger's key path.
    pub(crate) path: String,
    /// The plugin's form: `cron` and the rest beside `name`, not under
    /// `parameters`; enabled unless `enable: false` (the plugin never disables one).
    pub(crate) plugin: bool,
}

/// Reads a `timer: {name, parameters}` event (the v1 dialect and `component:
/// scf`), or the serverless-tencent-scf plugin's `timer: {name, cron}`.
pub(crate) fn parse_event(
    c: &mut Checker,
    function: &str,
    default_name: String,
    body: &MarkedYamlOwned,
    key_node: &MarkedYamlOwned,
    path: String,
) -> Option<Timer> {
    let function = function.to_owned();
    let plugin = crate::node::has_key(body, "cron");
    if plugin {
        let entry =
            TimerEntry { function, name: None, default_name, parameters: Some(body), key_node, path, plugin };
        return parse(c, entry);
    }
    let (mut name, mut parameters) = (None, None);
    for (key, _, value) in c.mapping(body, &path, &["name", "parameters"]) {
        match key.as_str() {
            "name" => name = c.string(value, &join(&path, "name")),
            _ => parameters = Some(value),
        }
    }
    parse(c, TimerEntry { function, name, default_name, parameters, key_node, path, plugin })
}

/// Reads a timer's `parameters`; `None` (with errors) when it cannot run.
pub(crate) fn parse(c: &mut Checker, entry: TimerEntry<'_>) -> Option<Timer> {
    let errors_before = c.diagnostics.len();
    let (base, keys, cron_key) = match entry.plugin {
        true => (entry.path.clone(), PLUGIN_KEYS, "cron"),
        false => (join(&entry.path, "parameters"), PARAMETER_KEYS, "cronExpression"),
    };
    let (mut name, mut cron, mut enabled, mut argument) = (entry.name, None, None, String::new());
    let parameters = entry.parameters.map(|p| c.mapping(p, &base, keys)).unwrap_or_default();
    for (key, key_node, value) in parameters {
        let path = join(&base, &key);
        match key.as_str() {
            "name" => name = c.string(value, &path).or(name),
            "cronExpression" | "cron" => cron = c.string(value, &path).map(|text| (text, value)),
            "enable" => enabled = c.boolean(value, &path),
            "argument" => match scalar_string(value) {
                Some(text) => argument = text,
                None if crate::node::is_null(value) => {}
                None => c.error(Some(value), &path, "expected a string: it is the event's `Message`"),
            },
            "qualifier" => c.ignored(key_node, &path, "fngate runs one version of each function"),
            "description" => {}
            _ => {}
        }
    }
    let schedule = match cron {
        Some((text, node)) => match schedule(&text) {
            Ok(schedule) => Some((text, schedule)),
            Err(why) => {
                c.error(
                    Some(node),
                    &join(&base, cron_key),
                    format!("`{text}` is not a cron expression: {why}"),
                );
                None
            }
        },
        None => {
            c.error(
                entry.parameters.or(Some(entry.key_node)),
                &base,
                "a timer needs `cronExpression`, e.g. '*/5 * * * * * *' (every 5 seconds)",
            );
            None
        }
    };
    if entry.plugin {
        enabled = enabled.or(Some(true));
    }
    if enabled.is_none() {
        c.warning(
            entry.key_node,
            &join(&base, "enable"),
            "missing: the timer is disabled, as the Components docs default it (add `enable: true`)",
        );
    }
    let name = name.filter(|n| !n.is_empty()).unwrap_or(entry.default_name);
    if c.diagnostics[errors_before..].iter().any(|d| d.severity == crate::Severity::Error) {
        return None;
    }
    let (cron, schedule) = schedule?;
    Some(Timer {
        function: entry.function,
        name,
        cron,
        schedule,
        enabled: enabled.unwrap_or(false),
        argument,
        file: c.file.to_owned(),
        key: entry.path,
        line: line(entry.key_node),
    })
}

/// Parses SCF's 7-field cron (`second minute hour day month weekday year`) or the
/// standard 5-field form (`minute hour day month weekday`, at second 0), with
/// POSIX cron's meaning (croner): weekdays 0–7 (0 and 7 Sunday) or SUN–SAT,
/// months 1–12 or JAN–DEC, ranges, lists and steps; times are UTC.
pub(crate) fn schedule(expr: &str) -> Result<croner::Cron, String> {
    let fields = expr.split_whitespace().count();
    if fields != 7 && fields != 5 {
        return Err(format!(
            "it has {fields} fields; SCF's has 7 (second minute hour day month weekday year), the standard form 5 (minute hour day month weekday)"
        ));
    }
    // Quartz's `0/5` steps (start/step) as the `cron` crate took them, and a
    // day and a weekday both given must both match, as it had it.
    let parser = croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Optional)
        .year(croner::parser::Year::Optional)
        .sloppy_ranges(true)
        .dom_and_dow(true)
        .build();
    let schedule = parser.parse(expr).map_err(|e| culprit(&parser, expr).unwrap_or_else(|| e.to_string()))?;
    if schedule.find_next_occurrence(&chrono::Utc::now(), false).is_err() {
        return Err("it never fires again".to_owned());
    }
    Ok(schedule)
}

/// Which field of `expr` makes it invalid, in the user's words: the first
/// whose replacement by `*` makes the rest parse.
fn culprit(parser: &croner::parser::CronParser, expr: &str) -> Option<String> {
    const FIVE: &[(&str, &str)] =
        &[("minute", "0-59"), ("hour", "0-23"), ("day", "1-31"), ("month", "1-12 or JAN-DEC"), WEEKDAY];
    const SEVEN: &[(&str, &str)] = &[
        ("second", "0-59"),
        ("minute", "0-59"),
        ("hour", "0-23"),
        ("day", "1-31"),
        ("month", "1-12 or JAN-DEC"),
        WEEKDAY,
        ("year", "e.g. 2030 or 2030-2035"),
    ];
    const WEEKDAY: (&str, &str) = ("weekday", "0-7 (0 and 7 are Sunday) or SUN-SAT");
    let fields: Vec<&str> = expr.split_whitespace().collect();
    let names = if fields.len() == 5 { FIVE } else { SEVEN };
    (0..fields.len()).find_map(|i| {
        let mut trial = fields.clone();
        trial[i] = "*";
        parser.parse(&trial.join(" ")).is_ok().then(|| {
            let (name, range) = names[i];
            format!(
                "its {name} field `{}` is not valid there ({range}; ranges a-b, lists a,b, steps */n)",
                fields[i]
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone as _, Utc};

    use super::*;

    fn fires(expr: &str, from: (i32, u32, u32, u32, u32, u32), count: usize) -> Vec<String> {
        let (y, mo, d, h, mi, s) = from;
        let start = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
        schedule(expr).unwrap().iter_after(start).take(count).map(|t| t.to_rfc3339()).collect()
    }

    #[test]
    fn scf_seven_fields_and_standard_five() {
        assert_eq!(
            fires("*/5 * * * * * *", (2030, 1, 1, 0, 0, 3), 2),
            ["2030-01-01T00:00:05+00:00", "2030-01-01T00:00:10+00:00"]
        );
        assert_eq!(fires("0 0 2 1 * * *", (2030, 1, 5, 0, 0, 0), 1), ["2030-02-01T02:00:00+00:00"]);
        assert_eq!(fires("30 9 * * *", (2030, 1, 1, 9, 30, 0), 1), ["2030-01-02T09:30:00+00:00"]);
    }

    #[test]
    fn weekdays_count_from_sunday() {
        // 2030-01-06 is a Sunday.
        assert_eq!(fires("0 0 * * 0", (2030, 1, 1, 0, 0, 0), 1), ["2030-01-06T00:00:00+00:00"]);
        assert_eq!(fires("0 0 * * 7", (2030, 1, 1, 0, 0, 0), 1), ["2030-01-06T00:00:00+00:00"]);
        assert_eq!(fires("0 0 0 * * 1-5 *", (2030, 1, 4, 12, 0, 0), 1), ["2030-01-07T00:00:00+00:00"]);
        assert_eq!(fires("0 0 0 * * SAT *", (2030, 1, 1, 0, 0, 0), 1), ["2030-01-05T00:00:00+00:00"]);
        assert_eq!(
            fires("0 0 * * */3", (2030, 1, 6, 1, 0, 0), 2),
            ["2030-01-09T00:00:00+00:00", "2030-01-12T00:00:00+00:00"]
        );
        // Ranges and lists reaching 7 (Sunday), as SCF's documents write them.
        assert_eq!(
            fires("30 9 * * 5-7", (2030, 1, 4, 10, 0, 0), 3),
            ["2030-01-05T09:30:00+00:00", "2030-01-06T09:30:00+00:00", "2030-01-11T09:30:00+00:00"]
        );
        assert_eq!(fires("0 0 * * 1-7", (2030, 1, 5, 1, 0, 0), 2).len(), 2);
        assert_eq!(fires("0 0 * * 1-7", (2030, 1, 5, 1, 0, 0), 1), ["2030-01-06T00:00:00+00:00"]);
        assert_eq!(
            fires("0 0 12 * * MON,wed,7 *", (2030, 1, 6, 13, 0, 0), 3),
            ["2030-01-07T12:00:00+00:00", "2030-01-09T12:00:00+00:00", "2030-01-13T12:00:00+00:00"]
        );
        assert_eq!(fires("0 0 0 1 JAN-MAR * 2031", (2030, 6, 1, 0, 0, 0), 1), ["2031-01-01T00:00:00+00:00"]);
        // Quartz's start/step, as SCF's examples write it.
        assert_eq!(
            fires("0 0/20 * * * * *", (2030, 1, 1, 0, 0, 1), 2),
            ["2030-01-01T00:20:00+00:00", "2030-01-01T00:40:00+00:00"]
        );
        // A day and a weekday both given: both must match (2030-04-01 is a Monday).
        assert_eq!(fires("0 0 12 1 * MON *", (2030, 1, 1, 0, 0, 0), 1), ["2030-04-01T12:00:00+00:00"]);
    }

    #[test]
    fn bad_expressions_say_why() {
        for (expr, why) in [
            ("* * * * * *", "6 fields"),
            ("61 * * * * * *", ""),
            ("0 0 * * 9", "its weekday field `9`"),
            ("0 25 * * *", "its hour field `25`"),
            ("0 0 0 1 1 * 2001", "never fires"),
            ("every minute", "2 fields"),
        ] {
            let err = schedule(expr).unwrap_err();
            assert!(err.contains(why), "{expr}: {err}");
            assert!(!err.contains("6-1"), "{expr}: an expression the user never wrote: {err}");
        }
    }
}
