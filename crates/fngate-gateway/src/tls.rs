//! TLS for the API listener (rustls): the certificate and key from PEM files,
//! read again when either file changes, so a renewed certificate is served to
//! the next connection without a restart and without dropping any.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::crypto::{CryptoProvider, ring};
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::rustls::{ServerConfig, version};

/// The ALPN protocols offered, most preferred first.
const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// The PEM files of the listener's certificate chain and private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// A TLS acceptor for `files`, offering HTTP/2 and HTTP/1.1 by ALPN; an error
/// naming the file when the certificate or key cannot be used.
pub fn acceptor(files: &TlsFiles) -> Result<TlsAcceptor, String> {
    let provider = Arc::new(ring::default_provider());
    let resolver = Reloading::new(files.clone(), provider.clone())?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&version::TLS13, &version::TLS12])
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(resolver));
    config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// When the files were last changed, and their sizes: a change means "read again".
type Stamp = Option<[(SystemTime, u64); 2]>;

fn stamp(files: &TlsFiles) -> Stamp {
    let one = |p: &Path| std::fs::metadata(p).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
    Some([one(&files.cert)?, one(&files.key)?])
}

/// Serves the certificate last read, reading the files again on a handshake
/// after either changed (two `stat`s per handshake; a handshake costs far more).
#[derive(Debug)]
struct Reloading {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: Mutex<(Stamp, Arc<CertifiedKey>)>,
}

impl Reloading {
    fn new(files: TlsFiles, provider: Arc<CryptoProvider>) -> Result<Self, String> {
        let stamp = stamp(&files);
        let key = load(&files, &provider)?;
        Ok(Reloading { files, provider, current: Mutex::new((stamp, Arc::new(key))) })
    }
}

impl ResolvesServerCert for Reloading {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let now = stamp(&self.files);
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if now != current.0 {
            // A half-written pair fails to load; the next change is tried again.
            current.0 = now;
            match load(&self.files, &self.provider) {
                Ok(key) => {
                    current.1 = Arc::new(key);
                    tracing::info!("reloaded the TLS certificate {}", self.files.cert.display());
                }
                Err(e) => {
                    tracing::error!("cannot reload the TLS certificate: {e}; still serving the previous one")
                }
            }
        }
        Some(current.1.clone())
    }
}

/// Reads and checks the pair: the chain is not empty and the key matches its leaf.
fn load(files: &TlsFiles, provider: &CryptoProvider) -> Result<CertifiedKey, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect())
        .map_err(|e| format!("{}: cannot read a PEM certificate chain: {e}", files.cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{}: no certificate in the file", files.cert.display()));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| format!("{}: cannot read a PEM private key: {e}", files.key.display()))?;
    CertifiedKey::from_der(chain, key, provider)
        .map_err(|e| format!("{} and {}: {e}", files.cert.display(), files.key.display()))
}
