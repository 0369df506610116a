//! The share of each kind of request, spread evenly, and the hash that picks its target.

/// The mix per 100 requests: 80 reads over four endpoints, 15 saves, 4 PDFs, 1 login.
const MIX: [(&str, u32); 7] = [
    ("dashboard", 20),
    ("dossier list", 20),
    ("month view", 20),
    ("dossier", 20),
    ("grid save", 15),
    ("certificate draft", 4),
    ("login", 1),
];

/// A well-mixed hash of `k`: the request's target follows from its number alone.
pub fn splitmix(k: u64) -> u64 {
    let mut z = k.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `MIX` spread evenly over 100 slots (smooth weighted round robin).
pub fn pattern() -> Vec<&'static str> {
    let mut current = [0i64; MIX.len()];
    (0..100)
        .map(|_| {
            let mut best = 0;
            for (i, (_, w)) in MIX.iter().enumerate() {
                current[i] += i64::from(*w);
                if current[i] > current[best] {
                    best = i;
                }
            }
            current[best] -= 100;
            MIX[best].0
        })
        .collect()
}
