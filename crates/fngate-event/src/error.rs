//! The SCF error body a failed invocation answers with (spec §5, reference §8.5–§8.6).

use serde::{Deserialize, Serialize};

/// SCF status codes fngate uses (reference §8.6).
pub mod status {
    /// The response exceeds the 6 MB limit.
    pub const RESPONSE_TOO_LARGE: u16 = 407;
    /// User code raised an exception, panicked or trapped.
    pub const USER_CODE_EXCEPTION: u16 = 430;
    /// The function ran past its timeout.
    pub const TIME_LIMIT_REACHED: u16 = 433;
    /// The function tried to use more memory than its `memorySize`.
    pub const MEMORY_LIMIT_REACHED: u16 = 434;
    /// The function's module does not exist.
    pub const FUNCTION_NOT_FOUND: u16 = 435;
    /// The function's module exists but cannot be loaded or has no entry point.
    pub const HANDLER_NOT_FOUND: u16 = 437;
    /// The function's process exited with a non-zero code.
    pub const PROCESS_EXIT: u16 = 439;
}

/// The SCF error body, e.g.
/// `{"errorCode":-1,"errorMessage":"Invoking task timed out after 3 seconds","requestId":"…","statusCode":433}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScfError {
    /// Always -1 for platform-reported errors.
    pub error_code: i64,
    /// What went wrong, in words.
    pub error_message: String,
    /// The request the error belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// A stack or backtrace, when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
    /// The SCF status code (also the HTTP status, except where spec §5 says otherwise).
    pub status_code: u16,
}

impl ScfError {
    /// An error with this status and message and no request id or stack.
    pub fn new(status_code: u16, error_message: impl Into<String>) -> Self {
        ScfError {
            error_code: -1,
            error_message: error_message.into(),
            request_id: None,
            stack_trace: None,
            status_code,
        }
    }

    /// Serializes the body to JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an SCF error always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_body_matches_the_spec_byte_for_byte() {
        let mut e = ScfError::new(status::TIME_LIMIT_REACHED, "Invoking task timed out after 3 seconds");
        e.request_id = Some("abc".into());
        assert_eq!(
            String::from_utf8(e.to_json()).unwrap(),
            r#"{"errorCode":-1,"errorMessage":"Invoking task timed out after 3 seconds","requestId":"abc","statusCode":433}"#
        );
    }
}
