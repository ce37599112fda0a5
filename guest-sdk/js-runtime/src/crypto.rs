//! The computation under `node:crypto`: digests and HMAC, AES block modes and
//! GCM, PBKDF2, scrypt and HKDF, key files (PEM and DER in PKCS#8, SPKI,
//! PKCS#1, SEC1, X.509, JWK), RSA, ECDSA and Ed25519 signatures, RSA
//! encryption and key generation, all RustCrypto. Each native takes and returns
//! plain values; `node/crypto.js` owns the Node-facing objects (`Hash`,
//! `Cipheriv`, `KeyObject`, `Sign`, `subtle`) and their errors.

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyInit, KeyIvInit, StreamCipher, StreamCipherSeek};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use pkcs8::der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rquickjs::function::Opt;
use rquickjs::{ArrayBuffer, Ctx, Exception, Function, Object, Result, Value};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Digest;
use spki::DecodePublicKey;

use crate::natives::bytes;

/// Runs `$body` with `$d` bound to the digest type Node names `$name`, or
/// gives `None` for a name fngate does not have.
macro_rules! with_digest {
    ($name:expr, $d:ident => $body:expr) => {
        match $name {
            "md5" => {
                type $d = md5::Md5;
                Some($body)
            }
            "sha1" => {
                type $d = sha1::Sha1;
                Some($body)
            }
            "sha224" => {
                type $d = sha2::Sha224;
                Some($body)
            }
            "sha256" => {
                type $d = sha2::Sha256;
                Some($body)
            }
            "sha384" => {
                type $d = sha2::Sha384;
                Some($body)
            }
            "sha512" => {
                type $d = sha2::Sha512;
                Some($body)
            }
            "sha512-224" => {
                type $d = sha2::Sha512_224;
                Some($body)
            }
            "sha512-256" => {
                type $d = sha2::Sha512_256;
                Some($body)
            }
            "sha3-224" => {
                type $d = sha3::Sha3_224;
                Some($body)
            }
            "sha3-256" => {
                type $d = sha3::Sha3_256;
                Some($body)
            }
            "sha3-384" => {
                type $d = sha3::Sha3_384;
                Some($body)
            }
            "sha3-512" => {
                type $d = sha3::Sha3_512;
                Some($body)
            }
            "ripemd160" => {
                type $d = ripemd::Ripemd160;
                Some($body)
            }
            "sm3" => {
                type $d = sm3::Sm3;
                Some($body)
            }
            _ => None,
        }
    };
}

/// Registers the crypto natives as globals.
pub fn register(ctx: &Ctx<'_>) -> Result<()> {
    let g = ctx.globals();
    g.set("__fngate_hash", Function::new(ctx.clone(), hash)?)?;
    g.set("__fngate_hmac", Function::new(ctx.clone(), hmac)?)?;
    g.set("__fngate_cipher", Function::new(ctx.clone(), cipher)?)?;
    g.set("__fngate_gcm", Function::new(ctx.clone(), gcm)?)?;
    g.set("__fngate_kdf", Function::new(ctx.clone(), kdf)?)?;
    g.set("__fngate_key", Function::new(ctx.clone(), key)?)?;
    g.set("__fngate_key_export", Function::new(ctx.clone(), key_export)?)?;
    g.set("__fngate_key_generate", Function::new(ctx.clone(), key_generate)?)?;
    g.set("__fngate_sign", Function::new(ctx.clone(), sign)?)?;
    g.set("__fngate_verify", Function::new(ctx.clone(), verify)?)?;
    g.set("__fngate_rsa_crypt", Function::new(ctx.clone(), rsa_crypt)?)?;
    g.set("__fngate_ecdh", Function::new(ctx.clone(), ecdh)?)?;
    g.set("__fngate_dh", Function::new(ctx.clone(), diffie_hellman)?)?;
    g.set("__fngate_modpow", Function::new(ctx.clone(), modpow)?)?;
    Ok(())
}

fn out(ctx: Ctx<'_>, data: Vec<u8>) -> Result<ArrayBuffer<'_>> {
    ArrayBuffer::new(ctx, data)
}

/// An `Error` with Node's `message` (the JavaScript side adds the code).
fn fail<T>(ctx: &Ctx<'_>, message: &str) -> Result<T> {
    Err(Exception::throw_message(ctx, message))
}

/// The digest of `data` with a Node algorithm name, or `None` for an unknown one.
pub fn digest(algorithm: &str, data: &[u8]) -> Option<Vec<u8>> {
    // BLAKE2 digests only (OpenSSL has no HMAC or KDF with them under these names either).
    match algorithm {
        "blake2b512" => Some(blake2::Blake2b512::digest(data).to_vec()),
        "blake2s256" => Some(blake2::Blake2s256::digest(data).to_vec()),
        _ => with_digest!(algorithm, D => D::digest(data).to_vec()),
    }
}

fn mac(algorithm: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    with_digest!(algorithm, D => {
        let mut m = <Hmac<D> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
        m.update(data);
        m.finalize().into_bytes().to_vec()
    })
}

/// `__fngate_hash(algorithm, bytes)`: the digest as an `ArrayBuffer`, or `null`
/// for an algorithm fngate does not have.
fn hash<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    data: Value<'js>,
    length: Opt<f64>,
) -> Result<Option<ArrayBuffer<'js>>> {
    use sha3::digest::{ExtendableOutput, Update};
    let data = bytes(data)?;
    let xof = |default: usize, mut reader: Box<dyn sha3::digest::XofReader>| {
        let mut output = vec![0u8; length.0.map_or(default, |n| n as usize)];
        reader.read(&mut output);
        output
    };
    match algorithm.as_str() {
        "shake128" => {
            out(ctx, xof(16, Box::new(sha3::Shake128::default().chain(&data).finalize_xof()))).map(Some)
        }
        "shake256" => {
            out(ctx, xof(32, Box::new(sha3::Shake256::default().chain(&data).finalize_xof()))).map(Some)
        }
        _ => digest(&algorithm, &data).map(|d| out(ctx, d)).transpose(),
    }
}

/// `__fngate_hmac(algorithm, key, bytes)`: the MAC as an `ArrayBuffer`, or `null`.
fn hmac<'js>(
    ctx: Ctx<'js>,
    algorithm: String,
    key: Value<'js>,
    data: Value<'js>,
) -> Result<Option<ArrayBuffer<'js>>> {
    let key = bytes(key)?;
    let data = bytes(data)?;
    mac(&algorithm, &key, &data).map(|d| out(ctx, d)).transpose()
}

