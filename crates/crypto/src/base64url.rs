//! The one base64url flavour JOSE uses: RFC 7515 §2 "base64url encoding ... with all trailing '='
//! characters omitted". Decoding is strict (no padding, no non-canonical trailing bits) so that a
//! token has exactly one encoding.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub(crate) fn encode(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends the encoding of `bytes` to `out` (no intermediate string).
pub(crate) fn encode_to(bytes: impl AsRef<[u8]>, out: &mut String) {
    URL_SAFE_NO_PAD.encode_string(bytes, out)
}

pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}
