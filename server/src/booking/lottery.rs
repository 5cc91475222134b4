//! The lottery for oversubscribed peak slots. Pure: no SQL, no HTTP.
//!
//! Commit and reveal: when a lottery is created the server draws a random 32-byte seed and
//! publishes only its SHA-256 (the commitment). When requests close, the seed is published with
//! every entry (number, weight, party size) and the drawn order. Anyone can check that the seed
//! matches the commitment and re-run [`draw`] to get the same order. See [`ALGORITHM`].
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// The published description of the draw, precise enough to re-implement it.
pub const ALGORITHM: &str = "linli-lottery-v1: key = SHA-256(seed bytes || for each entry in \
ascending entry_no the ASCII text \"<entry_no>:<weight>:<party_size>;\"); rng = ChaCha20 \
(rand_chacha ChaCha20Rng::from_seed(key)); repeat until no entry is left: W = sum of the \
remaining weights, draw x = next_u64() until x < W * floor((2^64-1) / W), r = x mod W, take the \
remaining entry (ascending entry_no) whose cumulative weight first exceeds r. Winners: entries in \
drawn order while their party fits the places (whole venue: the first only). Weight = max(1, 10 \
+ 5 * min(lotteries lost in the last 60 days, 3) - 5 * counting no-show strikes).";

/// Days in which a lost lottery raises the next weight.
pub const RECENT_LOSS_DAYS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub entry_no: u32,
    pub weight: u32,
    pub party_size: u32,
}

/// Favours residents who lost recently, penalises no-shows; never below 1.
pub fn weight(recent_losses: u32, counting_strikes: u32) -> u32 {
    let w = 10 + 5 * i64::from(recent_losses.min(3)) - 5 * i64::from(counting_strikes);
    u32::try_from(w.max(1)).unwrap_or(1)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<[u8; 32]> {
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    bytes?.try_into().ok()
}

pub fn new_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    seed
}

/// What is published before any entry.
pub fn commitment(seed: &[u8; 32]) -> String {
    hex(&Sha256::digest(seed))
}

fn sorted(entries: &[Entry]) -> Vec<Entry> {
    let mut v = entries.to_vec();
    v.sort_by_key(|e| e.entry_no);
    v
}

fn key(seed: &[u8; 32], entries: &[Entry]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed);
    for e in entries {
        h.update(format!("{}:{}:{};", e.entry_no, e.weight, e.party_size).as_bytes());
    }
    h.finalize().into()
}

/// Uniform in `0..n` without modulo bias.
fn uniform(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let zone = n * (u64::MAX / n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}

/// Entry numbers in drawn order.
pub fn draw(seed: &[u8; 32], entries: &[Entry]) -> Vec<u32> {
    let mut left = sorted(entries);
    let mut rng = ChaCha20Rng::from_seed(key(seed, &left));
    let mut order = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let total: u64 = left.iter().map(|e| u64::from(e.weight.max(1))).sum();
        let r = uniform(&mut rng, total);
        let mut acc = 0;
        let pick = left
            .iter()
            .position(|e| {
                acc += u64::from(e.weight.max(1));
                acc > r
            })
            .unwrap_or(0);
        order.push(left.remove(pick).entry_no);
    }
    order
}

/// Winners in drawn order: the first only for a whole venue, otherwise every entry whose
/// party still fits into the places left.
pub fn winners(order: &[u32], entries: &[Entry], places: Option<u32>) -> Vec<u32> {
    let Some(mut left) = places else {
        return order.first().copied().into_iter().collect();
    };
    let mut won = Vec::new();
    for no in order {
        if let Some(e) = entries.iter().find(|e| e.entry_no == *no)
            && e.party_size <= left
        {
            left -= e.party_size;
            won.push(*no);
        }
    }
    won
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(weights: &[u32]) -> Vec<Entry> {
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| Entry {
                entry_no: u32::try_from(i + 1).unwrap_or(0),
                weight: *w,
                party_size: 1,
            })
            .collect()
    }

    #[test]
    fn the_same_seed_and_entries_give_the_same_order_in_any_input_order() {
        let seed = [7u8; 32];
        let e = entries(&[10, 15, 5, 10, 20]);
        let mut shuffled = e.clone();
        shuffled.reverse();
        let order = draw(&seed, &e);
        assert_eq!(order, draw(&seed, &shuffled));
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![1, 2, 3, 4, 5], "everyone is ranked once");
    }

    #[test]
    fn the_order_is_pinned_so_reimplementations_can_check_themselves() {
        // A published vector: if this changes, old draws can no longer be verified.
        assert_eq!(draw(&[0u8; 32], &entries(&[10, 10, 10])), vec![3, 1, 2]);
    }

    #[test]
    fn a_different_seed_or_entry_list_changes_the_draw() {
        let e = entries(&[10; 12]);
        assert_ne!(draw(&[1u8; 32], &e), draw(&[2u8; 32], &e));
        assert_ne!(
            draw(&[1u8; 32], &e),
            draw(&[1u8; 32], &entries(&[10; 13]))[..12]
        );
    }

    #[test]
    fn weights_bias_the_draw() {
        // Entry 1 weighs 25, entry 2 weighs 5: over many seeds entry 1 wins about 5 in 6.
        let e = entries(&[25, 5]);
        let wins = (0..600u32)
            .filter(|i| {
                let mut seed = [0u8; 32];
                seed[..4].copy_from_slice(&i.to_le_bytes());
                draw(&seed, &e)[0] == 1
            })
            .count();
        assert!((440..560).contains(&wins), "entry 1 won {wins} of 600");
    }

    #[test]
    fn weight_rewards_recent_losses_and_penalises_no_shows() {
        assert_eq!(weight(0, 0), 10);
        assert_eq!(weight(2, 0), 20);
        assert_eq!(weight(9, 0), 25, "capped at three losses");
        assert_eq!(weight(0, 1), 5);
        assert_eq!(weight(0, 3), 1, "never below one");
    }

    #[test]
    fn winners_fill_the_places_in_drawn_order() {
        let e = vec![
            Entry {
                entry_no: 1,
                weight: 10,
                party_size: 3,
            },
            Entry {
                entry_no: 2,
                weight: 10,
                party_size: 2,
            },
            Entry {
                entry_no: 3,
                weight: 10,
                party_size: 1,
            },
        ];
        assert_eq!(winners(&[2, 1, 3], &e, Some(4)), vec![2, 3]);
        assert_eq!(winners(&[2, 1, 3], &e, None), vec![2]);
        assert_eq!(winners(&[], &e, None), Vec::<u32>::new());
    }

    #[test]
    fn commitments_are_sha256_of_the_seed_and_hex_round_trips() {
        let seed = [0u8; 32];
        assert_eq!(
            commitment(&seed),
            "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
        );
        assert_eq!(unhex(&hex(&seed)), Some(seed));
        assert_eq!(unhex("zz"), None);
    }
}
