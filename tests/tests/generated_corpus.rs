//! The parser against the generator's ground truth, over a few thousand articles
//! in the seed's shape (clean and with layout defects).

use dateline_core::{Code, lint, parse};
use dateline_test_support::{GenConfig, PromoTarget, corpus};

/// About 4 MB: a thousand-odd articles per run, a few seconds in debug builds.
const BUDGET: u64 = 4_000_000;

fn check_corpus(cfg: &GenConfig) -> usize {
    let mut n = 0;
    for generated in corpus(cfg, BUDGET) {
        let text = &generated.text;
        let truth = &generated.truth;
        let name = &generated.file_name;
        let article = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(article.to_source(), *text, "{name} round-trips");
        assert_eq!(article.title, truth.headline, "{name}");
        assert_eq!(article.date.to_string(), truth.date.to_string(), "{name}");
        assert_eq!(article.url, truth.url, "{name}");
        assert_eq!(
            article.blocks.len(),
            truth.body_blocks,
            "{name} block count"
        );

        let promos: Vec<(&str, &str)> = article
            .related()
            .map(|r| (r.label.as_ref(), r.title.as_ref()))
            .collect();
        let expected: Vec<(&str, &str)> = truth
            .promos
            .iter()
            .map(|p| (p.label.as_str(), p.title.as_str()))
            .collect();
        assert_eq!(promos, expected, "{name} promos");

        let sources: Vec<&str> = article.attributions().map(|a| a.source.as_ref()).collect();
        assert_eq!(
            sources, truth.glued_attributions,
            "{name} glued attributions"
        );
        for p in article.paragraphs() {
            // Nothing that looks like a glued cue survives repair.
            for cue in ["perBBC", "PerReuters", "toReuters,"] {
                assert!(!p.text.contains(cue), "{name}: `{cue}` left in {}", p.text);
            }
        }

        let mismatch = lint(&article).iter().any(|d| d.code == Code::DateMismatch);
        let truth_mismatch = truth.url_date.is_some_and(|d| d != truth.date);
        assert_eq!(
            mismatch, truth_mismatch,
            "{name} W001: {} vs {}",
            truth.date, truth.url
        );
        n += 1;
    }
    n
}

#[test]
fn parser_agrees_with_the_generator_on_a_clean_corpus() {
    let n = check_corpus(&GenConfig::new(dateline_test_support::DEFAULT_SEED));
    assert!(n > 1000, "{n} articles");
}

#[test]
fn parser_agrees_with_the_generator_on_a_messy_corpus() {
    let n = check_corpus(&GenConfig::new(7).with_messy(true));
    assert!(n > 1000, "{n} articles");
}

#[test]
fn promos_resolve_to_headlines_in_the_corpus() {
    // The generator's promo targets are real headlines; the parsed promo title of an
    // exact target equals that article's parsed title (what dateline-links matches on).
    let cfg = GenConfig::new(11);
    let articles: Vec<_> = corpus(&cfg, 1_000_000).collect();
    let mut exact = 0;
    for g in &articles {
        for p in &g.truth.promos {
            if let PromoTarget::Exact(i) = p.target {
                let target = &articles[usize::try_from(i).unwrap()];
                let parsed = parse(&target.text).unwrap();
                assert_eq!(parsed.title, p.title);
                exact += 1;
            }
        }
    }
    assert!(exact > 50, "{exact}");
}
