//! The open vocabulary ([`GenConfig::with_open_vocabulary`]): people,
//! places and organisations that keep arriving as the corpus grows, as they
//! do in real news (Heaps' law).
//!
//! An entity is a number, its *id*; its name is synthesised from syllables
//! by a bijection of the id, so distinct ids almost always have distinct,
//! pronounceable names and no list has to be stored. Article `i` draws ids
//! from a log-uniform distribution over `[0, i + HORIZON_BASE)`: each
//! doubling of the id range is as likely as the next, so the first few
//! hundred entities recur in thousands of articles (the head: presidents,
//! capitals, big firms) while every new article may bring an entity no
//! earlier article named. The draw uses nothing but `(key, i)`, so article
//! `i` is still a pure function of `(seed, i, flags)`.
//!
//! [`GenConfig::with_open_vocabulary`]: super::GenConfig::with_open_vocabulary

use super::rng::{SplitMix64, mix64};
use super::vocab::Topic;

/// Entities available to article 0; article `i` has `i` more.
const HORIZON_BASE: u64 = 1_000;

/// The smallest ids are drawn as if offset by this much: without it id 0
/// alone would take one draw in twenty (one per bucket of the log scale).
const HEAD_OFFSET: u64 = 64;

/// Onsets and nuclei of syllables: 28 x 7 = 196 syllables.
const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p", "pr",
    "r", "s", "sh", "st", "t", "tr", "v", "w", "y", "z",
];
const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "an", "el"];

/// Surname endings (20).
const SURNAME_ENDINGS: &[&str] = &[
    "n", "r", "s", "ski", "son", "v", "vic", "berg", "ton", "ley", "man", "sen", "k", "lli", "nez",
    "tti", "ra", "ni", "rd", "dt",
];

/// Given-name endings (16 each).
const MALE_ENDINGS: &[&str] = &[
    "n", "r", "s", "k", "l", "m", "d", "o", "an", "el", "is", "im", "us", "ek", "or", "ai",
];
const FEMALE_ENDINGS: &[&str] = &[
    "a", "ia", "na", "ra", "la", "ne", "lie", "ina", "ya", "ette", "elle", "ka", "sa", "ta", "da",
    "ah",
];

/// Place-name endings (20).
const PLACE_ENDINGS: &[&str] = &[
    "ville", "burg", "ton", "ford", "stad", "pur", "abad", "polis", "grad", "field", "dorf",
    "haven", "port", "mouth", "wick", "bury", "ovo", "via", "ena", "ham",
];

/// Organisation names per topic: `{}` is a synthesised name; the flag says
/// whether prose puts "the" before it.
fn org_patterns(topic: Topic) -> &'static [(&'static str, &'static str, bool)] {
    match topic {
        Topic::Politics => &[
            ("", " Alliance", true),
            ("", " Party", true),
            ("", " Movement", true),
            ("", " Front", true),
        ],
        Topic::World => &[
            ("", " Foundation", true),
            ("", " Commission", true),
            ("", " Relief Fund", true),
            ("", " Brigade", true),
        ],
        Topic::Economy => &[
            ("", " Group", false),
            ("", " Holdings", false),
            ("", " Bank", false),
            ("", " Capital", false),
            ("", " Industries", false),
            ("", " Energy", false),
        ],
        Topic::Tech => &[
            ("", "", false),
            ("", " Labs", false),
            ("", " Systems", false),
            ("", " AI", false),
            ("", " Robotics", false),
            ("", " Networks", false),
        ],
        Topic::Sport => &[
            ("", " United", false),
            ("", " FC", false),
            ("", " Rovers", false),
            ("", " City", false),
            ("", " Athletic", false),
            ("Real ", "", false),
        ],
        Topic::Health => &[
            ("", " Clinic", true),
            ("", " Pharma", false),
            ("", " Institute", true),
            ("", " Biotech", false),
        ],
        Topic::Science => &[
            ("", " Institute", true),
            ("", " Observatory", true),
            ("", " Labs", false),
            ("", " Research Centre", true),
        ],
    }
}

/// Kinds of entity: each has its own bijection, so person 5 and place 5
/// are unrelated names.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Surname,
    GivenName,
    Place,
    Org,
}

impl Kind {
    const fn salt(self) -> u64 {
        match self {
            Kind::Surname => 0x5a1d,
            Kind::GivenName => 0x61fe,
            Kind::Place => 0x91ac,
            Kind::Org => 0x0e9a,
        }
    }
}

/// The open-vocabulary draws of one headline plan: a PRNG stream of its
/// own (the fixed-vocabulary draws are left untouched) and the id range.
pub(crate) struct OpenVocab {
    rng: SplitMix64,
    horizon: u64,
}

impl OpenVocab {
    /// Draws for the plan with PRNG key `key` of article `index`.
    pub(crate) fn new(key: u64, index: u64) -> Self {
        Self {
            rng: SplitMix64::new(mix64(key ^ 0x09e4_b0ca_b0ca_0001)),
            horizon: index.saturating_add(HORIZON_BASE),
        }
    }

    /// `true` with probability `percent / 100`.
    pub(crate) fn percent(&mut self, percent: u64) -> bool {
        self.rng.percent(percent)
    }

