//! Real outlet hosts and the shapes of their article URLs.
//!
//! Each shape mirrors what the outlet actually publishes (section paths,
//! where the date sits, numeric or hex ids, trailing slashes, query
//! strings), because URL parsing, canonicalization and date extraction in
//! the rest of the workspace are benchmarked against this corpus.

use std::fmt::Write as _;

use super::date::Date;
use super::rng::SplitMix64;
use super::text::{SlugStyle, push_slug};
use super::vocab::{Country, MONTHS, Region, Topic};

/// The URL shape of an outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `http://www.hngn.com/articles/240451/20220207/slug.htm` and the
    /// same network's sister sites (the seed's shape).
    HngnNetwork {
        id_digits: usize,
    },
    Bbc,
    Reuters,
    NyTimes,
    ApNews,
    Cnn,
    Guardian,
    AlJazeera,
    FoxNews,
    Bloomberg,
    WashingtonPost,
    NbcNews,
    Cnbc,
    Npr,
    UsaToday,
    Independent,
    Telegraph,
    Dw,
    France24,
    Euronews,
    Politico,
    Axios,
    TheHill,
    LaTimes,
    AbcNews,
    CbsNews,
    Time,
    /// `https://www.ibtimes.com/slug-3412345` (also Newsweek).
    SlugDashId {
        id_digits: usize,
    },
    Scmp,
    TimesOfIndia,
}

/// A news outlet: scheme and host prefix, URL shape, slug style, weight.
pub(crate) struct Outlet {
    prefix: &'static str,
    shape: Shape,
    slug: SlugStyle,
    weight: u32,
}

const fn slug(drop_stop_words: bool, max_words: usize, max_chars: usize) -> SlugStyle {
    SlugStyle {
        drop_stop_words,
        max_words,
        max_chars,
    }
}

const fn outlet(prefix: &'static str, shape: Shape, slug: SlugStyle, weight: u32) -> Outlet {
    Outlet {
        prefix,
        shape,
        slug,
        weight,
    }
}

/// HNGN-style slugs: stop words dropped, cut near 70 bytes (seed).
const HNGN_SLUG: SlugStyle = slug(true, 11, 70);
/// The most common style: every word kept, moderately long.
const FULL_SLUG: SlugStyle = slug(false, 12, 90);
/// Short keyword slugs (NYT, CNN, Washington Post).
const SHORT_SLUG: SlugStyle = slug(true, 6, 60);