/// `__fngate_cipher(mode, key, iv, data, decrypt, offset)`: AES in `cbc` or
/// `ecb` over whole blocks (padding and chaining across calls are the
/// caller's), or in `ctr` from byte `offset` of the key stream. The key's
/// length picks AES-128, -192 or -256.
fn cipher<'js>(
    ctx: Ctx<'js>,
    mode: String,
    key: Value<'js>,
    iv: Value<'js>,
    data: Value<'js>,
    decrypt: bool,
    offset: Opt<f64>,
) -> Result<ArrayBuffer<'js>> {
    let key = bytes(key)?;
    let iv = bytes(iv)?;
    let mut data = bytes(data)?;
    macro_rules! run {
        ($aes:ty) => {
            match mode.as_str() {
                "cbc" if decrypt => cbc::Decryptor::<$aes>::new_from_slices(&key, &iv)
                    .map(|mut c| data.chunks_exact_mut(16).for_each(|b| c.decrypt_block_mut(b.into())))
                    .is_ok(),
                "cbc" => cbc::Encryptor::<$aes>::new_from_slices(&key, &iv)
                    .map(|mut c| data.chunks_exact_mut(16).for_each(|b| c.encrypt_block_mut(b.into())))
                    .is_ok(),
                "ecb" if decrypt => ecb::Decryptor::<$aes>::new_from_slice(&key)
                    .map(|mut c| data.chunks_exact_mut(16).for_each(|b| c.decrypt_block_mut(b.into())))
                    .is_ok(),
                "ecb" => ecb::Encryptor::<$aes>::new_from_slice(&key)
                    .map(|mut c| data.chunks_exact_mut(16).for_each(|b| c.encrypt_block_mut(b.into())))
                    .is_ok(),
                "ctr" => ctr::Ctr128BE::<$aes>::new_from_slices(&key, &iv)
                    .map(|mut c| {
                        c.seek(offset.0.unwrap_or(0.0) as u64);
                        c.apply_keystream(&mut data);
                    })
                    .is_ok(),
                _ => false,
            }
        };
    }
    // The whole-message modes (the caller buffers until final).
    macro_rules! whole {
        ($aes:ty) => {
            match mode.as_str() {
                "cfb" if decrypt => cfb_mode::Decryptor::<$aes>::new_from_slices(&key, &iv)
                    .map(|c| aes::cipher::AsyncStreamCipher::decrypt(c, &mut data))
                    .is_ok(),
                "cfb" => cfb_mode::Encryptor::<$aes>::new_from_slices(&key, &iv)
                    .map(|c| aes::cipher::AsyncStreamCipher::encrypt(c, &mut data))
                    .is_ok(),
                "ofb" => ofb::Ofb::<$aes>::new_from_slices(&key, &iv)
                    .map(|mut c| c.apply_keystream(&mut data))
                    .is_ok(),
                _ => run!($aes),
            }
        };
    }
    let done = match (mode.as_str(), key.len()) {
        ("des-ede3-cbc", 24) if decrypt => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .map(|mut c| data.chunks_exact_mut(8).for_each(|b| c.decrypt_block_mut(b.into())))
            .is_ok(),
        ("des-ede3-cbc", 24) => cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .map(|mut c| data.chunks_exact_mut(8).for_each(|b| c.encrypt_block_mut(b.into())))
            .is_ok(),
        (_, 16) => whole!(aes::Aes128),
        (_, 24) => whole!(aes::Aes192),
        (_, 32) => whole!(aes::Aes256),
        _ => false,
    };
    if !done {
        return fail(&ctx, "Invalid key length");
    }
    out(ctx, data)
}

/// `__fngate_gcm(key, iv, data, decrypt, {aad, tag, tagLength})`: AES-GCM in one
/// pass, with a 12-, 16- or 8-byte nonce; encryption gives the ciphertext
/// followed by the first `tagLength` bytes of the tag, decryption the
/// plaintext, or `null` when the (16-byte) tag does not authenticate it.
fn gcm<'js>(
    ctx: Ctx<'js>,
    key: Value<'js>,
    iv: Value<'js>,
    data: Value<'js>,
    decrypt: bool,
    o: Object<'js>,
) -> Result<Option<ArrayBuffer<'js>>> {
    use aes_gcm::aead::AeadInPlace;
    use aes_gcm::aead::consts::{U8, U12, U16};
    let key = bytes(key)?;
    let iv = bytes(iv)?;
    let aad = bytes(o.get("aad")?)?;
    let mut data = bytes(data)?;
    let tag = if decrypt { bytes(o.get("tag")?)? } else { Vec::new() };
    let tag_length = o.get::<_, Option<f64>>("tagLength")?.unwrap_or(16.0);
    macro_rules! run {
        ($aes:ty, $n:ty) => {
            (|| {
                let c = aes_gcm::AesGcm::<$aes, $n, U16>::new_from_slice(&key)
                    .map_err(|_| "Invalid key length")?;
                let nonce = aes_gcm::Nonce::<$n>::from_slice(&iv);
                if decrypt {
                    let ok = tag.len() == 16
                        && c.decrypt_in_place_detached(
                            nonce,
                            &aad,
                            &mut data,
                            aes_gcm::Tag::<U16>::from_slice(&tag),
                        )
                        .is_ok();
                    Ok::<_, &str>(ok.then_some(data))
                } else {
                    let t = c
                        .encrypt_in_place_detached(nonce, &aad, &mut data)
                        .map_err(|_| "Invalid key length")?;
                    data.extend_from_slice(&t[..(tag_length as usize).min(16)]);
                    Ok(Some(data))
                }
            })()
        };
    }
    macro_rules! nonce {
        ($aes:ty) => {
            match iv.len() {
                12 => run!($aes, U12),
                16 => run!($aes, U16),
                8 => run!($aes, U8),
                _ => Err("Invalid initialization vector"),
            }
        };
    }
    let chacha = o.get::<_, Option<String>>("alg")?.is_some_and(|a| a == "chacha20-poly1305");
    let result = match key.len() {
        32 if chacha => (|| {
            let c =
                chacha20poly1305::ChaCha20Poly1305::new_from_slice(&key).map_err(|_| "Invalid key length")?;
            if iv.len() != 12 {
                return Err("Invalid initialization vector");
            }
            let nonce = chacha20poly1305::Nonce::from_slice(&iv);
            if decrypt {
                let ok = tag.len() == 16
                    && c.decrypt_in_place_detached(
                        nonce,
                        &aad,
                        &mut data,
                        chacha20poly1305::Tag::from_slice(&tag),
                    )
                    .is_ok();
                Ok(ok.then_some(data))
            } else {
                let t =
                    c.encrypt_in_place_detached(nonce, &aad, &mut data).map_err(|_| "Invalid key length")?;
                data.extend_from_slice(&t[..(tag_length as usize).min(16)]);
                Ok(Some(data))
            }
        })(),
        16 => nonce!(aes::Aes128),
        24 => nonce!(aes::Aes192),
        32 => nonce!(aes::Aes256),
        _ => Err("Invalid key length"),
    };
    match result {
        Ok(Some(d)) => Ok(Some(out(ctx, d)?)),
        Ok(None) => Ok(None),
        Err(e) => fail(&ctx, e),
    }
}

