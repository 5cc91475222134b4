//! Chinese text for full-text search, the same way on both backends. Pure: no SQL.
//!
//! Neither SQLite's `unicode61` tokenizer nor PostgreSQL's `simple` configuration splits
//! Chinese (a run of Han characters is one token), so the server writes the tokens itself:
//! jieba's search-mode words plus every character bigram of each Han run, and lower-cased
//! Latin words, separated by spaces. Any two-character query (养老, 低保, 家政) is then a
//! bigram in the index; longer words become the AND of their bigrams.
use std::{collections::HashSet, sync::LazyLock};

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Loads the dictionary (a few hundred milliseconds) before the first search needs it.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF)
}

/// Full-width ASCII to half-width, lower case.
fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A run of text of one script.
#[derive(Debug, PartialEq, Eq)]
enum Run {
    Han(String),
    Latin(String),
}

/// Splits text into Han runs and Latin/digit words; everything else separates.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han = String::new();
    let mut latin = String::new();
    let flush = |han: &mut String, latin: &mut String, out: &mut Vec<Run>| {
        if !han.is_empty() {
            out.push(Run::Han(std::mem::take(han)));
        }
        if !latin.is_empty() {
            out.push(Run::Latin(std::mem::take(latin)));
        }
    };
    for c in text.chars().map(fold) {
        if is_han(c) {
            if !latin.is_empty() {
                flush(&mut han, &mut latin, &mut out);
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            if !han.is_empty() {
                flush(&mut han, &mut latin, &mut out);
            }
            latin.push(c);
        } else {
            flush(&mut han, &mut latin, &mut out);
        }
    }
    flush(&mut han, &mut latin, &mut out);
    out
}

fn bigrams(run: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = run.chars().collect();
    (0..chars.len().saturating_sub(1)).map(move |i| chars[i..i + 2].iter().collect())
}

/// The tokens of a text for the index, each once, in order of appearance.
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |t: String| {
        if seen.insert(t.clone()) {
            out.push(t);
        }
    };
    for run in runs(text) {
        match run {
            Run::Latin(word) => push(word),
            Run::Han(run) => {
                if run.chars().count() == 1 {
                    push(run);
                    continue;
                }
                for token in JIEBA.cut_for_search(&run, true) {
                    let word = token.word;
                    if word.chars().count() >= 2 && word.chars().all(is_han) {
                        push(word.to_owned());
                    }
                }
                for bigram in bigrams(&run) {
                    push(bigram);
                }
            }
        }
    }
    out
}

/// [`index_tokens`] joined by spaces: the value of a search column.
pub fn index_text(text: &str) -> String {
    index_tokens(text).join(" ")
}

/// The first characters of the Han tokens of a search column (space-separated tokens), each
/// once: a single-character query ([`Token::Prefix`]) matches a column exactly when its
/// character is among them, as the engines' prefix match on the tokens does.
pub fn token_heads(tokens: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens
        .split_whitespace()
        .filter_map(|t| t.chars().next())
        .filter(|c| is_han(*c) && seen.insert(*c))
        .map(String::from)
        .collect()
}

/// One token of a query: matched exactly, or as a prefix (a single Han character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Exact(String),
    Prefix(String),
}

/// One way to match a query word: all its tokens must occur.
pub type Alternative = Vec<Token>;

/// A parsed query: every group must match; a group matches when any of its alternatives
/// does (the word as typed, or one of its synonyms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<Alternative>>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The words of a query as a person meant them: jieba words of each Han run (single
/// characters dropped unless the run is one character), Latin words as they are.
pub fn query_words(q: &str) -> Vec<String> {
    let mut words = Vec::new();
    for run in runs(q) {
        match run {
            Run::Latin(word) => words.push(word),
            Run::Han(run) if run.chars().count() <= 2 => words.push(run),
            Run::Han(run) => {
                for token in JIEBA.cut(&run, false) {
                    if token.word.chars().count() >= 2 {
                        words.push(token.word.to_owned());
                    }
                }
            }
        }
    }
    let mut seen = HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words.truncate(8);
    words
}

/// How one word is matched: a Han word by its bigrams, a single character as a prefix.
pub fn alternative(word: &str) -> Alternative {
    let mut tokens = Vec::new();
    for run in runs(word) {
        match run {
            Run::Latin(w) => tokens.push(Token::Exact(w)),
            Run::Han(r) if r.chars().count() == 1 => tokens.push(Token::Prefix(r)),
            Run::Han(r) => tokens.extend(bigrams(&r).map(Token::Exact)),
        }
    }
    tokens.dedup();
    tokens
}

/// Builds the query from its words and a synonym lookup (word → words it also means).
pub fn build_query(words: &[String], synonyms: impl Fn(&str) -> Vec<String>) -> Query {
    let groups = words
        .iter()
        .map(|word| {
            let mut alternatives = vec![alternative(word)];
            for synonym in synonyms(word) {
                let alt = alternative(&synonym);
                if !alt.is_empty() && !alternatives.contains(&alt) {
                    alternatives.push(alt);
                }
            }
            alternatives.retain(|a| !a.is_empty());
            alternatives
        })
        .filter(|alternatives| !alternatives.is_empty())
        .collect();
    Query { groups }
}

/// The query in SQLite FTS5 syntax. Tokens hold only letters and digits, quoted anyway.
pub fn fts5_expression(query: &Query) -> String {
    join_groups(query, " AND ", " OR ", |t| match t {
        Token::Exact(s) => format!("\"{s}\""),
        Token::Prefix(s) => format!("\"{s}\"*"),
    })
}

