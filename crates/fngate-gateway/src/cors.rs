//! CORS: the headers of a CORS-enabled API and its preflight answer (spec §6,
//! reference §9).

use http::HeaderValue;
use http::header::HeaderMap;

/// The CORS header list the gateway allows and exposes (reference §9, which
/// begins with these names; the rest are the headers SCF functions commonly use).
pub const CORS_HEADERS: &str = "X-Api-ID,X-Service-RateLimit,X-UsagePlan-RateLimit,X-UsagePlan-Quota,Cache-Control,\
Connection,Content-Disposition,Content-Encoding,Content-Language,Content-Length,Content-MD5,Content-Range,\
Content-Type,Date,Keep-Alive,Expires,Last-Modified,Location,Pragma,Set-Cookie,Authorization,Source,X-Date,\
Accept,Accept-Encoding,Accept-Language,If-Match,If-Modified-Since,If-None-Match,Origin,Range,Referer,User-Agent,\
X-Requested-With,X-Api-RequestId,X-Fngate-Version";

/// Headers of the gateway's answer to a CORS preflight.
pub(crate) fn preflight_headers(headers: &mut HeaderMap) {
    let h = |v: &'static str| HeaderValue::from_static(v);
    headers.insert("access-control-allow-origin", h("*"));
    headers.insert("access-control-allow-methods", h("GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH"));
    headers.insert("access-control-allow-credentials", h("true"));
    headers.insert("access-control-allow-headers", h(CORS_HEADERS));
    headers.insert("access-control-expose-headers", h(CORS_HEADERS));
    headers.insert("access-control-max-age", h("86400"));
}

/// CORS headers added to every other response of a CORS-enabled API.
pub(crate) fn cors_headers(headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert("access-control-expose-headers", HeaderValue::from_static(CORS_HEADERS));
}
