//! dateline-corpus as a library user sees it: a corpus on disk (directories,
//! archives, a list), read in parallel, handed back in input order.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use dateline_corpus::{Corpus, CorpusError, Failure};
use dateline_test_support::{GenConfig, WriteOptions, write_corpus};

/// A generated corpus of a few hundred articles in subdirectories of 37
/// (so that batches of 64 span directories), uneven in size, with three bad
/// files among them. Returns its root.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    write_corpus(
        &GenConfig::new(9).with_messy(true),
        &WriteOptions {
            out_dir: root.clone(),
            budget_bytes: 1_200_000,
            files_per_dir: Some(37),
            force: false,
        },
    )
    .expect("a generated corpus");
    fs::write(
        root.join("0003/bad-date.txt"),
        "Talks\n20221341\nhttps://example.com/\n",
    )
    .expect("a bad file");
    fs::write(root.join("0005/empty.txt"), "").expect("an empty file");
    fs::write(root.join("0007/utf16.txt"), [0xff, 0xfe, b'T', 0]).expect("a UTF-16 file");
    fs::write(root.join("0001/notes.md"), "not an article").expect("a non-article");
    root
}

/// Every article's (name, title or error code), in the order `map` hands them
/// over, with `threads` workers.
fn read(corpus: &Corpus, threads: usize) -> (Vec<(String, String)>, dateline_corpus::Totals) {
    let mut seen = Vec::new();
    let corpus = corpus
        .clone()
        .threads(NonZeroUsize::new(threads).expect("non-zero"));
    let totals = corpus
        .map(
            &(),
            |loaded| match loaded {
                Ok(a) => (a.name.into_owned(), a.article.title.to_string()),
                Err(r) => (
                    r.name.into_owned(),
                    r.diagnostics[0].code.as_str().to_owned(),
                ),
            },
            |pair| {
                seen.push(pair);
                Ok::<(), CorpusError>(())
            },
        )
        .expect("the run goes through");
    (seen, totals)
}

#[test]
fn results_come_in_name_order_whatever_the_threads() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = corpus(dir.path());
    let corpus = Corpus::new([&root]);
    let (one, totals) = read(&corpus, 1);
    let (four, _) = read(&corpus, 4);
    assert_eq!(one, four, "the same order on one worker and on four");

    // Name order: the files of each directory, directories in order, as a
    // sorted walk lists them (subdirectory names sort like their files).
    let mut expected: Vec<String> = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = fs::read_dir(&d)
            .expect("list")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        expected.extend(files.iter().map(|p| p.display().to_string()));
    }
    let names: Vec<&str> = one.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected);
    assert!(
        one.len() > 300,
        "{} articles: several batches on several workers",
        one.len()
    );

    assert_eq!(totals.items, one.len() as u64);
    assert_eq!(totals.failed, 3);
    assert_eq!(totals.skipped, 1, "notes.md");
    assert!(!totals.stopped);
    let codes: BTreeSet<&str> = one
        .iter()
        .filter(|(_, t)| t.len() == 4 && t.starts_with('E'))
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(codes, BTreeSet::from(["E001", "E002", "E003"]));
    let bytes: u64 = expected
        .iter()
        .map(|p| fs::metadata(p).expect("stat").len())
        .sum();
    assert_eq!(totals.bytes, bytes);
}

#[test]
fn fail_fast_stops_at_the_first_bad_input_in_order() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = corpus(dir.path());
    let (all, _) = read(&Corpus::new([&root]), 2);
    let first_bad = all
        .iter()
        .position(|(name, _)| name.ends_with("bad-date.txt"))
        .expect("the bad file is read");
    let (stopped, totals) = read(&Corpus::new([&root]).fail_fast(true), 2);
    assert!(totals.stopped);
    assert_eq!(stopped, all[..=first_bad], "everything before it, then it");
    assert_eq!(totals.failed, 1);
}

#[test]
fn for_each_hands_over_owned_articles_and_failures() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = corpus(dir.path());
    let mut articles = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    let totals = Corpus::new([&root])
        .for_each(|result| {
            match result {
                Ok(article) => articles.push(article),
                Err(failure) => failures.push(failure),
            }
            Ok::<(), CorpusError>(())
        })
        .expect("the run goes through");
    assert_eq!(articles.len() + failures.len(), totals.items as usize);
    assert_eq!(failures.len(), 3);
    let bad = failures
        .iter()
        .find(|f| f.name.ends_with("bad-date.txt"))
        .expect("the bad date");
    assert_eq!(bad.bytes, b"Talks\n20221341\nhttps://example.com/\n");
    // Ids are the file stems.
    let stems: BTreeSet<String> = articles
        .iter()
        .map(|a| a.id.as_deref().expect("an id").to_owned())
        .collect();
    assert_eq!(
        stems.len(),
        articles.len(),
        "the generator's names are unique"
    );
    assert!(articles.iter().all(|a| !a.title.is_empty()));
}