/// The outlets, weighted so that the seed's HNGN network is common.
pub(crate) const OUTLETS: &[Outlet] = &[
    outlet(
        "http://www.hngn.com",
        Shape::HngnNetwork { id_digits: 6 },
        HNGN_SLUG,
        12,
    ),
    outlet(
        "https://www.techtimes.com",
        Shape::HngnNetwork { id_digits: 6 },
        HNGN_SLUG,
        5,
    ),
    outlet(
        "https://www.sciencetimes.com",
        Shape::HngnNetwork { id_digits: 5 },
        HNGN_SLUG,
        4,
    ),
    outlet(
        "https://www.natureworldnews.com",
        Shape::HngnNetwork { id_digits: 5 },
        HNGN_SLUG,
        2,
    ),
    outlet("https://www.bbc.com", Shape::Bbc, FULL_SLUG, 6),
    outlet("https://www.reuters.com", Shape::Reuters, FULL_SLUG, 6),
    outlet("https://www.nytimes.com", Shape::NyTimes, SHORT_SLUG, 5),
    outlet("https://apnews.com", Shape::ApNews, slug(false, 10, 80), 5),
    outlet("https://www.cnn.com", Shape::Cnn, SHORT_SLUG, 4),
    outlet(
        "https://www.theguardian.com",
        Shape::Guardian,
        slug(false, 14, 100),
        4,
    ),
    outlet(
        "https://www.aljazeera.com",
        Shape::AlJazeera,
        slug(false, 14, 100),
        3,
    ),
    outlet(
        "https://www.foxnews.com",
        Shape::FoxNews,
        slug(false, 10, 80),
        3,
    ),
    outlet(
        "https://www.bloomberg.com",
        Shape::Bloomberg,
        slug(false, 10, 80),
        2,
    ),
    outlet(
        "https://www.washingtonpost.com",
        Shape::WashingtonPost,
        SHORT_SLUG,
        3,
    ),
    outlet("https://www.nbcnews.com", Shape::NbcNews, FULL_SLUG, 3),
    outlet("https://www.cnbc.com", Shape::Cnbc, slug(false, 10, 80), 2),
    outlet("https://www.npr.org", Shape::Npr, slug(false, 10, 80), 2),
    outlet("https://www.usatoday.com", Shape::UsaToday, FULL_SLUG, 2),
    outlet(
        "https://www.independent.co.uk",
        Shape::Independent,
        slug(false, 14, 100),
        2,
    ),
    outlet(
        "https://www.telegraph.co.uk",
        Shape::Telegraph,
        FULL_SLUG,
        2,
    ),
    outlet("https://www.dw.com", Shape::Dw, slug(false, 8, 70), 2),
    outlet("https://www.france24.com", Shape::France24, FULL_SLUG, 2),
    outlet("https://www.euronews.com", Shape::Euronews, FULL_SLUG, 2),
    outlet(
        "https://www.politico.com",
        Shape::Politico,
        slug(false, 10, 80),
        2,
    ),
    outlet("https://www.axios.com", Shape::Axios, slug(true, 7, 60), 2),
    outlet("https://thehill.com", Shape::TheHill, FULL_SLUG, 2),
    outlet("https://www.latimes.com", Shape::LaTimes, FULL_SLUG, 2),
    outlet(
        "https://abcnews.go.com",
        Shape::AbcNews,
        slug(false, 10, 80),
        2,
    ),
    outlet("https://www.cbsnews.com", Shape::CbsNews, FULL_SLUG, 2),
    outlet("https://time.com", Shape::Time, slug(false, 8, 70), 2),
    outlet(
        "https://www.ibtimes.com",
        Shape::SlugDashId { id_digits: 7 },
        FULL_SLUG,
        2,
    ),
    outlet(
        "https://www.newsweek.com",
        Shape::SlugDashId { id_digits: 7 },
        FULL_SLUG,
        2,
    ),
    outlet("https://www.scmp.com", Shape::Scmp, FULL_SLUG, 2),
    outlet(
        "https://timesofindia.indiatimes.com",
        Shape::TimesOfIndia,
        FULL_SLUG,
        2,
    ),
];

impl Outlet {
    /// Whether this outlet's URL for an article of `date` carries a date in
    /// its path (Reuters only does since its 2020 redesign).
    pub(crate) fn is_dated(&self, date: Date) -> bool {
        match self.shape {
            Shape::Reuters => date.year >= 2020,
            Shape::Bbc
            | Shape::ApNews
            | Shape::FoxNews
            | Shape::NbcNews
            | Shape::Independent
            | Shape::Dw
            | Shape::TheHill
            | Shape::AbcNews
            | Shape::CbsNews
            | Shape::Time
            | Shape::SlugDashId { .. }
            | Shape::Scmp
            | Shape::TimesOfIndia => false,
            _ => true,
        }
    }
}

/// Picks an outlet; with `dated_only`, only among outlets whose URL for
/// `date` shows a date (used for header/URL date mismatches, which are
/// only observable there).
pub(crate) fn pick_outlet(rng: &mut SplitMix64, date: Date, dated_only: bool) -> &'static Outlet {
    let total: u64 = OUTLETS
        .iter()
        .filter(|o| !dated_only || o.is_dated(date))
        .map(|o| u64::from(o.weight))
        .sum();
    let mut roll = rng.below(total);
    let mut last = &OUTLETS[0];
    for o in OUTLETS.iter().filter(|o| !dated_only || o.is_dated(date)) {
        let w = u64::from(o.weight);
        if roll < w {
            return o;
        }
        roll -= w;
        last = o;
    }
    last
}

