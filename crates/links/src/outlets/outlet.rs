//! One outlet: the validated record a gazetteer holds.
//!
//! Shared with the crate's build script (which reads the built-in file), so it
//! names nothing outside the `outlets` module.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of outlet publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OutletKind {
    /// A newspaper, printed now or once (also online-only former papers).
    Newspaper,
    /// A television or radio broadcaster.
    Broadcaster,
    /// A news agency selling copy to other outlets.
    Wire,
    /// A magazine, weekly or monthly.
    Magazine,
    /// A digital-native news site.
    Digital,
}

impl OutletKind {
    /// The kind as spelled in the file format (`"wire"`).
    pub fn as_str(self) -> &'static str {
        match self {
            OutletKind::Newspaper => "newspaper",
            OutletKind::Broadcaster => "broadcaster",
            OutletKind::Wire => "wire",
            OutletKind::Magazine => "magazine",
            OutletKind::Digital => "digital",
        }
    }
}

impl fmt::Display for OutletKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One outlet of a [`Gazetteer`](super::Gazetteer): always valid (see the
/// [module docs](super)).
///
/// Only the file format's validation and the built-in table (checked by the
/// same validation when the crate is built) make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outlet {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) aliases: Vec<String>,
    pub(super) domains: Vec<String>,
    pub(super) kind: OutletKind,
    pub(super) country: String,
}

impl Outlet {
    /// The stable id (`"ap"`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name (`"Associated Press"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Other names (`["AP", "AP News", ...]`), as written in the file.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The host names it publishes on (`["apnews.com", "ap.org"]`).
    pub fn domains(&self) -> &[String] {
        &self.domains
    }

    /// What kind of outlet it is.
    pub fn kind(&self) -> OutletKind {
        self.kind
    }

    /// Its home country, as an ISO 3166-1 alpha-2 code (`"US"`).
    pub fn country(&self) -> &str {
        &self.country
    }

    /// The name followed by the aliases.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}
