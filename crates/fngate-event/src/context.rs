//! The function `context` (reference §8.1) and the environment it is built from (spec §7).

use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// Names of the environment variables the host sets for every invocation (spec §7).
pub mod env {
    /// The function's name.
    pub const FUNCTION_NAME: &str = "SCF_FUNCTIONNAME";
    /// The function's version, always `$LATEST` in fngate.
    pub const FUNCTION_VERSION: &str = "SCF_FUNCTIONVERSION";
    /// The runtime named in `serverless.yml`.
    pub const RUNTIME: &str = "SCF_RUNTIME";
    /// The namespace, always `default` in fngate.
    pub const NAMESPACE: &str = "SCF_NAMESPACE";
    /// The provider region.
    pub const REGION: &str = "TENCENTCLOUD_REGION";
    /// The app id, when configured.
    pub const APPID: &str = "TENCENTCLOUD_APPID";
    /// The account uin, when configured.
    pub const UIN: &str = "TENCENTCLOUD_UIN";
    /// Always `SCF`.
    pub const RUNENV: &str = "TENCENTCLOUD_RUNENV";
    /// The request id of this invocation.
    pub const REQUEST_ID: &str = "SCF_REQUESTID";
    /// The memory limit of this invocation, in MB.
    pub const MEMORY_LIMIT_IN_MB: &str = "SCF_MEMORY_LIMIT_IN_MB";
    /// The time limit of this invocation, in milliseconds.
    pub const TIME_LIMIT_IN_MS: &str = "SCF_TIME_LIMIT_IN_MS";
    /// `1` for a warm instance: events and responses are framed on stdin and
    /// stdout (docs/guest-contract.md), and the request id comes with each
    /// event instead of this environment.
    pub const FRAMING: &str = "FNGATE_FRAMING";
}

/// The `context` argument of an SCF handler (reference §8.1).
///
/// The reference's `environment` (a JSON string) and `environ` (`k=v;k=v`) are
/// built on demand by [`Context::environment`] and [`Context::environ`] (and when
/// the context is serialized), since most handlers never look at them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The request id of this invocation.
    pub request_id: String,
    /// The memory limit, in MB.
    pub memory_limit_in_mb: u64,
    /// The time limit, in milliseconds.
    pub time_limit_in_ms: u64,
    /// The function's name.
    pub function_name: String,
    /// The function's version (`$LATEST`).
    pub function_version: String,
    /// The namespace (`default`).
    pub namespace: String,
    /// The region.
    pub tencentcloud_region: String,
    /// The app id, empty when not configured.
    pub tencentcloud_appid: String,
    /// The account uin, empty when not configured.
    pub tencentcloud_uin: String,
    /// The whole environment, in order.
    vars: Vars,
}

/// The environment: the list the instance started with, shared by every
/// invocation's context (a warm instance makes one per request, and copying
/// the list each time cost a guest ~30 allocations), then, for a warm
/// invocation, its own `SCF_REQUESTID` (the shared list then holds none).
#[derive(Clone, Default)]
struct Vars {
    shared: Arc<[(String, String)]>,
    /// A warm invocation's request id, the last variable.
    invocation: Option<String>,
    /// The whole list, made when [`Context::vars`] is first asked for it.
    whole: OnceLock<Vec<(String, String)>>,
}

impl Vars {
    fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &str)> {
        let own = self.invocation.as_deref().map(|id| (env::REQUEST_ID, id));
        self.shared.iter().map(|(k, v)| (k.as_str(), v.as_str())).chain(own)
    }
}

impl PartialEq for Vars {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Vars {}

impl std::fmt::Debug for Vars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Context {
    /// Builds the context from environment variables, as the SDK does inside the guest.
    /// Missing variables leave their field empty (or zero).
    pub fn from_env<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        let vars: Vec<(String, String)> = vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        let mut ctx = Context::default();
        for (k, v) in &vars {
            let field = match k.as_str() {
                env::REQUEST_ID => &mut ctx.request_id,
                env::FUNCTION_NAME => &mut ctx.function_name,
                env::FUNCTION_VERSION => &mut ctx.function_version,
                env::NAMESPACE => &mut ctx.namespace,
                env::REGION => &mut ctx.tencentcloud_region,
                env::APPID => &mut ctx.tencentcloud_appid,
                env::UIN => &mut ctx.tencentcloud_uin,
                env::MEMORY_LIMIT_IN_MB => {
                    ctx.memory_limit_in_mb = v.parse().unwrap_or(0);
                    continue;
                }
                env::TIME_LIMIT_IN_MS => {
                    ctx.time_limit_in_ms = v.parse().unwrap_or(0);
                    continue;
                }
                _ => continue,
            };
            field.clone_from(v);
        }
        ctx.vars = Vars { shared: vars.into(), ..Vars::default() };
        ctx
    }

