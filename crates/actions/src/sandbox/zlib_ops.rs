//! Host operation 29: `zlib`'s one-shot compression (deflate, inflate, raw, gzip, gunzip, unzip),
//! bounded so a small input cannot expand past the runtime's memory.

use std::io::Read;

use flate2::read::{DeflateDecoder, DeflateEncoder, GzDecoder, GzEncoder, MultiGzDecoder, ZlibDecoder, ZlibEncoder};
use flate2::Compression;

pub const ZLIB: i32 = 29;

/// Runs `mode` (`deflate`, `inflate`, `deflateRaw`, `inflateRaw`, `gzip`, `gunzip`, `unzip`) on
/// `input`; `level` 0-9 (or -1 for the default); output is capped at `max_output` bytes.
pub fn run(mode: &str, input: &[u8], level: i32, max_output: usize) -> Result<Vec<u8>, String> {
    let level = if (0..=9).contains(&level) { Compression::new(level as u32) } else { Compression::default() };
    let reader: Box<dyn Read + '_> = match mode {
        "deflate" => Box::new(ZlibEncoder::new(input, level)),
        "deflateRaw" => Box::new(DeflateEncoder::new(input, level)),
        "gzip" => Box::new(GzEncoder::new(input, level)),
        "inflate" => Box::new(ZlibDecoder::new(input)),
        "inflateRaw" => Box::new(DeflateDecoder::new(input)),
        "gunzip" => Box::new(MultiGzDecoder::new(input)),
        "unzip" if input.starts_with(&[0x1f, 0x8b]) => Box::new(GzDecoder::new(input)),
        "unzip" => Box::new(ZlibDecoder::new(input)),
        other => return Err(format!("zlib.{other} is not available in Actions")),
    };
    let mut out = Vec::new();
    let n = reader.take(max_output as u64 + 1).read_to_end(&mut out).map_err(|e| match mode {
        "inflate" | "inflateRaw" | "gunzip" | "unzip" => format!("invalid compressed data: {e}"),
        _ => e.to_string(),
    })?;
    if n > max_output {
        return Err(format!("zlib output exceeds {max_output} bytes"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn every_format_round_trips_and_bombs_are_cut_off() {
        let text = b"portcullis ".repeat(100);
        for (c, d) in [("deflate", "inflate"), ("deflateRaw", "inflateRaw"), ("gzip", "gunzip"), ("gzip", "unzip"), ("deflate", "unzip")] {
            let packed = run(c, &text, -1, 1 << 20).unwrap();
            assert!(packed.len() < text.len());
            assert_eq!(run(d, &packed, -1, 1 << 20).unwrap(), text, "{c} -> {d}");
        }
        let bomb = run("gzip", &vec![0u8; 10 << 20], 9, 1 << 30).unwrap();
        assert!(run("gunzip", &bomb, -1, 1 << 20).unwrap_err().contains("exceeds"));
        assert!(run("inflate", b"not compressed", -1, 1 << 20).unwrap_err().contains("invalid compressed data"));
        assert!(run("brotliCompress", b"x", -1, 1 << 20).unwrap_err().contains("not available"));
    }
}
