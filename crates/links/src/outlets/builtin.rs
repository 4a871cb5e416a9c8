//! The built-in gazetteer: `data/outlets.toml`, read and checked by the
//! crate's build script with the [format](super::format) rules of a user's
//! file, and compiled in as static tables (`OUT_DIR/outlets.rs`).

use std::sync::OnceLock;

use super::gazetteer::Gazetteer;
use super::index::Index;
use super::outlet::{Outlet, OutletKind};

/// One outlet of the built-in table, as the build script writes it.
struct Builtin {
    /// The line of its record in `data/outlets.toml`.
    line: usize,
    id: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    domains: &'static [&'static str],
    kind: OutletKind,
    country: &'static str,
}

// `OUTLETS: [Builtin; _]` in file order, and `NAME_KEYS` and `DOMAINS`:
// `[(&str, usize); _]`, each key with the position of its outlet.
include!(concat!(env!("OUT_DIR"), "/outlets.rs"));

impl Builtin {
    fn to_outlet(&self) -> Outlet {
        let strings = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        Outlet {
            id: self.id.to_owned(),
            name: self.name.to_owned(),
            aliases: strings(self.aliases),
            domains: strings(self.domains),
            kind: self.kind,
            country: self.country.to_owned(),
        }
    }
}

impl Gazetteer {
    /// The gazetteer built into the crate (see the [module docs](super)).
    ///
    /// Its file was read, checked and keyed when the crate was built; the
    /// first call only copies the compiled table into a [`Gazetteer`], and
    /// every later call returns that one.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| Gazetteer {
            outlets: OUTLETS.iter().map(Builtin::to_outlet).collect(),
            lines: OUTLETS.iter().map(|o| Some(o.line)).collect(),
            index: Index::trusted(
                OUTLETS.iter().enumerate().map(|(i, o)| (o.id, i)),
                NAME_KEYS.iter().copied(),
                DOMAINS.iter().copied(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::outlets::GazetteerError;
    use crate::outlets::format::check_domain;
    use crate::outlets::key::name_key;

    fn builtin() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn id_for_name(name: &str) -> Option<&'static str> {
        builtin().lookup_name(name).map(Outlet::id)
    }

    fn id_for_host(host: &str) -> Option<&'static str> {
        builtin().lookup_host(host).map(Outlet::id)
    }

    #[test]
    fn the_compiled_table_is_the_file_read_at_run_time() -> Result<(), GazetteerError> {
        // What the build script wrote against what reading the same file now
        // gives: the outlets in order, their lines, and every key of the index.
        let read: Gazetteer = include_str!("../../data/outlets.toml").parse()?;
        assert_eq!(builtin().outlets, read.outlets);
        assert_eq!(builtin().lines, read.lines);
        assert_eq!(builtin().index, read.index);
        Ok(())
    }

    #[test]
    fn builtin_has_more_than_150_outlets() {
        assert!(builtin().len() > 150, "{}", builtin().len());
        assert!(!builtin().is_empty());
    }