fn push_digits(out: &mut String, n: usize, rng: &mut SplitMix64) {
    // A leading zero would look like no real id, so the first digit is 1-9.
    for i in 0..n {
        let d = if i == 0 {
            1 + rng.below(9)
        } else {
            rng.below(10)
        };
        out.push(char::from(b'0' + d as u8));
    }
}

fn push_hex(out: &mut String, n: usize, rng: &mut SplitMix64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for _ in 0..n {
        out.push(char::from(HEX[rng.index(16)]));
    }
}

fn push_upper_alnum(out: &mut String, n: usize, rng: &mut SplitMix64) {
    const ALNUM: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for _ in 0..n {
        out.push(char::from(ALNUM[rng.index(36)]));
    }
}

fn region_slug(region: Region) -> &'static str {
    match region {
        Region::Europe => "europe",
        Region::Asia => "asia",
        Region::MiddleEast => "middle-east",
        Region::Africa => "africa",
        Region::Americas => "americas",
        Region::UsCanada => "us",
        Region::Oceania => "asia-pacific",
    }
}

/// The most common section vocabulary.
fn plain_section(topic: Topic) -> &'static str {
    match topic {
        Topic::Politics => "politics",
        Topic::World => "world",
        Topic::Economy => "business",
        Topic::Tech => "technology",
        Topic::Sport => "sport",
        Topic::Health => "health",
        Topic::Science => "science",
    }
}

/// American outlets say "sports" and "tech".
fn us_section(topic: Topic) -> &'static str {
    match topic {
        Topic::Sport => "sports",
        Topic::Tech => "tech",
        other => plain_section(other),
    }
}

