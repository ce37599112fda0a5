//! TLS for outbound connections: rustls with the system's roots and the
//! operator's `NODE_EXTRA_CA_CERTS`, and what a call adds (its own `ca`, the
//! function's extra CAs, `rejectUnauthorized: false`, ALPN).

use std::sync::{Arc, OnceLock};

use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::crypto::{CryptoProvider, ring, verify_tls12_signature, verify_tls13_signature};
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme,
};

/// What one connection asks of TLS.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct TlsSpec {
    /// The name to verify and send as SNI (default: the host).
    pub servername: Option<String>,
    /// PEM certificates that replace the default roots (Node's `ca`).
    pub ca: Vec<String>,
    /// PEM certificates added to the roots (the function's `NODE_EXTRA_CA_CERTS`).
    pub extra_ca: Vec<String>,
    /// `false` accepts any certificate (Node's `rejectUnauthorized: false`).
    pub reject_unauthorized: Option<bool>,
    /// ALPN protocols to offer.
    pub alpn: Vec<String>,
}

fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER.get_or_init(|| Arc::new(ring::default_provider())).clone()
}

/// The system's roots and the gateway's `NODE_EXTRA_CA_CERTS`, read once.
fn default_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!("reading the system's CA certificates: {e}");
        }
        roots.add_parsable_certificates(found.certs);
        if let Some(path) = std::env::var_os("NODE_EXTRA_CA_CERTS") {
            match std::fs::read(&path) {
                Ok(pem) => {
                    let (added, _) = roots.add_parsable_certificates(pem_certs(&pem));
                    tracing::info!(
                        "NODE_EXTRA_CA_CERTS: {added} certificates from {}",
                        path.to_string_lossy()
                    );
                }
                Err(e) => tracing::warn!("NODE_EXTRA_CA_CERTS {}: {e}", path.to_string_lossy()),
            }
        }
        roots
    })
}

fn pem_certs(pem: &[u8]) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(pem).filter_map(Result::ok).collect()
}

/// The client configuration for `spec`, and the server name to verify.
pub(crate) fn client(spec: &TlsSpec, host: &str) -> Result<(Arc<ClientConfig>, ServerName<'static>), String> {
    let name = spec.servername.as_deref().filter(|s| !s.is_empty()).unwrap_or(host);
    let name = ServerName::try_from(name.trim_start_matches('[').trim_end_matches(']').to_owned())
        .map_err(|e| format!("{name} is not a TLS server name: {e}"))?;
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let mut config = if spec.reject_unauthorized == Some(false) {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider())))
            .with_no_client_auth()
    } else {
        let mut roots = if spec.ca.is_empty() { default_roots().clone() } else { RootCertStore::empty() };
        for pem in spec.ca.iter().chain(&spec.extra_ca) {
            roots.add_parsable_certificates(pem_certs(pem.as_bytes()));
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    config.alpn_protocols = spec.alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
    Ok((Arc::new(config), name))
}

/// Node's code and message for a failed handshake.
pub(crate) fn node_error(e: &std::io::Error) -> (&'static str, String) {
    let tls = e.get_ref().and_then(|inner| inner.downcast_ref::<TlsError>());
    match tls {
        Some(TlsError::InvalidCertificate(cert)) => match cert {
            CertificateError::UnknownIssuer => {
                ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate".into())
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
                "ERR_TLS_CERT_ALTNAME_INVALID",
                format!("Hostname/IP does not match certificate's altnames: {cert}"),
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                ("CERT_HAS_EXPIRED", "certificate has expired".into())
            }
            other => ("ERR_TLS_CERT_INVALID", format!("invalid certificate: {other}")),
        },
        Some(other) => ("EPROTO", format!("TLS handshake failed: {other}")),
        None => (
            "ECONNRESET",
            format!("Client network socket disconnected before secure TLS connection was established ({e})"),
        ),
    }
}

/// Accepts any certificate, but still checks the handshake's signatures.
#[derive(Debug)]
struct AcceptAny(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