/// `__fngate_kdf(kind, params)`: `pbkdf2` {password, salt, iterations,
/// keylen, digest}, `scrypt` {password, salt, N, r, p, keylen} or `hkdf`
/// {digest, key, salt, info, keylen}; the derived bytes.
fn kdf<'js>(ctx: Ctx<'js>, kind: String, p: Object<'js>) -> Result<ArrayBuffer<'js>> {
    let len = p.get::<_, f64>("keylen")? as usize;
    let mut okm = vec![0u8; len];
    match kind.as_str() {
        "pbkdf2" => {
            let password = bytes(p.get("password")?)?;
            let salt = bytes(p.get("salt")?)?;
            let rounds = p.get::<_, f64>("iterations")? as u32;
            let digest: String = p.get("digest")?;
            if with_digest!(digest.as_str(), D => pbkdf2::pbkdf2_hmac::<D>(&password, &salt, rounds, &mut okm))
                .is_none()
            {
                return fail(&ctx, &format!("Invalid digest: {digest}"));
            }
        }
        "scrypt" => {
            let password = bytes(p.get("password")?)?;
            let salt = bytes(p.get("salt")?)?;
            let n = p.get::<_, f64>("N")? as u64;
            let (r, par) = (p.get::<_, f64>("r")? as u32, p.get::<_, f64>("p")? as u32);
            if n < 2 || !n.is_power_of_two() {
                return fail(&ctx, "Invalid scrypt params: N must be a power of two greater than 1");
            }
            let params = scrypt::Params::new(n.trailing_zeros() as u8, r, par, len.max(10))
                .map_err(|e| Exception::throw_message(&ctx, &format!("Invalid scrypt params: {e}")))?;
            scrypt::scrypt(&password, &salt, &params, &mut okm)
                .map_err(|e| Exception::throw_message(&ctx, &format!("Invalid scrypt params: {e}")))?;
        }
        "hkdf" => {
            let key = bytes(p.get("key")?)?;
            let salt = bytes(p.get("salt")?)?;
            let info = bytes(p.get("info")?)?;
            let digest: String = p.get("digest")?;
            let r = with_digest!(digest.as_str(), D => {
                hkdf::SimpleHkdf::<D>::new(Some(&salt), &key).expand(&info, &mut okm).is_ok()
            });
            match r {
                None => return fail(&ctx, &format!("Invalid digest: {digest}")),
                Some(false) => return fail(&ctx, "Invalid key length"),
                Some(true) => {}
            }
        }
        _ => return fail(&ctx, &format!("unknown key derivation {kind}")),
    }
    out(ctx, okm)
}

/// A parsed asymmetric key, kept as its standard DER: PKCS#8 when private,
/// SPKI when public.
enum Parsed {
    Rsa(Option<RsaPrivateKey>, RsaPublicKey),
    P256(Option<p256::SecretKey>, p256::PublicKey),
    P384(Option<p384::SecretKey>, p384::PublicKey),
    Ed25519(Option<ed25519_dalek::SigningKey>, ed25519_dalek::VerifyingKey),
    X25519(Option<x25519_dalek::StaticSecret>, x25519_dalek::PublicKey),
}

const OID_X25519: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.3.101.110");
/// DER before the 32 key bytes of an X25519 PKCS#8 private key, and of its SPKI.
const X25519_PKCS8: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20];
const X25519_SPKI: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00];

const OID_P256: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.3.132.0.34");