/// Appends the article URL for `headline` to `out`, with `url_date` in its
/// path when the shape has a date.
pub(crate) fn push_url(
    out: &mut String,
    outlet: &Outlet,
    topic: Topic,
    country: &Country,
    url_date: Date,
    headline: &str,
    rng: &mut SplitMix64,
) {
    let (y, m, d) = (url_date.year, url_date.month, url_date.day);
    let slug = |out: &mut String| push_slug(out, headline, outlet.slug);
    out.push_str(outlet.prefix);
    // `write!` into a String cannot fail; the results are ignored on purpose.
    match outlet.shape {
        Shape::HngnNetwork { id_digits } => {
            out.push_str("/articles/");
            push_digits(out, id_digits, rng);
            let _ = write!(out, "/{y:04}{m:02}{d:02}/");
            slug(out);
            out.push_str(".htm");
        }
        Shape::Bbc => {
            if topic == Topic::Sport {
                out.push_str("/sport/");
                out.push_str(rng.pick(&["football", "tennis", "formula1", "athletics", "cricket"]));
                out.push('/');
            } else {
                out.push_str("/news/");
                match topic {
                    Topic::Politics if country.name == "Britain" => out.push_str("uk-politics"),
                    Topic::Politics | Topic::World => {
                        out.push_str("world-");
                        out.push_str(match country.region {
                            Region::UsCanada => "us-canada",
                            Region::Americas => "latin-america",
                            Region::Oceania => "australia",
                            r => region_slug(r),
                        });
                    }
                    Topic::Science => out.push_str("science-environment"),
                    t => out.push_str(plain_section(t)),
                }
                out.push('-');
            }
            push_digits(out, 8, rng);
        }
        Shape::Reuters => {
            if y >= 2020 {
                out.push('/');
                match topic {
                    Topic::World | Topic::Politics => {
                        out.push_str("world/");
                        out.push_str(region_slug(country.region));
                    }
                    Topic::Economy => out.push_str(rng.pick(&[
                        "business/finance",
                        "markets/europe",
                        "markets/us",
                    ])),
                    Topic::Tech => out.push_str("technology"),
                    Topic::Sport => out.push_str("sports/soccer"),
                    Topic::Health => out.push_str("business/healthcare-pharmaceuticals"),
                    Topic::Science => out.push_str("business/environment"),
                }
                out.push('/');
                slug(out);
                let _ = write!(out, "-{y:04}-{m:02}-{d:02}/");
            } else {
                out.push_str("/article/us-");
                slug(out);
                out.push_str("-idUSKBN");
                push_digits(out, 1, rng);
                push_upper_alnum(out, 5, rng);
            }
        }
        Shape::NyTimes => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/");
            match topic {
                Topic::World => {
                    out.push_str("world/");
                    out.push_str(region_slug(country.region));
                }
                Topic::Politics => out.push_str("us/politics"),
                Topic::Economy => out.push_str("business/economy"),
                Topic::Sport => out.push_str("sports/soccer"),
                Topic::Science => out.push_str(rng.pick(&["climate", "science"])),
                t => out.push_str(plain_section(t)),
            }
            out.push('/');
            slug(out);
            out.push_str(".html");
        }
        Shape::ApNews => {
            out.push_str("/article/");
            slug(out);
            out.push('-');
            push_hex(out, 32, rng);
        }
        Shape::Cnn => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/{}/", us_section(topic));
            slug(out);
            if topic == Topic::World && rng.percent(40) {
                out.push_str("-intl");
            }
            out.push_str("/index.html");
        }
        Shape::Guardian => {
            let section = match topic {
                Topic::Politics if country.name == "Britain" => "politics",
                Topic::Politics => "us-news",
                Topic::Science => "environment",
                Topic::Sport => "football",
                t => plain_section(t),
            };
            let month = &MONTHS[usize::from(m) - 1][..3];
            let _ = write!(
                out,
                "/{section}/{y:04}/{}/{d:02}/",
                month.to_ascii_lowercase()
            );
            slug(out);
        }
        Shape::AlJazeera => {
            let section = if topic == Topic::Economy {
                "economy"
            } else {
                "news"
            };
            let _ = write!(out, "/{section}/{y}/{m}/{d}/");
            slug(out);
        }
        Shape::FoxNews => {
            let _ = write!(out, "/{}/", us_section(topic));
            slug(out);
        }
        Shape::Bloomberg => {
            let _ = write!(out, "/news/articles/{y:04}-{m:02}-{d:02}/");
            slug(out);
        }
        Shape::WashingtonPost => {
            let _ = write!(out, "/{}/{y:04}/{m:02}/{d:02}/", us_section(topic));
            slug(out);
            out.push('/');
        }
        Shape::NbcNews => {
            let section = match topic {
                Topic::World => "news/world",
                Topic::Economy => "business/economy",
                t => us_section(t),
            };
            let _ = write!(out, "/{section}/");
            slug(out);
            if y >= 2021 {
                out.push_str("-rcna");
                push_digits(out, 5 + rng.index(2), rng);
            } else {
                out.push_str("-n");
                push_digits(out, 7, rng);
            }
        }
        Shape::Cnbc => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/");
            slug(out);
            out.push_str(".html");
        }
        Shape::Npr => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/");
            push_digits(out, 10, rng);
            out.push('/');
            slug(out);
        }
        Shape::UsaToday => {
            let section = match topic {
                Topic::Politics | Topic::World => "news",
                Topic::Economy => "money",
                t => us_section(t),
            };
            let _ = write!(out, "/story/{section}/{y:04}/{m:02}/{d:02}/");
            slug(out);
            out.push('/');
            push_digits(out, 8, rng);
            out.push_str("001/");
        }
        Shape::Independent => {
            let _ = write!(out, "/news/{}/", plain_section(topic));
            slug(out);
            out.push_str("-b");
            push_digits(out, 7, rng);
            out.push_str(".html");
        }
        Shape::Telegraph => {
            let section = if topic == Topic::World {
                "world-news"
            } else {
                plain_section(topic)
            };
            let _ = write!(out, "/{section}/{y:04}/{m:02}/{d:02}/");
            slug(out);
            out.push('/');
        }
        Shape::Dw => {
            out.push_str("/en/");
            slug(out);
            out.push_str("/a-");
            push_digits(out, 8, rng);
        }
        Shape::France24 => {
            let section = match topic {
                Topic::World => match country.region {
                    Region::Europe => "europe",
                    Region::Asia | Region::Oceania => "asia-pacific",
                    Region::MiddleEast => "middle-east",
                    Region::Africa => "africa",
                    Region::Americas | Region::UsCanada => "americas",
                },
                Topic::Politics => "france",
                Topic::Science => "environment",
                Topic::Tech => "technology",
                t => plain_section(t),
            };
            let _ = write!(out, "/en/{section}/{y:04}{m:02}{d:02}-");
            slug(out);
        }
        Shape::Euronews => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/");
            slug(out);
        }
        Shape::Politico => {
            let _ = write!(out, "/news/{y:04}/{m:02}/{d:02}/");
            slug(out);
            out.push('-');
            push_digits(out, 8, rng);
        }
        Shape::Axios => {
            let _ = write!(out, "/{y:04}/{m:02}/{d:02}/");
            slug(out);
        }
        Shape::TheHill => {
            let section = match topic {
                Topic::Politics => "homenews/administration",
                Topic::World => "policy/international",
                Topic::Economy => "business",
                Topic::Tech => "policy/technology",
                Topic::Sport => "sports",
                Topic::Health => "policy/healthcare",
                Topic::Science => "policy/energy-environment",
            };
            let _ = write!(out, "/{section}/");
            push_digits(out, 7, rng);
            out.push('-');
            slug(out);
            out.push('/');
        }
        Shape::LaTimes => {
            let section = match topic {
                Topic::Economy => "business",
                Topic::Tech => "business/technology",
                Topic::Science => "environment",
                t => us_section(t),
            };
            let _ = write!(out, "/{section}/story/{y:04}-{m:02}-{d:02}/");
            slug(out);
        }
        Shape::AbcNews => {
            let section = match topic {
                Topic::Politics => "Politics",
                Topic::World => "International",
                Topic::Economy => "Business",
                Topic::Tech => "Technology",
                Topic::Sport => "Sports",
                Topic::Health => "Health",
                Topic::Science => "US",
            };
            let _ = write!(out, "/{section}/");
            slug(out);
            out.push_str("/story?id=");
            push_digits(out, 8, rng);
        }
        Shape::CbsNews => {
            out.push_str("/news/");
            slug(out);
            out.push('/');
        }
        Shape::Time => {
            out.push('/');
            push_digits(out, 7, rng);
            out.push('/');
            slug(out);
            out.push('/');
        }
        Shape::SlugDashId { id_digits } => {
            out.push('/');
            slug(out);
            out.push('-');
            push_digits(out, id_digits, rng);
        }
        Shape::Scmp => {
            let section = match topic {
                Topic::World | Topic::Politics => match country.region {
                    Region::Asia if country.name == "China" => "china/diplomacy",
                    Region::Asia | Region::Oceania => "asia/east-asia",
                    _ => "world/europe",
                },
                Topic::Economy => "economy/global-economy",
                Topic::Tech => "tech/big-tech",
                Topic::Sport => "sport/football",
                Topic::Health => "news/hong-kong/health-environment",
                Topic::Science => "news/world/science",
            };
            // SCMP's economy and tech sections live outside /news/.
            if section.starts_with("world")
                || section.starts_with("china")
                || section.starts_with("asia")
            {
                let _ = write!(out, "/news/{section}/article/");
            } else {
                let _ = write!(out, "/{section}/article/");
            }
            push_digits(out, 7, rng);
            out.push('/');
            slug(out);
        }
        Shape::TimesOfIndia => {
            let section = match topic {
                Topic::World => match country.region {
                    Region::Europe => "world/europe",
                    Region::UsCanada => "world/us",
                    Region::MiddleEast => "world/middle-east",
                    _ => "world/rest-of-world",
                },
                Topic::Politics => "india",
                Topic::Economy => "business/international-business",
                Topic::Tech => "technology/tech-news",
                Topic::Sport => "sports/football",
                Topic::Health => "life-style/health-fitness/health-news",
                Topic::Science => "home/science",
            };
            let _ = write!(out, "/{section}/");
            slug(out);
            out.push_str("/articleshow/");
            push_digits(out, 8, rng);
            out.push_str(".cms");
        }
    }
}