    /// An entity id, log-uniform over `[0, horizon)` (shifted by
    /// [`HEAD_OFFSET`]): a bucket `[2^b, 2^(b+1))` uniformly, then an id
    /// in it uniformly. Integers only, as everywhere in the generator.
    fn id(&mut self) -> u64 {
        let top = self.horizon.saturating_add(HEAD_OFFSET);
        let low_bit = u64::from(HEAD_OFFSET.ilog2());
        // `top - 1`: the last bucket must start below `top`.
        let buckets = u64::from((top - 1).ilog2()) + 1 - low_bit;
        let bit = low_bit + self.rng.below(buckets);
        let lo = 1u64 << bit;
        let hi = (lo << 1).min(top);
        lo + self.rng.below(hi - lo) - HEAD_OFFSET
    }

    /// A surname, e.g. `Drelski`.
    pub(crate) fn surname(&mut self) -> String {
        let id = self.id();
        name(Kind::Surname, id, SURNAME_ENDINGS)
    }

    /// A given name, e.g. `Vanel` or `Trelina`.
    pub(crate) fn given_name(&mut self, female: bool) -> String {
        let id = self.id();
        name(
            Kind::GivenName,
            id,
            if female { FEMALE_ENDINGS } else { MALE_ENDINGS },
        )
    }

    /// A town, e.g. `Korvaburg`.
    pub(crate) fn place(&mut self) -> String {
        let id = self.id();
        name(Kind::Place, id, PLACE_ENDINGS)
    }

    /// An organisation of `topic`, e.g. `Brenton Holdings`, and whether
    /// prose puts "the" before it.
    pub(crate) fn org(&mut self, topic: Topic) -> (String, bool) {
        let id = self.id();
        let patterns = org_patterns(topic);
        // The pattern is part of the entity: the same id, the same org.
        let (before, after, article) =
            patterns[(mix64(id ^ 0x0a9) % patterns.len() as u64) as usize];
        let base = name(Kind::Org, id, SURNAME_ENDINGS);
        (format!("{before}{base}{after}"), article)
    }
}

/// A bijection of the low 20 bits of `x` (multiplications by odd numbers
/// and xor-shifts are invertible modulo 2^20): neighbouring ids get
/// unrelated names.
const fn scramble20(x: u64, salt: u64) -> u64 {
    const MASK: u64 = (1 << 20) - 1;
    let mut x = (x ^ salt) & MASK;
    x = x.wrapping_mul(0x9_e37b) & MASK;
    x ^= x >> 10;
    x = x.wrapping_mul(0x5_bd1f) & MASK;
    x ^= x >> 9;
    x
}

fn push_syllable(out: &mut String, n: u64) {
    let n = n as usize % (ONSETS.len() * NUCLEI.len());
    out.push_str(ONSETS[n / NUCLEI.len()]);
    out.push_str(NUCLEI[n % NUCLEI.len()]);
}

/// The name of entity `id` of `kind`: the scrambled id's digits pick an
/// ending and two syllables (20 x 196 x 196 = 768,320 names with 20
/// endings); the rest of the first 2^20 ids get a third syllable, and ids
/// beyond them one more. Capitalized.
fn name(kind: Kind, id: u64, endings: &[&str]) -> String {
    let syllables = (ONSETS.len() * NUCLEI.len()) as u64;
    let low = scramble20(id, kind.salt());
    let high = id >> 20;
    let ending = endings[(low % endings.len() as u64) as usize];
    let rest = low / endings.len() as u64;
    let (first, rest) = (rest % syllables, rest / syllables);
    let (last, extra) = (rest % syllables, rest / syllables);
    let mut out = String::with_capacity(16);
    push_syllable(&mut out, first);
    if high > 0 {
        push_syllable(&mut out, mix64(high));
    }
    if extra > 0 {
        push_syllable(&mut out, mix64(low));
    }
    push_syllable(&mut out, last);
    out.push_str(ending);
    if let Some(initial) = out.get(..1) {
        let upper = initial.to_ascii_uppercase();
        out.replace_range(..1, &upper);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scramble20_is_a_bijection() {
        let mut seen = vec![false; 1 << 20];
        for x in 0..1u64 << 20 {
            let y = scramble20(x, Kind::Surname.salt()) as usize;
            assert!(!seen[y], "{x} collides");
            seen[y] = true;
        }
    }

    #[test]
    fn names_are_mostly_distinct_and_pronounceable() {
        let names: std::collections::HashSet<String> = (0..100_000)
            .map(|id| name(Kind::Surname, id, SURNAME_ENDINGS))
            .collect();
        // Concatenated syllables are sometimes ambiguous ("b"+"ra" vs
        // "br"+"a" never occurs, "r"+"an" vs "ra"+"n" can).
        assert!(names.len() > 97_000, "{} distinct", names.len());
        for n in names.iter().take(1000) {
            assert!(n.len() >= 3 && n.is_ascii(), "{n}");
            assert!(n.starts_with(|c: char| c.is_ascii_uppercase()), "{n}");
        }
    }

    #[test]
    fn ids_stay_below_the_horizon_and_reach_its_top() {
        let mut open = OpenVocab::new(42, 10_000);
        let ids: Vec<u64> = (0..20_000).map(|_| open.id()).collect();
        assert!(ids.iter().all(|&id| id < 11_000));
        assert!(ids.iter().any(|&id| id > 8_000));
        assert!(ids.iter().filter(|&&id| id < 64).count() > 1_000);
    }
}