impl Parsed {
    fn from_pkcs8(der: &[u8]) -> Option<Parsed> {
        if let Ok(k) = RsaPrivateKey::from_pkcs8_der(der) {
            let public = k.to_public_key();
            return Some(Parsed::Rsa(Some(k), public));
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
            let public = k.public_key();
            return Some(Parsed::P256(Some(k), public));
        }
        if let Ok(k) = p384::SecretKey::from_pkcs8_der(der) {
            let public = k.public_key();
            return Some(Parsed::P384(Some(k), public));
        }
        if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
            let public = k.verifying_key();
            return Some(Parsed::Ed25519(Some(k), public));
        }
        let info = pkcs8::PrivateKeyInfo::try_from(der).ok()?;
        if info.algorithm.oid == OID_X25519 {
            let key: [u8; 32] = info.private_key.get(2..34)?.try_into().ok()?;
            let secret = x25519_dalek::StaticSecret::from(key);
            let public = x25519_dalek::PublicKey::from(&secret);
            return Some(Parsed::X25519(Some(secret), public));
        }
        None
    }

    fn from_spki(der: &[u8]) -> Option<Parsed> {
        if let Ok(k) = RsaPublicKey::from_public_key_der(der) {
            return Some(Parsed::Rsa(None, k));
        }
        if let Ok(k) = p256::PublicKey::from_public_key_der(der) {
            return Some(Parsed::P256(None, k));
        }
        if let Ok(k) = p384::PublicKey::from_public_key_der(der) {
            return Some(Parsed::P384(None, k));
        }
        if let Ok(k) = ed25519_dalek::VerifyingKey::from_public_key_der(der) {
            return Some(Parsed::Ed25519(None, k));
        }
        let info = spki::SubjectPublicKeyInfoRef::try_from(der).ok()?;
        if info.algorithm.oid == OID_X25519 {
            let key: [u8; 32] = info.subject_public_key.raw_bytes().try_into().ok()?;
            return Some(Parsed::X25519(None, x25519_dalek::PublicKey::from(key)));
        }
        None
    }

    /// A key from a labelled DER blob (a PEM's label, or the `type` given with DER).
    fn from_der(label: &str, der: &[u8], passphrase: Option<&[u8]>) -> std::result::Result<Parsed, String> {
        let unsupported = || "error:1E08010C:DECODER routines::unsupported".to_owned();
        match label {
            "PRIVATE KEY" | "pkcs8" => Parsed::from_pkcs8(der).ok_or_else(unsupported),
            "ENCRYPTED PRIVATE KEY" => {
                let Some(pass) = passphrase else {
                    return Err(
                        "error:07880109:common libcrypto routines::interrupted or cancelled".to_owned()
                    );
                };
                let info = pkcs8::EncryptedPrivateKeyInfo::from_der(der).map_err(|_| unsupported())?;
                let plain = info
                    .decrypt(pass)
                    .map_err(|_| "error:1C800064:Provider routines::bad decrypt".to_owned())?;
                Parsed::from_pkcs8(plain.as_bytes()).ok_or_else(unsupported)
            }
            "RSA PRIVATE KEY" | "pkcs1" => {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                let k = RsaPrivateKey::from_pkcs1_der(der).map_err(|_| unsupported())?;
                let public = k.to_public_key();
                Ok(Parsed::Rsa(Some(k), public))
            }
            "RSA PUBLIC KEY" | "pkcs1-public" => {
                use rsa::pkcs1::DecodeRsaPublicKey;
                Ok(Parsed::Rsa(None, RsaPublicKey::from_pkcs1_der(der).map_err(|_| unsupported())?))
            }
            "EC PRIVATE KEY" | "sec1" => {
                let info = sec1::EcPrivateKey::from_der(der).map_err(|_| unsupported())?;
                match info.parameters.and_then(|p| p.named_curve()) {
                    Some(OID_P256) => {
                        let k = p256::SecretKey::from_sec1_der(der).map_err(|_| unsupported())?;
                        let public = k.public_key();
                        Ok(Parsed::P256(Some(k), public))
                    }
                    Some(OID_P384) => {
                        let k = p384::SecretKey::from_sec1_der(der).map_err(|_| unsupported())?;
                        let public = k.public_key();
                        Ok(Parsed::P384(Some(k), public))
                    }
                    _ => Err(unsupported()),
                }
            }
            "PUBLIC KEY" | "spki" => Parsed::from_spki(der).ok_or_else(unsupported),
            "CERTIFICATE" => {
                let cert = x509_cert::Certificate::from_der(der).map_err(|_| unsupported())?;
                let spki =
                    cert.tbs_certificate.subject_public_key_info.to_der().map_err(|_| unsupported())?;
                Parsed::from_spki(&spki).ok_or_else(unsupported)
            }
            _ => Err(unsupported()),
        }
    }

    fn is_private(&self) -> bool {
        matches!(
            self,
            Parsed::Rsa(Some(_), _)
                | Parsed::P256(Some(_), _)
                | Parsed::P384(Some(_), _)
                | Parsed::Ed25519(Some(_), _)
                | Parsed::X25519(Some(_), _)
        )
    }

    fn pkcs8(&self) -> Option<Vec<u8>> {
        let der = match self {
            Parsed::Rsa(Some(k), _) => k.to_pkcs8_der().ok()?,
            Parsed::P256(Some(k), _) => k.to_pkcs8_der().ok()?,
            Parsed::P384(Some(k), _) => k.to_pkcs8_der().ok()?,
            Parsed::Ed25519(Some(k), _) => k.to_pkcs8_der().ok()?,
            Parsed::X25519(Some(k), _) => return Some([&X25519_PKCS8[..], &k.to_bytes()].concat()),
            _ => return None,
        };
        Some(der.as_bytes().to_vec())
    }

    fn spki(&self) -> Option<Vec<u8>> {
        let der = match self {
            Parsed::Rsa(_, k) => k.to_public_key_der().ok()?,
            Parsed::P256(_, k) => k.to_public_key_der().ok()?,
            Parsed::P384(_, k) => k.to_public_key_der().ok()?,
            Parsed::Ed25519(_, k) => k.to_public_key_der().ok()?,
            Parsed::X25519(_, k) => return Some([&X25519_SPKI[..], k.as_bytes()].concat()),
        };
        Some(der.into_vec())
    }

    /// What `KeyObject` reports: `asymmetricKeyType` and `asymmetricKeyDetails`.
    fn describe<'js>(&self, ctx: &Ctx<'js>, private: bool) -> Result<Object<'js>> {
        let o = Object::new(ctx.clone())?;
        let details = Object::new(ctx.clone())?;
        let (kind, der) = match self {
            Parsed::Rsa(_, k) => {
                details.set("modulusLength", k.n().bits() as f64)?;
                let e = k.e().to_bytes_be().iter().fold(0f64, |acc, &b| acc * 256.0 + b as f64);
                details.set("publicExponent", e)?;
                ("rsa", if private { self.pkcs8() } else { self.spki() })
            }
            Parsed::P256(..) => {
                details.set("namedCurve", "prime256v1")?;
                ("ec", if private { self.pkcs8() } else { self.spki() })
            }
            Parsed::P384(..) => {
                details.set("namedCurve", "secp384r1")?;
                ("ec", if private { self.pkcs8() } else { self.spki() })
            }
            Parsed::Ed25519(..) => ("ed25519", if private { self.pkcs8() } else { self.spki() }),
            Parsed::X25519(..) => ("x25519", if private { self.pkcs8() } else { self.spki() }),
        };
        o.set("type", if private { "private" } else { "public" })?;
        o.set("asymmetricKeyType", kind)?;
        o.set("asymmetricKeyDetails", details)?;
        o.set("der", out(ctx.clone(), der.unwrap_or_default())?)?;
        Ok(o)
    }

    fn jwk<'js>(&self, ctx: &Ctx<'js>, private: bool) -> Result<Object<'js>> {
        let b64 = |b: &[u8]| URL_SAFE_NO_PAD.encode(b);
        let o = Object::new(ctx.clone())?;
        match self {
            Parsed::Rsa(k, public) => {
                o.set("kty", "RSA")?;
                o.set("n", b64(&public.n().to_bytes_be()))?;
                o.set("e", b64(&public.e().to_bytes_be()))?;
                if let (true, Some(k)) = (private, k) {
                    o.set("d", b64(&k.d().to_bytes_be()))?;
                    let primes = k.primes();
                    o.set("p", b64(&primes[0].to_bytes_be()))?;
                    o.set("q", b64(&primes[1].to_bytes_be()))?;
                    if let (Some(dp), Some(dq)) = (k.dp(), k.dq()) {
                        o.set("dp", b64(&dp.to_bytes_be()))?;
                        o.set("dq", b64(&dq.to_bytes_be()))?;
                    }
                    if let Some(qi) = k.crt_coefficient() {
                        o.set("qi", b64(&qi.to_bytes_be()))?;
                    }
                }
            }
            Parsed::P256(k, public) => {
                use p256::elliptic_curve::sec1::ToEncodedPoint;
                let point = public.to_encoded_point(false);
                ec_jwk(&o, "P-256", point.x().map(|x| x.as_slice()), point.y().map(|y| y.as_slice()))?;
                if let (true, Some(k)) = (private, k) {
                    o.set("d", b64(&k.to_bytes()))?;
                }
            }
            Parsed::P384(k, public) => {
                use p384::elliptic_curve::sec1::ToEncodedPoint;
                let point = public.to_encoded_point(false);
                ec_jwk(&o, "P-384", point.x().map(|x| x.as_slice()), point.y().map(|y| y.as_slice()))?;
                if let (true, Some(k)) = (private, k) {
                    o.set("d", b64(&k.to_bytes()))?;
                }
            }
            Parsed::X25519(k, public) => {
                o.set("crv", "X25519")?;
                if let (true, Some(k)) = (private, k) {
                    o.set("d", b64(&k.to_bytes()))?;
                }
                o.set("x", b64(public.as_bytes()))?;
                o.set("kty", "OKP")?;
            }
            Parsed::Ed25519(k, public) => {
                o.set("crv", "Ed25519")?;
                if let (true, Some(k)) = (private, k) {
                    o.set("d", b64(k.as_bytes()))?;
                }
                o.set("x", b64(public.as_bytes()))?;
                o.set("kty", "OKP")?;
            }
        }
        Ok(o)
    }
}

