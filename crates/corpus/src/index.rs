//! The cross-reference index of a corpus: every article reduced to the light
//! record `dateline-links` resolves promos against, in one parallel pass.
//! What `dateline links` reports on, and what `dateline convert --resolve`
//! resolves with.

use dateline_links::Gazetteer;
use dateline_links::corpus::{ArticleRecord, Corpus as LinksCorpus, CorpusBuilder, PreparedRecord};

use crate::{Corpus, CorpusError, Loaded, Observer, Rejected, Totals};

/// A corpus indexed for resolution.
#[derive(Debug)]
#[non_exhaustive]
pub struct Index {
    /// The articles' records, indexed (`dateline_links::Resolver` resolves
    /// against it).
    pub corpus: LinksCorpus,
    /// The counts of the pass.
    pub totals: Totals,
    /// The id of every input, good or bad, in input order: what a second pass
    /// over the same corpus hands out (to name its output pages ahead, say).
    pub ids: Vec<Box<str>>,
}

impl Corpus {
    /// Reads and parses every article (in parallel, as [`Corpus::map`]) and
    /// indexes its headline, URL, promos and attributions. A bad input is
    /// left out of the index. `note` sees every input on its worker (to
    /// render a bad input's report, or warn of a renamed id) and `noted` gets
    /// what it returned, in input order. Each record's keys are computed on
    /// the workers too ([`PreparedRecord`]); the calling thread only inserts
    /// them. Memory holds the index (about a kilobyte an article), not the
    /// articles.
    ///
    /// ```
    /// use dateline_corpus::{Corpus, CorpusError};
    /// use dateline_links::Resolver;
    ///
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "Talks go on\n20220131\nhttps://example.com/a\nRead Also:Talks end\n")?;
    /// std::fs::write(dir.path().join("b.txt"), "Talks end\n20220201\nhttps://example.com/b\nThey ended.\n")?;
    /// let index = Corpus::new([dir.path()]).index(&(), |_| None::<()>, |()| Ok::<(), CorpusError>(()))?;
    /// let resolver = Resolver::new(&index.corpus);
    /// assert_eq!(resolver.resolve_from("a", "Talks end").to.as_deref(), Some("b"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Corpus::map`]; [`CorpusError::Index`] when the index is full.
    pub fn index<R, E>(
        &self,
        observer: &dyn Observer,
        note: impl Fn(Result<&Loaded<'_>, &Rejected<'_>>) -> Option<R> + Sync,
        noted: impl FnMut(R) -> Result<(), E>,
    ) -> Result<Index, E>
    where
        R: Send,
        E: From<CorpusError>,
    {
        self.index_with_outlets(Gazetteer::builtin(), observer, note, noted)
    }

    /// [`Corpus::index`], finding the spaced attributions
    /// ([`dateline_links::spaced`]) that name outlets of `gazetteer` (the
    /// built-in one extended by a user file, say) rather than the built-in
    /// one's.
    ///
    /// # Errors
    ///
    /// As [`Corpus::index`].
    pub fn index_with_outlets<R, E>(
        &self,
        gazetteer: &Gazetteer,
        observer: &dyn Observer,
        note: impl Fn(Result<&Loaded<'_>, &Rejected<'_>>) -> Option<R> + Sync,
        mut noted: impl FnMut(R) -> Result<(), E>,
    ) -> Result<Index, E>
    where
        R: Send,
        E: From<CorpusError>,
    {
        let mut builder = CorpusBuilder::new();
        let mut ids = Vec::new();
        let totals = self.map(
            observer,
            |loaded| {
                let said = note(loaded.as_ref());
                let id: Box<str> = match &loaded {
                    Ok(loaded) => loaded.article.id.as_deref().unwrap_or_default().into(),
                    Err(rejected) => rejected.id.as_deref().unwrap_or_default().into(),
                };
                // The record's keys are computed here, on the worker: the
                // consumer only inserts them.
                let record = loaded.ok().map(|loaded| {
                    PreparedRecord::new(ArticleRecord::from_article_with(
                        &loaded.article,
                        gazetteer,
                    ))
                });
                (said, id, record)
            },
            |(said, id, record)| {
                ids.push(id);
                if let Some(said) = said {
                    noted(said)?;
                }
                match record {
                    Some(record) => builder
                        .push_prepared(record)
                        .map(drop)
                        .map_err(|e| E::from(CorpusError::Index(e))),
                    None => Ok(()),
                }
            },
        )?;
        Ok(Index {
            corpus: builder.build(),
            totals,
            ids,
        })
    }
}
