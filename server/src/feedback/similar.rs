//! Text similarity for duplicate hints: Chinese has no spaces, so texts are compared as sets
//! of character bigrams (plus ASCII words), by Dice's coefficient. Pure.
use std::collections::HashSet;

/// The bigrams of the CJK runs and the lower-cased ASCII words of a text.
pub fn shingles(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut HashSet<String>| {
        if run.len() == 1 {
            out.insert(run[0].to_string());
        }
        for pair in run.windows(2) {
            out.insert(pair.iter().collect());
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c.to_ascii_lowercase());
        } else {
            if word.len() > 1 {
                out.insert(std::mem::take(&mut word));
            }
            word.clear();
            if c.is_alphanumeric() {
                run.push(c);
            } else {
                flush_run(&mut run, &mut out);
            }
        }
    }
    flush_run(&mut run, &mut out);
    if word.len() > 1 {
        out.insert(word);
    }
    out
}

/// Dice's coefficient of two shingle sets: 0 (nothing shared) to 1 (the same).
pub fn score(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    #[expect(clippy::cast_precision_loss, reason = "set sizes are small")]
    let s = 2.0 * shared as f64 / (a.len() + b.len()) as f64;
    s
}

/// Scores below this are not worth showing.
pub const THRESHOLD: f64 = 0.2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_chinese_complaints_score_high_and_unrelated_ones_low() {
        let a = shingles("3栋楼下垃圾站垃圾满了没人清理");
        let b = shingles("3栋楼下的垃圾站好几天没清理，很臭");
        let c = shingles("建议社区增加老年人健身器材");
        assert!(score(&a, &b) > 0.3, "{}", score(&a, &b));
        assert!(score(&a, &c) < 0.1, "{}", score(&a, &c));
        assert!((score(&a, &a) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn ascii_words_and_punctuation() {
        let s = shingles("WiFi 信号差!");
        assert!(s.contains("wifi"));
        assert!(s.contains("信号"));
        assert!(!s.iter().any(|x| x.contains('!')));
        assert_eq!(score(&shingles(""), &s), 0.0);
    }
}