/// An EC public key's JWK fields.
fn ec_jwk(o: &Object<'_>, curve: &str, x: Option<&[u8]>, y: Option<&[u8]>) -> Result<()> {
    o.set("kty", "EC")?;
    o.set("x", URL_SAFE_NO_PAD.encode(x.unwrap_or_default()))?;
    o.set("y", URL_SAFE_NO_PAD.encode(y.unwrap_or_default()))?;
    o.set("crv", curve)
}

/// A key from what `createPrivateKey`/`createPublicKey` were given: PEM text,
/// or DER with its `type` (`pkcs8`, `pkcs1`, `sec1`, `spki`).
fn parse(
    data: &[u8],
    format: &str,
    der_type: &str,
    passphrase: Option<&[u8]>,
) -> std::result::Result<Parsed, String> {
    if format == "der" {
        let label = if der_type == "pkcs1" && data.len() < 600 { "pkcs1-public" } else { der_type };
        return Parsed::from_der(label, data, passphrase).or_else(|e| {
            if der_type == "pkcs1" { Parsed::from_der("pkcs1", data, passphrase) } else { Err(e) }
        });
    }
    // The first PEM block in the text, whatever surrounds it.
    let text = String::from_utf8_lossy(data);
    let start = text.find("-----BEGIN ").ok_or("error:1E08010C:DECODER routines::unsupported")?;
    let pem = &text[start..];
    let end_label = pem.find("-----END ").and_then(|i| {
        pem[i..].find("-----\n").or(pem[i + 9..].find("-----").map(|j| j + 9)).map(|j| i + j + 5)
    });
    let pem = end_label.map(|e| &pem[..e.min(pem.len())]).unwrap_or(pem);
    let normalized = pem.replace("\r\n", "\n");
    let (label, der) = pem_rfc7468::decode_vec(normalized.trim().as_bytes())
        .map_err(|_| "error:1E08010C:DECODER routines::unsupported".to_owned())?;
    Parsed::from_der(label, &der, passphrase)
}

/// `__fngate_key(data, {format, type, passphrase, private})`: the key's
/// description `{type, asymmetricKeyType, asymmetricKeyDetails, der}` (`der`
/// is PKCS#8 for a private key, SPKI for a public one; asked for a public key,
/// a private key's public half).
fn key<'js>(ctx: Ctx<'js>, data: Value<'js>, options: Object<'js>) -> Result<Object<'js>> {
    let data = bytes(data)?;
    let format: Option<String> = options.get("format")?;
    let der_type: Option<String> = options.get("type")?;
    let passphrase: Option<Value> = options.get("passphrase")?;
    let passphrase = match passphrase {
        Some(p) if !p.is_undefined() && !p.is_null() => Some(bytes(p)?),
        _ => None,
    };
    let private: bool = options.get::<_, Option<bool>>("private")?.unwrap_or(false);
    let parsed = parse(
        &data,
        format.as_deref().unwrap_or("pem"),
        der_type.as_deref().unwrap_or(""),
        passphrase.as_deref(),
    )
    .map_err(|e| Exception::throw_message(&ctx, &e))?;
    if private && !parsed.is_private() {
        return fail(&ctx, "error:1E08010C:DECODER routines::unsupported");
    }
    parsed.describe(&ctx, private)
}

fn from_key_der(der: &[u8], private: bool) -> Option<Parsed> {
    if private { Parsed::from_pkcs8(der) } else { Parsed::from_spki(der) }
}

