//! The console's page and its assets, embedded in the binary (it works offline).

/// An embedded file: its content type and bytes.
pub struct Asset {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

/// The console's single page.
pub const PAGE: Asset = Asset { content_type: HTML, body: include_bytes!("../../console/index.html") };

/// The login form, shown to a browser without the admin token.
pub const LOGIN: Asset = Asset { content_type: HTML, body: include_bytes!("../../console/login.html") };

/// The asset served at `/console/assets/<name>`, if any (they hold no data:
/// the login form uses them before a token is given).
pub fn asset(name: &str) -> Option<Asset> {
    let (content_type, body): (_, &'static [u8]) = match name {
        "app.js" => (JS, include_bytes!("../../console/app.js")),
        "app.css" => (CSS, include_bytes!("../../console/app.css")),
        "uPlot.iife.min.js" => (JS, include_bytes!("../../console/vendor/uPlot.iife.min.js")),
        "uPlot.min.css" => (CSS, include_bytes!("../../console/vendor/uPlot.min.css")),
        _ => return None,
    };
    Some(Asset { content_type, body })
}
