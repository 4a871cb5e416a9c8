"""canonicalize, url_facts, outlet: the one rule each, as the records have it."""

from __future__ import annotations

import datetime

import pytest

import dateline


def test_url_facts_are_the_records_url_columns(generated):
    table = dateline.read(generated)
    for row in table.slice(0, 300).to_pylist():
        facts = dateline.url_facts(row["url"])
        assert facts.canonical == row["canonical_url"]
        assert facts.host == row["host"]
        assert facts.domain == row["domain"]
        assert facts.date == row["url_date"]
        assert facts.article_id == row["url_article_id"]
        assert facts.slug == row["url_slug"]
        assert dateline.canonicalize(row["url"]) == row["canonical_url"]


def test_url_facts_of_a_dated_url():
    facts = dateline.url_facts("https://www.cnn.com/2021/04/20/business/economy-shrinks/index.html")
    assert facts == dateline.UrlFacts(
        canonical="https://www.cnn.com/2021/04/20/business/economy-shrinks/index.html",
        host="www.cnn.com",
        domain="cnn.com",
        date=datetime.date(2021, 4, 20),
        article_id=None,
        slug="economy-shrinks",
    )


@pytest.mark.parametrize("url", ["", "ftp://example.com/a", "mailto:someone@example.com", "http:/\\evil.com", "https://"])
def test_what_is_not_a_web_url_is_a_value_error_naming_it(url):
    with pytest.raises(ValueError, match="^" + repr(url).replace("\\", "\\\\").replace("'", '"')):
        dateline.canonicalize(url)
    with pytest.raises(ValueError):
        dateline.url_facts(url)


def test_canonical_forms_are_fixed_points():
    for url in [
        "HTTP://WWW.Example.COM:80/a/./b/../c?utm_source=x&b=2&a=1#top",
        "https://www.reuters.com/world/x/?utm_medium=social",
    ]:
        once = dateline.canonicalize(url)
        assert dateline.canonicalize(once) == once


def test_outlets_by_name_alias_and_host_as_the_records_have_them(generated):
    assert dateline.outlet("Reuters").id == "reuters"
    assert dateline.outlet("AP News") == dateline.outlet("apnews.com")
    assert dateline.outlet("nobody in particular") is None
    bbc = dateline.outlet("BBC")
    assert bbc.kind and bbc.domains and isinstance(bbc.aliases, tuple)
    # The sources of the records got their outlets by the same rule.
    table = dateline.read(generated)
    checked = 0
    for sources in table.column("sources").to_pylist():
        for source in sources:
            found = dateline.outlet(source["name"])
            assert (found.id if found else None) == source["outlet_id"], source
            checked += 1
    assert checked > 100