/// The query for PostgreSQL's `to_tsquery('simple', …)`.
pub fn tsquery_expression(query: &Query) -> String {
    join_groups(query, " & ", " | ", |t| match t {
        Token::Exact(s) => format!("'{s}'"),
        Token::Prefix(s) => format!("'{s}':*"),
    })
}

fn join_groups(query: &Query, and: &str, or: &str, token: impl Fn(&Token) -> String) -> String {
    query
        .groups
        .iter()
        .map(|alternatives| {
            let alts: Vec<String> = alternatives
                .iter()
                .map(|alt| {
                    let parts: Vec<String> = alt.iter().map(&token).collect();
                    format!("({})", parts.join(and))
                })
                .collect();
            format!("({})", alts.join(or))
        })
        .collect::<Vec<_>>()
        .join(and)
}

/// A query as logged when it found nothing: trimmed, folded, at most 64 characters, and
/// every run of 5 or more digits (phone or ID numbers people paste) masked.
pub fn loggable_query(q: &str) -> Option<String> {
    let folded: String = q.chars().map(fold).collect();
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.chars().count() >= 5 {
            out.push_str(&"#".repeat(digits.chars().count().min(11)));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    let out: String = out.chars().take(64).collect();
    (!out.trim().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_heads_are_the_first_han_characters_once() {
        assert_eq!(
            token_heads("医疗 中医 医 wifi 养老"),
            vec!["医", "中", "养"]
        );
        assert_eq!(token_heads(""), Vec::<String>::new());
    }

    fn words(q: &str) -> Vec<String> {
        query_words(q)
    }

    #[test]
    fn index_has_words_and_every_bigram() {
        let tokens = index_tokens("居家养老服务");
        for t in ["养老", "居家", "家养", "老服", "服务"] {
            assert!(tokens.contains(&t.to_owned()), "{t} in {tokens:?}");
        }
        let unique: HashSet<_> = tokens.iter().collect();
        assert_eq!(unique.len(), tokens.len(), "each token once");
    }

    #[test]
    fn latin_is_folded_and_split_from_han() {
        assert_eq!(
            index_tokens("免费WiFi上网"),
            vec!["免费", "wifi", "上网"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        );
        assert_eq!(index_tokens("ＷＩＦＩ"), vec!["wifi".to_owned()]);
        assert_eq!(index_tokens("，。！"), Vec::<String>::new());
    }

    #[test]
    fn queries_split_into_words() {
        let cases: [(&str, &[&str], &str); 6] = [
            ("养老", &["养老"], "two characters stay one word"),
            ("福田 养老", &["福田", "养老"], "spaces separate"),
            ("wifi培训", &["wifi", "培训"], "scripts separate"),
            (
                "居家养老服务",
                &["居家", "养老", "服务"],
                "jieba splits long runs",
            ),
            ("医", &["医"], "a single character is kept alone"),
            ("养老 养老", &["养老"], "duplicates dropped"),
        ];
        for (q, want, why) in cases {
            assert_eq!(words(q), want, "{why}");
        }
    }

    #[test]
    fn words_match_by_bigrams_or_prefix() {
        assert_eq!(
            alternative("老年人"),
            vec![Token::Exact("老年".into()), Token::Exact("年人".into())]
        );
        assert_eq!(alternative("医"), vec![Token::Prefix("医".into())]);
        assert_eq!(alternative("wifi"), vec![Token::Exact("wifi".into())]);
    }

    #[test]
    fn synonyms_become_alternatives() {
        let q = build_query(&words("老人 wifi"), |w| {
            if w == "老人" {
                vec!["老年人".into(), "老人".into()]
            } else {
                vec![]
            }
        });
        assert_eq!(q.groups.len(), 2);
        assert_eq!(
            q.groups[0].len(),
            2,
            "老人 and 老年人; the duplicate dropped"
        );
        assert_eq!(
            fts5_expression(&q),
            "((\"老人\") OR (\"老年\" AND \"年人\")) AND ((\"wifi\"))"
        );
        assert_eq!(
            tsquery_expression(&q),
            "(('老人') | ('老年' & '年人')) & (('wifi'))"
        );
    }

    #[test]
    fn prefix_tokens_are_written_for_each_engine() {
        let q = build_query(&words("医"), |_| vec![]);
        assert_eq!(fts5_expression(&q), "((\"医\"*))");
        assert_eq!(tsquery_expression(&q), "(('医':*))");
    }

    #[test]
    fn punctuation_only_queries_are_empty() {
        assert!(build_query(&words("？？ ，"), |_| vec![]).is_empty());
        assert!(build_query(&words("\"'*()"), |_| vec![]).is_empty());
    }

    #[test]
    fn logged_queries_carry_no_numbers() {
        let cases = [
            ("养老", Some("养老"), "plain"),
            ("  家政   保洁 ", Some("家政 保洁"), "spaces folded"),
            ("13800001234 低保", Some("########### 低保"), "phone masked"),
            ("4403041990 身份证", Some("########## 身份证"), "id masked"),
            ("80后", Some("80后"), "short numbers kept"),
            ("   ", None, "blank"),
        ];
        for (q, want, why) in cases {
            assert_eq!(loggable_query(q).as_deref(), want, "{why}");
        }
        assert_eq!(
            loggable_query(&"养".repeat(100)).map(|s| s.chars().count()),
            Some(64)
        );
    }
}