/// `__fngate_key_export(der, private, format, type)`: the key as `pem` text,
/// `der` bytes or a `jwk` object, in `pkcs8`, `pkcs1`, `sec1` or `spki`.
fn key_export<'js>(
    ctx: Ctx<'js>,
    der: Value<'js>,
    private: bool,
    format: String,
    kind: String,
    passphrase: Opt<Value<'js>>,
) -> Result<Value<'js>> {
    use rquickjs::IntoJs;
    let der = bytes(der)?;
    let Some(parsed) = from_key_der(&der, private) else {
        return fail(&ctx, "error:1E08010C:DECODER routines::unsupported");
    };
    if format == "jwk" {
        return Ok(parsed.jwk(&ctx, private)?.into_value());
    }
    let (label, data): (&str, Vec<u8>) = match (private, kind.as_str(), &parsed) {
        (true, "pkcs1", Parsed::Rsa(Some(k), _)) => {
            use rsa::pkcs1::EncodeRsaPrivateKey;
            ("RSA PRIVATE KEY", k.to_pkcs1_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default())
        }
        (true, "sec1", Parsed::P256(Some(k), _)) => {
            ("EC PRIVATE KEY", k.to_sec1_der().map(|d| d.to_vec()).unwrap_or_default())
        }
        (true, "sec1", Parsed::P384(Some(k), _)) => {
            ("EC PRIVATE KEY", k.to_sec1_der().map(|d| d.to_vec()).unwrap_or_default())
        }
        (true, "pkcs8", _) => ("PRIVATE KEY", der.clone()),
        (false, "pkcs1", Parsed::Rsa(_, k)) => {
            use rsa::pkcs1::EncodeRsaPublicKey;
            ("RSA PUBLIC KEY", k.to_pkcs1_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default())
        }
        (false, "spki", _) => ("PUBLIC KEY", der.clone()),
        _ => {
            return Err(Exception::throw_type(
                &ctx,
                &format!("The property 'options.type' is invalid. Received '{kind}'"),
            ));
        }
    };
    // PKCS#8 under a passphrase: PBES2 (PBKDF2-SHA256, AES-256-CBC), as OpenSSL writes it.
    let (label, data) = match passphrase.0.filter(|p| !p.is_undefined() && !p.is_null()) {
        Some(pass) if label == "PRIVATE KEY" => {
            let pass = bytes(pass)?;
            let mut salt = [0u8; 16];
            let mut iv = [0u8; 16];
            getrandom::fill(&mut salt)
                .and_then(|()| getrandom::fill(&mut iv))
                .map_err(|e| Exception::throw_message(&ctx, &e.to_string()))?;
            let encrypted = pkcs8::PrivateKeyInfo::try_from(data.as_slice())
                .map_err(|e| e.to_string())
                .and_then(|info| {
                    let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &salt, &iv)
                        .map_err(|e| e.to_string())?;
                    info.encrypt_with_params(params, pass).map_err(|e| e.to_string())
                })
                .map_err(|e| Exception::throw_message(&ctx, &e))?;
            ("ENCRYPTED PRIVATE KEY", encrypted.as_bytes().to_vec())
        }
        _ => (label, data),
    };
    if format == "der" {
        return Ok(out(ctx, data)?.into_value());
    }
    let pem = pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, &data)
        .map_err(|e| Exception::throw_message(&ctx, &e.to_string()))?;
    pem.into_js(&ctx)
}

/// `__fngate_key_generate(type, {modulusLength, publicExponent, namedCurve})`:
/// a new key pair as `[privateDescription, publicDescription]`.
fn key_generate<'js>(ctx: Ctx<'js>, kind: String, options: Object<'js>) -> Result<Vec<Object<'js>>> {
    let mut rng = rand_core::OsRng;
    let parsed = match kind.as_str() {
        "rsa" => {
            let bits = options.get::<_, Option<f64>>("modulusLength")?.unwrap_or(2048.0) as usize;
            let e = options.get::<_, Option<f64>>("publicExponent")?.unwrap_or(65537.0) as u64;
            let k = RsaPrivateKey::new_with_exp(&mut rng, bits, &rsa::BigUint::from(e))
                .map_err(|e| Exception::throw_message(&ctx, &e.to_string()))?;
            let public = k.to_public_key();
            Parsed::Rsa(Some(k), public)
        }
        "ec" => {
            let curve: String = options.get::<_, Option<String>>("namedCurve")?.unwrap_or_default();
            match curve.as_str() {
                "prime256v1" | "P-256" | "secp256r1" => {
                    let k = p256::SecretKey::random(&mut rng);
                    let public = k.public_key();
                    Parsed::P256(Some(k), public)
                }
                "secp384r1" | "P-384" => {
                    let k = p384::SecretKey::random(&mut rng);
                    let public = k.public_key();
                    Parsed::P384(Some(k), public)
                }
                _ => return Err(Exception::throw_type(&ctx, "Invalid EC curve name")),
            }
        }
        "ed25519" => {
            let k = ed25519_dalek::SigningKey::generate(&mut rng);
            let public = k.verifying_key();
            Parsed::Ed25519(Some(k), public)
        }
        _ => {
            return Err(Exception::throw_type(
                &ctx,
                &format!("The argument 'type' must be a supported key type. Received '{kind}'"),
            ));
        }
    };
    Ok(vec![parsed.describe(&ctx, true)?, parsed.describe(&ctx, false)?])
}

/// Signature options: RSA padding (1 PKCS#1 v1.5, 6 PSS), PSS salt length
/// (-1 digest length, -2 maximum or auto), ECDSA encoding (`der` or `ieee-p1363`).
struct SigOptions {
    padding: i32,
    salt: i32,
    p1363: bool,
}

impl SigOptions {
    fn from(o: &Object<'_>) -> Result<SigOptions> {
        Ok(SigOptions {
            padding: o.get::<_, Option<f64>>("padding")?.unwrap_or(1.0) as i32,
            salt: o.get::<_, Option<f64>>("saltLength")?.unwrap_or(-2.0) as i32,
            p1363: o.get::<_, Option<String>>("dsaEncoding")?.is_some_and(|e| e == "ieee-p1363"),
        })
    }
}

fn rsa_pss_salt(key_bits: usize, hash_len: usize, salt: i32) -> usize {
    match salt {
        -1 => hash_len,
        s if s < 0 => (key_bits.div_ceil(8)).saturating_sub(hash_len + 2),
        s => s as usize,
    }
}

/// `__fngate_sign(digest, pkcs8, data, options)`: the signature of `data`
/// (RSA PKCS#1 v1.5 or PSS, ECDSA in DER or IEEE P1363, or Ed25519 when
/// `digest` is null).
fn sign<'js>(
    ctx: Ctx<'js>,
    algorithm: Option<String>,
    der: Value<'js>,
    data: Value<'js>,
    options: Object<'js>,
) -> Result<ArrayBuffer<'js>> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let der = bytes(der)?;
    let data = bytes(data)?;
    let o = SigOptions::from(&options)?;
    let Some(parsed) = from_key_der(&der, true) else {
        return fail(&ctx, "error:1E08010C:DECODER routines::unsupported");
    };
    let algorithm = algorithm.map(|a| a.to_ascii_lowercase());
    let invalid = || Exception::throw_message(&ctx, "Invalid digest");
    let signature: std::result::Result<Vec<u8>, String> = match &parsed {
        Parsed::Ed25519(Some(k), _) => {
            use ed25519_dalek::Signer;
            Ok(k.sign(&data).to_bytes().to_vec())
        }
        Parsed::Rsa(Some(k), _) => {
            let alg = algorithm.as_deref().unwrap_or("sha256");
            let hashed = digest(alg, &data).ok_or_else(invalid)?;
            let r = if o.padding == 6 {
                let bits = k.n().bits();
                with_digest!(alg, D => {
                    let salt = rsa_pss_salt(bits, <D as Digest>::output_size(), o.salt);
                    k.sign_with_rng(&mut rand_core::OsRng, rsa::Pss::new_with_salt::<D>(salt), &hashed)
                })
            } else {
                rsa_pkcs1(alg).map(|scheme| k.sign(scheme, &hashed))
            };
            r.ok_or_else(invalid)?.map_err(|e| e.to_string())
        }
        Parsed::P256(Some(k), _) => {
            let hashed = digest(algorithm.as_deref().unwrap_or("sha256"), &data).ok_or_else(invalid)?;
            let s: std::result::Result<p256::ecdsa::Signature, _> =
                p256::ecdsa::SigningKey::from(k).sign_prehash(&hashed);
            s.map(|s| if o.p1363 { s.to_bytes().to_vec() } else { s.to_der().as_bytes().to_vec() })
                .map_err(|e| e.to_string())
        }
        Parsed::P384(Some(k), _) => {
            let hashed = digest(algorithm.as_deref().unwrap_or("sha384"), &data).ok_or_else(invalid)?;
            let s: std::result::Result<p384::ecdsa::Signature, _> =
                p384::ecdsa::SigningKey::from(k).sign_prehash(&hashed);
            s.map(|s| if o.p1363 { s.to_bytes().to_vec() } else { s.to_der().as_bytes().to_vec() })
                .map_err(|e| e.to_string())
        }
        _ => Err("error:1E08010C:DECODER routines::unsupported".to_owned()),
    };
    match signature {
        Ok(s) => out(ctx, s),
        Err(e) => fail(&ctx, &e),
    }
}