/// `dir`'s files as a tar stream, in name order, members named relative to `dir`.
fn tar_of(dir: &Path, out: impl Write) -> impl Write {
    let mut builder = tar::Builder::new(out);
    builder.append_dir_all("corpus", dir).expect("tar");
    builder.into_inner().expect("tar ends")
}

#[test]
fn archives_read_like_their_directory() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = corpus(dir.path());
    let (from_dir, _) = read(&Corpus::new([&root]), 2);

    let tgz = dir.path().join("corpus.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        fs::File::create(&tgz).expect("create"),
        flate2::Compression::fast(),
    );
    tar_of(&root, gz).flush().expect("flush");
    let tzst = dir.path().join("corpus.tzst");
    let zst = zstd::stream::write::Encoder::new(fs::File::create(&tzst).expect("create"), 1)
        .expect("zstd")
        .auto_finish();
    tar_of(&root, zst).flush().expect("flush");

    for archive in [&tgz, &tzst] {
        let (from_archive, totals) = read(&Corpus::new([archive]), 2);
        assert_eq!(totals.items, from_dir.len() as u64, "{}", archive.display());
        // The same articles (the archive's order is the order tar wrote).
        let titles =
            |v: &[(String, String)]| v.iter().map(|(_, t)| t.clone()).collect::<BTreeSet<_>>();
        assert_eq!(titles(&from_archive), titles(&from_dir));
        let prefix = format!("{}:corpus/", archive.display());
        assert!(
            from_archive
                .iter()
                .all(|(name, _)| name.starts_with(&prefix)),
            "members are named ARCHIVE:MEMBER"
        );
    }
}

#[test]
fn a_list_of_paths_is_read_after_the_paths() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.text");
    fs::write(&a, "A\n20220131\nhttps://example.com/a\nOne.\n").expect("write");
    fs::write(&b, "B\n20220201\nhttps://example.com/b\nTwo.\n").expect("write");
    let list = dir.path().join("list");
    fs::write(&list, format!("{}\r\n\n{}\n", b.display(), a.display())).expect("write");
    let (seen, _) = read(&Corpus::new([&a]).files_from(&list), 1);
    let titles: Vec<&str> = seen.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        ["A", "B", "A"],
        "the paths, then the list's, a named file whatever its extension"
    );

    let missing = Corpus::new(Vec::<PathBuf>::new())
        .files_from(dir.path().join("no-list"))
        .for_each(|_| Ok::<(), CorpusError>(()));
    match missing {
        Err(CorpusError::FilesFrom { path, .. }) => assert!(path.ends_with("no-list")),
        other => panic!("a missing list is an error naming it: {other:?}"),
    }
}

#[test]
fn a_consumer_error_ends_the_run_and_is_returned() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = corpus(dir.path());
    #[derive(Debug)]
    enum Mine {
        Full,
        Corpus(CorpusError),
    }
    impl From<CorpusError> for Mine {
        fn from(e: CorpusError) -> Mine {
            Mine::Corpus(e)
        }
    }
    let mut taken = 0;
    let result = Corpus::new([&root]).map(
        &(),
        |loaded| loaded.is_ok(),
        |_| {
            taken += 1;
            if taken == 10 { Err(Mine::Full) } else { Ok(()) }
        },
    );
    match result {
        Err(Mine::Full) => assert_eq!(taken, 10),
        Err(Mine::Corpus(e)) => panic!("the run could not start: {e}"),
        Ok(totals) => panic!("the run went on: {totals:?}"),
    }
}

/// `count` (for a progress bar's total) finds what the run then reads:
/// the same files, hidden entries and other extensions left out, a missing
/// path counted as the error item it becomes; archives make it inexact.
#[test]
fn count_finds_the_items_the_run_reads() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = corpus(dir.path());
    fs::create_dir(root.join(".hidden")).expect("a hidden directory");
    fs::write(root.join(".hidden/x.txt"), "T\n20220101\nhttps://a.org/\n").expect("a file");
    let missing = dir.path().join("missing.txt");
    let plain = Corpus::new([root.clone(), missing]);
    let count = plain.count();
    let (_, totals) = read(&plain, 2);
    assert!(count.is_exact());
    assert_eq!(count.articles, totals.items);
    assert!(totals.items > 100, "several directories were walked");

    let tar = dir.path().join("corpus.tar");
    tar_of(&root, fs::File::create(&tar).expect("a tar file"))
        .flush()
        .expect("written");
    let with_archive = Corpus::new([root, tar]).count();
    assert_eq!(with_archive.articles, count.articles - 1);
    assert_eq!(with_archive.archives, 1);
    assert!(!with_archive.is_exact());
}
