//! Compact encodings of the search index that `search.js` decodes: front-coded term lists
//! and base-64 varint postings.

/// The 64 characters of a varint digit: 0–31 end a number, 32–63 say "more digits follow".
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Base-36 digits for the shared-prefix length of a front-coded term.
const PREFIX_DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Appends `v` as little-endian 5-bit groups.
pub fn push_varint(out: &mut String, mut v: u32) {
    while v >= 32 {
        out.push(DIGITS[32 + (v & 31) as usize] as char);
        v >>= 5;
    }
    out.push(DIGITS[v as usize] as char);
}

/// A posting list `(doc, field mask)` (docs ascending) as varints of `delta << 4 | mask`.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut prev = 0;
    for &(doc, mask) in postings {
        push_varint(&mut out, ((doc - prev) << 4) | u32::from(mask & 15));
        prev = doc;
    }
    out
}

/// Sorted terms as one string: each term is a base-36 digit (characters shared with the
/// previous term, at most 35) and the rest of the term; terms are separated by spaces.
pub fn front_code(terms: &[&str]) -> String {
    let mut out = String::new();
    let mut prev: Vec<char> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let chars: Vec<char> = term.chars().collect();
        let shared = prev
            .iter()
            .zip(&chars)
            .take_while(|(a, b)| a == b)
            .count()
            .min(35);
        if i > 0 {
            out.push(' ');
        }
        out.push(PREFIX_DIGITS[shared] as char);
        out.extend(&chars[shared..]);
        prev = chars;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_varints() {
        let mut s = String::new();
        for v in [0, 31, 32, 1000] {
            push_varint(&mut s, v);
        }
        assert_eq!(s, "AfgBof");
    }

    #[test]
    fn encodes_postings_as_deltas() {
        assert_eq!(encode_postings(&[(0, 1), (1, 2), (3, 9)]), "BSpB");
    }

    #[test]
    fn front_codes_sorted_terms() {
        assert_eq!(
            front_code(&["генер", "генератор", "гил"]),
            "0генер 5атор 1ил"
        );
    }
}