fn rsa_pkcs1(alg: &str) -> Option<rsa::Pkcs1v15Sign> {
    Some(match alg {
        "sha1" => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        "sha224" => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
        "sha256" => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        "sha384" => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        "sha512" => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        _ => return None,
    })
}

/// `__fngate_verify(digest, der, private, data, signature, options)`: whether
/// `signature` is the key's over `data`.
#[allow(clippy::too_many_arguments)]
fn verify<'js>(
    ctx: Ctx<'js>,
    algorithm: Option<String>,
    der: Value<'js>,
    private: bool,
    data: Value<'js>,
    signature: Value<'js>,
    options: Object<'js>,
) -> Result<bool> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let der = bytes(der)?;
    let data = bytes(data)?;
    let sig = bytes(signature)?;
    let o = SigOptions::from(&options)?;
    let Some(parsed) = from_key_der(&der, private) else {
        return fail(&ctx, "error:1E08010C:DECODER routines::unsupported");
    };
    let algorithm = algorithm.map(|a| a.to_ascii_lowercase());
    let invalid = || Exception::throw_message(&ctx, "Invalid digest");
    Ok(match &parsed {
        Parsed::Ed25519(_, k) => {
            ed25519_dalek::Signature::from_slice(&sig).is_ok_and(|s| k.verify_strict(&data, &s).is_ok())
        }
        Parsed::X25519(..) => {
            return fail(&ctx, "error:1C8000A5:Provider routines::operation not supported for this keytype");
        }
        Parsed::Rsa(_, k) => {
            let alg = algorithm.as_deref().unwrap_or("sha256");
            let hashed = digest(alg, &data).ok_or_else(invalid)?;
            if o.padding == 6 {
                let bits = k.n().bits();
                with_digest!(alg, D => {
                    let salt = rsa_pss_salt(bits, <D as Digest>::output_size(), o.salt);
                    k.verify(rsa::Pss::new_with_salt::<D>(salt), &hashed, &sig).is_ok()
                        || (o.salt == -2 && k.verify(rsa::Pss::new::<D>(), &hashed, &sig).is_ok())
                })
                .ok_or_else(invalid)?
            } else {
                rsa_pkcs1(alg).ok_or_else(invalid)?;
                rsa_pkcs1(alg).is_some_and(|scheme| k.verify(scheme, &hashed, &sig).is_ok())
            }
        }
        Parsed::P256(_, k) => {
            let hashed = digest(algorithm.as_deref().unwrap_or("sha256"), &data).ok_or_else(invalid)?;
            let s = if o.p1363 {
                p256::ecdsa::Signature::from_slice(&sig).ok()
            } else {
                p256::ecdsa::Signature::from_der(&sig).ok()
            };
            s.is_some_and(|s| p256::ecdsa::VerifyingKey::from(k).verify_prehash(&hashed, &s).is_ok())
        }
        Parsed::P384(_, k) => {
            let hashed = digest(algorithm.as_deref().unwrap_or("sha384"), &data).ok_or_else(invalid)?;
            let s = if o.p1363 {
                p384::ecdsa::Signature::from_slice(&sig).ok()
            } else {
                p384::ecdsa::Signature::from_der(&sig).ok()
            };
            s.is_some_and(|s| p384::ecdsa::VerifyingKey::from(k).verify_prehash(&hashed, &s).is_ok())
        }
    })
}