    /// This context for one invocation of a warm instance: `request_id` and
    /// its `SCF_REQUESTID` variable set to `request_id`.
    pub fn for_invocation(&self, request_id: &str) -> Self {
        let shared = if self.vars.shared.iter().any(|(k, _)| k == env::REQUEST_ID) {
            self.vars.shared.iter().filter(|(k, _)| k != env::REQUEST_ID).cloned().collect()
        } else {
            self.vars.shared.clone()
        };
        Context {
            request_id: request_id.to_owned(),
            vars: Vars { shared, invocation: Some(request_id.to_owned()), whole: OnceLock::new() },
            ..self.clone_fields()
        }
    }

    /// The fields, with the environment left empty.
    fn clone_fields(&self) -> Self {
        Context {
            request_id: String::new(),
            memory_limit_in_mb: self.memory_limit_in_mb,
            time_limit_in_ms: self.time_limit_in_ms,
            function_name: self.function_name.clone(),
            function_version: self.function_version.clone(),
            namespace: self.namespace.clone(),
            tencentcloud_region: self.tencentcloud_region.clone(),
            tencentcloud_appid: self.tencentcloud_appid.clone(),
            tencentcloud_uin: self.tencentcloud_uin.clone(),
            vars: Vars::default(),
        }
    }

    /// The environment, in order.
    pub fn vars(&self) -> &[(String, String)] {
        match &self.vars.invocation {
            None => &self.vars.shared,
            Some(_) => self
                .vars
                .whole
                .get_or_init(|| self.vars.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()),
        }
    }

    /// An environment variable by name.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The whole environment as a JSON object, serialized to a string (reference §8.1).
    pub fn environment(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> =
            self.vars.iter().map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned()))).collect();
        serde_json::Value::Object(map).to_string()
    }

    /// The whole environment as `k=v` pairs joined by `;` (reference §8.1).
    pub fn environ(&self) -> String {
        self.vars.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(";")
    }
}

impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Context", 11)?;
        s.serialize_field("request_id", &self.request_id)?;
        s.serialize_field("memory_limit_in_mb", &self.memory_limit_in_mb)?;
        s.serialize_field("time_limit_in_ms", &self.time_limit_in_ms)?;
        s.serialize_field("function_name", &self.function_name)?;
        s.serialize_field("function_version", &self.function_version)?;
        s.serialize_field("namespace", &self.namespace)?;
        s.serialize_field("tencentcloud_region", &self.tencentcloud_region)?;
        s.serialize_field("tencentcloud_appid", &self.tencentcloud_appid)?;
        s.serialize_field("tencentcloud_uin", &self.tencentcloud_uin)?;
        s.serialize_field("environment", &self.environment())?;
        s.serialize_field("environ", &self.environ())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_warm_invocation_gets_its_own_request_id() {
        let base = Context::from_env([(env::FUNCTION_NAME, "f"), (env::REQUEST_ID, "stale")]);
        let ctx = base.for_invocation("r-2");
        assert_eq!((ctx.request_id.as_str(), ctx.var(env::REQUEST_ID)), ("r-2", Some("r-2")));
        assert_eq!(ctx.environ(), "SCF_FUNCTIONNAME=f;SCF_REQUESTID=r-2");
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(ctx.vars(), [pair(env::FUNCTION_NAME, "f"), pair(env::REQUEST_ID, "r-2")]);
        // Contexts compare by what they hold, however it is kept.
        let again = ctx.for_invocation("r-2");
        assert_eq!(ctx, again);
        assert_eq!(
            again,
            Context {
                request_id: "r-2".into(),
                function_name: "f".into(),
                ..Context::from_env([(env::FUNCTION_NAME, "f"), (env::REQUEST_ID, "r-2")])
            }
        );
        assert_ne!(ctx, base.for_invocation("r-3"));
    }

    #[test]
    fn context_reads_the_host_variables() {
        let ctx = Context::from_env([
            (env::REQUEST_ID, "r1"),
            (env::MEMORY_LIMIT_IN_MB, "128"),
            (env::TIME_LIMIT_IN_MS, "3000"),
            (env::FUNCTION_NAME, "hello_world"),
            ("GREETING", "hi"),
        ]);
        assert_eq!(ctx.request_id, "r1");
        assert_eq!((ctx.memory_limit_in_mb, ctx.time_limit_in_ms), (128, 3000));
        assert_eq!(ctx.function_name, "hello_world");
        assert!(ctx.environ().ends_with("GREETING=hi"));
        assert_eq!(ctx.var("GREETING"), Some("hi"));
        let env: serde_json::Value = serde_json::from_str(&ctx.environment()).unwrap();
        assert_eq!(env["GREETING"], "hi");
        let json = serde_json::to_value(&ctx).unwrap();
        assert_eq!(json["function_name"], "hello_world");
        assert_eq!(json["environment"], ctx.environment());
    }
}
