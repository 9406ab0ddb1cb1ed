//! The little DER the key formats need: reading one element at a time, and writing the few
//! structures built from JSON Web Keys.

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;

/// Object identifiers (content bytes only).
pub const RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
pub const RSASSA_PSS: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
pub const EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
pub const P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
pub const P384: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
pub const P521: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];
pub const ED25519: &[u8] = &[0x2B, 0x65, 0x70];

/// One element: its tag, its content, and its whole encoding.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
}

/// Reads the element at the start of `input`; returns it and what follows.
pub fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7F) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = input.len() - rest.len();
    Some((Tlv { tag, content: &rest[..len], whole: &input[..header + len] }, &rest[len..]))
}

/// The elements inside a constructed element's content.
pub fn children(content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (t, r) = read(rest)?;
        out.push(t);
        rest = r;
    }
    Some(out)
}

/// The single element `input` holds, with the expected tag.
pub fn expect(input: &[u8], tag: u8) -> Option<Tlv<'_>> {
    match read(input)? {
        (t, []) if t.tag == tag => Some(t),
        _ => None,
    }
}

/// An INTEGER's magnitude without leading zero bytes.
pub fn unsigned<'a>(t: &Tlv<'a>) -> &'a [u8] {
    let mut c = t.content;
    while c.len() > 1 && c[0] == 0 {
        c = &c[1..];
    }
    c
}

pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes.
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let mut m = magnitude;
    while m.len() > 1 && m[0] == 0 {
        m = &m[1..];
    }
    let mut c = Vec::with_capacity(m.len() + 1);
    if m.first().is_none_or(|b| b & 0x80 != 0) {
        c.push(0);
    }
    c.extend_from_slice(m);
    if c.len() > 1 && c[0] == 0 && c[1] & 0x80 == 0 {
        c.remove(0);
    }
    tlv(INTEGER, &c)
}

pub fn oid(content: &[u8]) -> Vec<u8> {
    tlv(OID, content)
}

pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut c = vec![0];
    c.extend_from_slice(bytes);
    tlv(BIT_STRING, &c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_elements_read_back() {
        let long = vec![7u8; 300];
        let s = seq(&[uint(&[0x80, 1]), tlv(OCTET_STRING, &long), oid(P256)]);
        let (t, rest) = read(&s).unwrap();
        assert!(rest.is_empty());
        let kids = children(t.content).unwrap();
        assert_eq!(kids[0].content, &[0, 0x80, 1]);
        assert_eq!(unsigned(&kids[0]), &[0x80, 1]);
        assert_eq!(kids[1].content.len(), 300);
        assert_eq!(kids[2].content, P256);
        assert_eq!(uint(&[0, 0, 5]), vec![INTEGER, 1, 5]);
    }

    #[test]
    fn truncated_input_is_refused() {
        assert!(read(&[SEQUENCE, 5, 1, 2]).is_none());
        assert!(read(&[SEQUENCE, 0x85, 1, 1, 1, 1, 1]).is_none());
    }
}
