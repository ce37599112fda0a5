//! The function `context` (reference §8.1) and the environment it is built from (spec §7).

use serde::{Deserialize, Serialize};

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
}

/// The `context` argument of an SCF handler (reference §8.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The whole environment as a JSON object, serialized to a string.
    pub environment: String,
    /// The whole environment as `k=v` pairs joined by `;`.
    pub environ: String,
}

impl Context {
    /// Builds the context from environment variables, as the SDK does inside the guest.
    /// Missing variables leave their field empty (or zero).
    pub fn from_env<K: AsRef<str>, V: AsRef<str>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        let vars: Vec<(String, String)> =
            vars.into_iter().map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())).collect();
        let get = |name: &str| {
            vars.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        let number = |name: &str| get(name).parse().unwrap_or(0);
        let environment: serde_json::Map<String, serde_json::Value> =
            vars.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        Context {
            request_id: get(env::REQUEST_ID),
            memory_limit_in_mb: number(env::MEMORY_LIMIT_IN_MB),
            time_limit_in_ms: number(env::TIME_LIMIT_IN_MS),
            function_name: get(env::FUNCTION_NAME),
            function_version: get(env::FUNCTION_VERSION),
            namespace: get(env::NAMESPACE),
            tencentcloud_region: get(env::REGION),
            tencentcloud_appid: get(env::APPID),
            tencentcloud_uin: get(env::UIN),
            environment: serde_json::Value::Object(environment).to_string(),
            environ: vars.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(";"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(ctx.environ.ends_with("GREETING=hi"));
        let env: serde_json::Value = serde_json::from_str(&ctx.environment).unwrap();
        assert_eq!(env["GREETING"], "hi");
    }
}