/// `__fngate_rsa_crypt(op, der, private, data, padding, oaepHash)`:
/// `publicEncrypt` (with either half) or `privateDecrypt` in OAEP (padding 4),
/// PKCS#1 v1.5 (1) or none (3), and `privateEncrypt`/`publicDecrypt` (PKCS#1
/// type 1 padding).
fn rsa_crypt<'js>(
    ctx: Ctx<'js>,
    op: String,
    der: Value<'js>,
    private: bool,
    data: Value<'js>,
    padding: f64,
    oaep_hash: String,
) -> Result<ArrayBuffer<'js>> {
    let der = bytes(der)?;
    let data = bytes(data)?;
    let Some(Parsed::Rsa(k, public)) = from_key_der(&der, private) else {
        return fail(&ctx, "error:1E08010C:DECODER routines::unsupported");
    };
    let hash = oaep_hash.to_ascii_lowercase();
    let oaep = || -> Option<rsa::Oaep> {
        Some(match hash.as_str() {
            "sha1" => rsa::Oaep::new::<sha1::Sha1>(),
            "sha224" => rsa::Oaep::new::<sha2::Sha224>(),
            "sha256" => rsa::Oaep::new::<sha2::Sha256>(),
            "sha384" => rsa::Oaep::new::<sha2::Sha384>(),
            "sha512" => rsa::Oaep::new::<sha2::Sha512>(),
            _ => return None,
        })
    };
    let pkcs1 = padding as i32 == 1;
    let raw = padding as i32 == 3;
    let size = public.size();
    // The RSA operation itself, for no padding and for PKCS#1 type 1 (privateEncrypt/publicDecrypt).
    let public_op = |m: &[u8]| -> std::result::Result<Vec<u8>, rsa::Error> {
        let c = rsa::hazmat::rsa_encrypt(&public, &rsa::BigUint::from_bytes_be(m))?;
        let bytes = c.to_bytes_be();
        let mut full = vec![0u8; size.saturating_sub(bytes.len())];
        full.extend_from_slice(&bytes);
        Ok(full)
    };
    let r = match (op.as_str(), k) {
        ("publicEncrypt", _) if raw => {
            if data.len() != size {
                return fail(&ctx, "error:0200006E:rsa routines::data too large for key size");
            }
            public_op(&data)
        }
        ("privateDecrypt", Some(k)) if raw => rsa::hazmat::rsa_decrypt_and_check(
            &k,
            Some(&mut rand_core::OsRng),
            &rsa::BigUint::from_bytes_be(&data),
        )
        .map(|m| {
            let bytes = m.to_bytes_be();
            let mut full = vec![0u8; size.saturating_sub(bytes.len())];
            full.extend_from_slice(&bytes);
            full
        }),
        ("privateEncrypt", Some(k)) => k.sign(rsa::Pkcs1v15Sign::new_unprefixed(), &data),
        ("publicDecrypt", _) => match public_op(&data) {
            // 00 01 FF..FF 00 message
            Ok(em) if em.len() > 11 && em[0] == 0 && em[1] == 1 => {
                match em[2..].iter().position(|&b| b != 0xff) {
                    Some(i) if em[2 + i] == 0 && i >= 8 => Ok(em[3 + i..].to_vec()),
                    _ => return fail(&ctx, "error:0200008A:rsa routines::invalid padding"),
                }
            }
            Ok(_) => return fail(&ctx, "error:0200008A:rsa routines::invalid padding"),
            Err(e) => Err(e),
        },
        ("publicEncrypt", _) if pkcs1 => public.encrypt(&mut rand_core::OsRng, rsa::Pkcs1v15Encrypt, &data),
        ("publicEncrypt", _) => match oaep() {
            Some(p) => public.encrypt(&mut rand_core::OsRng, p, &data),
            None => return fail(&ctx, "Invalid digest"),
        },
        ("privateDecrypt", Some(k)) if pkcs1 => k.decrypt(rsa::Pkcs1v15Encrypt, &data),
        ("privateDecrypt", Some(k)) => match oaep() {
            Some(p) => k.decrypt(p, &data),
            None => return fail(&ctx, "Invalid digest"),
        },
        _ => return fail(&ctx, "error:1E08010C:DECODER routines::unsupported"),
    };
    match r {
        Ok(d) => out(ctx, d),
        Err(rsa::Error::MessageTooLong) => {
            fail(&ctx, "error:0200006E:rsa routines::data too large for key size")
        }
        Err(_) => fail(&ctx, "error:02000079:rsa routines::oaep decoding error"),
    }
}

/// `__fngate_ecdh(curve, privateKey, peer, compressed)`: with no peer, the key
/// pair `[private, public]` of `privateKey` (a new one when null), the public
/// point compressed or not; with a peer's public point, the shared secret.
fn ecdh<'js>(
    ctx: Ctx<'js>,
    curve: String,
    private: Value<'js>,
    peer: Value<'js>,
    compressed: bool,
) -> Result<Vec<ArrayBuffer<'js>>> {
    let private = if private.is_null() || private.is_undefined() { None } else { Some(bytes(private)?) };
    let peer = if peer.is_null() || peer.is_undefined() { None } else { Some(bytes(peer)?) };
    macro_rules! run {
        ($c:ident) => {
            (|| {
                use $c::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
                let secret = match &private {
                    Some(k) => $c::SecretKey::from_slice(k)
                        .map_err(|_| "Private key is not valid for specified curve.")?,
                    None => $c::SecretKey::random(&mut rand_core::OsRng),
                };
                match &peer {
                    Some(p) => {
                        let point = $c::EncodedPoint::from_bytes(p)
                            .map_err(|_| "Public key is not valid for specified curve")?;
                        let public = Option::<$c::PublicKey>::from($c::PublicKey::from_encoded_point(&point))
                            .ok_or("Public key is not valid for specified curve")?;
                        let shared = $c::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
                        Ok::<_, &str>(vec![shared.raw_secret_bytes().to_vec()])
                    }
                    None => Ok(vec![
                        secret.to_bytes().to_vec(),
                        secret.public_key().to_encoded_point(compressed).as_bytes().to_vec(),
                    ]),
                }
            })()
        };
    }
    let r = match curve.as_str() {
        "prime256v1" | "secp256r1" | "P-256" => run!(p256),
        "secp384r1" | "P-384" => run!(p384),
        "secp256k1" => run!(k256),
        _ => return Err(Exception::throw_type(&ctx, "Invalid EC curve name")),
    };
    match r {
        Ok(parts) => parts.into_iter().map(|p| out(ctx.clone(), p)).collect(),
        Err(e) => fail(&ctx, e),
    }
}

/// `__fngate_dh(privatePkcs8, publicSpki)`: `crypto.diffieHellman`, X25519 or ECDH.
fn diffie_hellman<'js>(ctx: Ctx<'js>, private: Value<'js>, public: Value<'js>) -> Result<ArrayBuffer<'js>> {
    let (private, public) = (bytes(private)?, bytes(public)?);
    let shared = match (Parsed::from_pkcs8(&private), Parsed::from_spki(&public)) {
        (Some(Parsed::X25519(Some(k), _)), Some(Parsed::X25519(_, p))) => {
            k.diffie_hellman(&p).as_bytes().to_vec()
        }
        (Some(Parsed::P256(Some(k), _)), Some(Parsed::P256(_, p))) => {
            p256::ecdh::diffie_hellman(k.to_nonzero_scalar(), p.as_affine()).raw_secret_bytes().to_vec()
        }
        (Some(Parsed::P384(Some(k), _)), Some(Parsed::P384(_, p))) => {
            p384::ecdh::diffie_hellman(k.to_nonzero_scalar(), p.as_affine()).raw_secret_bytes().to_vec()
        }
        _ => return fail(&ctx, "error:1C8000A5:Provider routines::operation not supported for this keytype"),
    };
    out(ctx, shared)
}

/// `__fngate_modpow(base, exponent, modulus)`: for `createDiffieHellman`.
fn modpow<'js>(
    ctx: Ctx<'js>,
    base: Value<'js>,
    exponent: Value<'js>,
    modulus: Value<'js>,
) -> Result<ArrayBuffer<'js>> {
    let m = rsa::BigUint::from_bytes_be(&bytes(modulus)?);
    let r = rsa::BigUint::from_bytes_be(&bytes(base)?)
        .modpow(&rsa::BigUint::from_bytes_be(&bytes(exponent)?), &m);
    out(ctx, r.to_bytes_be())
}