    #[test]
    fn every_builtin_record_is_valid() {
        // Parsing validates every record; check the invariants once more here.
        let mut seen_domains = HashMap::new();
        let mut seen_names = HashMap::new();
        for outlet in builtin() {
            assert!(!outlet.name().trim().is_empty(), "{}", outlet.id());
            assert!(!outlet.domains().is_empty(), "{}", outlet.id());
            assert_eq!(outlet.country().len(), 2, "{}", outlet.id());
            for domain in outlet.domains() {
                assert_eq!(check_domain(domain), Ok(()), "{}: {domain}", outlet.id());
                if let Some(other) = seen_domains.insert(domain.clone(), outlet.id()) {
                    panic!("{domain} claimed by {other} and {}", outlet.id());
                }
                assert_eq!(id_for_host(domain), Some(outlet.id()));
                assert_eq!(id_for_host(&format!("www.{domain}")), Some(outlet.id()));
            }
            let mut keys: Vec<String> = outlet.names().map(name_key).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if let Some(other) = seen_names.insert(key.clone(), outlet.id()) {
                    panic!("{key:?} claimed by {other} and {}", outlet.id());
                }
            }
            for name in outlet.names() {
                assert_eq!(id_for_name(name), Some(outlet.id()), "{name}");
            }
            assert_eq!(builtin().get(outlet.id()), Some(outlet));
        }
    }

    #[test]
    fn builtin_covers_the_outlets_named_in_the_seed() {
        // `PerBBC,`, `perNBC News.`, `perAP News,` and the seed's own host.
        assert_eq!(id_for_name("BBC"), Some("bbc"));
        assert_eq!(id_for_name("NBC News"), Some("nbc-news"));
        assert_eq!(id_for_name("AP News"), Some("ap"));
        assert_eq!(id_for_host("www.hngn.com"), Some("hngn"));
        assert_eq!(id_for_name("HNGN"), Some("hngn"));
        assert_eq!(id_for_name("Headlines & Global News"), Some("hngn"));
        assert_eq!(id_for_name("Headlines and Global News"), Some("hngn"));
    }

    #[test]
    fn builtin_covers_the_major_outlets() {
        for (name, id) in [
            ("Reuters", "reuters"),
            ("Associated Press", "ap"),
            ("The Associated Press", "ap"),
            ("AP", "ap"),
            ("AFP", "afp"),
            ("CNN", "cnn"),
            ("ABC News", "abc-news"),
            ("CBS News", "cbs-news"),
            ("Fox News", "fox-news"),
            ("New York Times", "nyt"),
            ("WaPo", "washington-post"),
            ("WSJ", "wsj"),
            ("The Guardian", "guardian"),
            ("The Independent", "independent"),
            ("Telegraph", "telegraph"),
            ("The Times", "the-times"),
            ("FT", "ft"),
            ("The Economist", "economist"),
            ("Bloomberg", "bloomberg"),
            ("CNBC", "cnbc"),
            ("POLITICO", "politico"),
            ("The Hill", "the-hill"),
            ("Axios", "axios"),
            ("NPR", "npr"),
            ("PBS", "pbs"),
            ("USA Today", "usa-today"),
            ("LA Times", "la-times"),
            ("Al Jazeera", "al-jazeera"),
            ("DW", "dw"),
            ("France 24", "france-24"),
            ("RT", "rt"),
            ("Sky News", "sky-news"),
            ("Daily Mail", "daily-mail"),
            ("Mirror", "mirror"),
            ("The Sun", "the-sun"),
            ("Times of India", "times-of-india"),
            ("Hindustan Times", "hindustan-times"),
            ("ABC Australia", "abc-australia"),
            ("SMH", "smh"),
            ("CBC", "cbc"),
            ("Globe and Mail", "globe-and-mail"),
            ("Japan Times", "japan-times"),
            ("SCMP", "scmp"),
            ("Straits Times", "straits-times"),
            ("Haaretz", "haaretz"),
            ("Jerusalem Post", "jerusalem-post"),
            ("Kyiv Independent", "kyiv-independent"),
            ("TASS", "tass"),
            ("Xinhua", "xinhua"),
            ("Yonhap", "yonhap"),
            ("Kyodo", "kyodo"),
            ("ANI", "ani"),
            ("PTI", "pti"),
            ("Vox", "vox"),
            ("Vice", "vice"),
            ("BuzzFeed News", "buzzfeed-news"),
            ("HuffPost", "huffpost"),
            ("Business Insider", "business-insider"),
            ("Forbes", "forbes"),
            ("Fortune", "fortune"),
            ("Time", "time"),
            ("Newsweek", "newsweek"),
            ("The Atlantic", "the-atlantic"),
            ("New Yorker", "new-yorker"),
            ("Wired", "wired"),
            ("TechCrunch", "techcrunch"),
            ("The Verge", "the-verge"),
            ("Ars Technica", "ars-technica"),
            ("Engadget", "engadget"),
        ] {
            assert_eq!(id_for_name(name), Some(id), "{name}");
        }
    }

    #[test]
    fn kinds_spell_as_in_the_file() {
        assert_eq!(OutletKind::Wire.to_string(), "wire");
        assert_eq!(
            builtin().get("reuters").map(Outlet::kind),
            Some(OutletKind::Wire)
        );
        assert_eq!(builtin().get("bbc").map(Outlet::country), Some("GB"));
        assert_eq!(
            builtin().get("ap").map(Outlet::domains),
            Some(&["apnews.com".to_owned(), "ap.org".to_owned()][..])
        );
    }
}
