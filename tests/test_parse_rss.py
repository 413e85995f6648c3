"""RSS/Atom parser: UN-News-like RSS 2.0, Atom, broken and partial feeds."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from meetwatch.core.models import Account, ParseError, Post
from meetwatch.sources.rss import looks_like_feed, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "rss"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


NEWS = Account(
    network="rss",
    key="https://news.example.org/feed/human-rights/rss.xml",
    handle="Example News — Human Rights",
    display_name="Example News — Human Rights",
    url="https://news.example.org/en/news/topic/human-rights",
    bio="Invented human-rights news feed for tests.",
    category="official",
)


def news() -> list[Post]:
    events, problems = parse_feed(read("un_news.rss"), NEWS.key)
    assert problems == []
    assert all(isinstance(e, Post) for e in events)
    return events  # type: ignore[return-value]


def test_rss_item_exact() -> None:
    first = news()[0]
    assert first == Post(
        uid="1000001 at https://news.example.org",
        network="rss",
        author=NEWS,
        text="Council opens 61st session with call for restraint\n\n"
             "The Council opened its session in Geneva on Monday & heard the High "
             "Commissioner.\n\nDelegates discussed #HRC61 item 4.",
        created_at="2026-03-02T09:30:00.000Z",
        url="https://news.example.org/en/story/2026/03/1000001",
        lang="en",
        hashtags=("humanrights", "hrc61"),
        html='<p>The Council opened its session in Geneva on Monday &amp; heard the High '
             'Commissioner.</p><p>Delegates discussed <a href="https://example.org/hrc61">'
             '#HRC61</a> item 4.</p>',
        title="Council opens 61st session with call for restraint",
        version="",
        edited_at=None,
    )


def test_rss_french_item_body_repeating_title() -> None:
    post = news()[1]
    assert post.title == "Le Conseil adopte une résolution sur l'égalité"
    # The body starts with the title: it is not repeated.
    assert post.text == ("Le Conseil adopte une résolution sur l'égalité\n\n"
                         "Les délégués ont salué un texte « équilibré ». #DroitsHumains")
    assert post.created_at == "2026-03-02T10:00:00.000Z"  # +0100 → UTC
    assert post.hashtags == ("égalitédesgenres", "droitshumains")
    assert post.lang == "en"  # the channel's language


def test_rss_arabic_item_language_and_guid_as_uid() -> None:
    post = news()[2]
    assert post.uid == "https://news.example.org/ar/story/2026/03/1000003"
    assert post.text == ("المجلس يناقش حماية المدافعين عن حقوق الإنسان\n\n"
                         "ناقش المجلس اليوم تقريرا جديدا. #حقوق_الإنسان")
    assert post.lang == "ar"
    assert post.hashtags == ("حقوق_الإنسان",)
    assert post.created_at == "2026-03-02T12:15:00.000Z"


def test_rss_chinese_item_from_content_encoded() -> None:
    post = news()[3]
    assert post.uid == "1000004 at https://news.example.org"
    assert post.text == ("理事会审议第四项议程\n\n各代表团在日内瓦发言。\n\n"
                         "会议将于周二继续。\n#人权理事会")
    assert post.hashtags == ("人权理事会",)
    assert post.html is not None and post.html.startswith("<div><p>各代表团")
    assert post.created_at == "2026-03-02T13:45:10.000Z"


def test_feed_account_without_feed_url_uses_link() -> None:
    events, _ = parse_feed(read("un_news.rss"))
    assert events[0].author == Account(  # type: ignore[union-attr]
        network="rss",
        key="https://news.example.org/en/news/topic/human-rights",
        handle="Example News — Human Rights",
        display_name="Example News — Human Rights",
        url="https://news.example.org/en/news/topic/human-rights",
        bio="Invented human-rights news feed for tests.",
        category="official",
    )


def test_text_input_is_accepted() -> None:
    events, problems = parse_feed(read("un_news.rss").decode("utf-8"), NEWS.key)
    assert problems == []
    assert [e.uid for e in events] == [p.uid for p in news()]  # type: ignore[union-attr]


# --- Atom --------------------------------------------------------------------------------

ATOM_URL = "https://mission.example.ch/fr/feed.atom"


def atom() -> tuple[list[Post], list[tuple[int | None, str]]]:
    events, problems = parse_feed(read("atom.xml"), ATOM_URL)
    return events, problems  # type: ignore[return-value]


def test_atom_edited_entry_exact() -> None:
    events, problems = atom()
    assert problems == []
    assert events[0] == Post(
        uid="tag:mission.example.ch,2026:decl-4",
        network="rss",
        author=Account(
            network="rss",
            key=ATOM_URL,
            handle="Mission exemple à Genève",
            display_name="Mission exemple à Genève",
            url="https://mission.example.ch/fr/",
            bio="Communiqués officiels (flux fictif)",
            category="official",
        ),
        text="Déclaration au titre du point 4\n\n"
             "Monsieur le Président, nous remercions le Haut-Commissaire.",
        created_at="2026-03-02T09:00:00.000Z",
        url="https://mission.example.ch/fr/declarations/point-4",
        lang="fr",
        hashtags=("hrc61", "point4"),
        html="<p>Monsieur le Président, nous remercions le Haut-Commissaire.</p>",
        title="Déclaration au titre du point 4",
        version="2026-03-02T13:30:00.250Z",
        edited_at="2026-03-02T13:30:00.250Z",
    )


def test_atom_entry_with_only_updated_and_xhtml_content() -> None:
    events, _ = atom()
    post = events[1]
    assert post.created_at == "2026-03-02T15:00:00.000Z"
    assert post.version == "2026-03-02T15:00:00.000Z"
    assert post.edited_at is None
    assert post.text == "Communiqué : fin de session\n\nLa session s'achève. Merci à tous."
    assert post.url == "https://mission.example.ch/fr/communiques/fin"


def test_atom_entry_without_date_takes_feed_updated() -> None:
    events, _ = atom()
    post = events[2]
    assert post.uid == "tag:mission.example.ch,2026:note"
    assert post.created_at == "2026-03-02T15:00:00.000Z"
    assert post.version == ""
    assert post.url is None  # a tag: URI is not a link
    assert post.text == "Note sans date\n\nTexte brut <sans balises>"
    assert post.html is None  # plain-text summary


def test_atom_handle_falls_back_to_host() -> None:
    data = read("atom.xml").replace(b"<title>Mission exemple \xc3\xa0 Gen\xc3\xa8ve</title>", b"")
    events, _ = parse_feed(data, ATOM_URL)
    assert events[0].author.handle == "mission.example.ch"  # type: ignore[union-attr]
    assert events[0].author.display_name == ""  # type: ignore[union-attr]


# --- partial and broken feeds --------------------------------------------------------------


def test_entries_without_identity_or_date_are_problems() -> None:
    events, problems = parse_feed(read("missing_guid.rss"))
    assert [e.uid for e in events] == [  # type: ignore[union-attr]
        "https://observatory.example.net/statements/6"]
    assert events[0].hashtags == ("upr",)  # type: ignore[union-attr]
    assert problems == [
        (2, "entry 2 has neither guid nor link"),
        (3, "entry 3 has no date"),
        (4, "entry 4 has a bad date 'yesterday afternoon'"),
    ]


def test_broken_xml_with_entries_is_still_read() -> None:
    events, problems = parse_feed(read("broken.rss"), "https://broken.example.org/feed")
    assert [e.uid for e in events] == ["https://broken.example.org/1",  # type: ignore[union-attr]
                                       "https://broken.example.org/2"]
    assert events[0].text == "First item survives\n\nBefore the break & after it"  # type: ignore[union-attr]
    assert len(problems) == 1
    index, reason = problems[0]
    assert index is None and reason.startswith("XML error: ")


@pytest.mark.parametrize("data", [
    b"", b"   ", b"{}", b"hello world", b"<foo/>", b"\xff\xfe\x00garbage", "plain text",
    b"<html><head><title>x</title></head><body>hi</body></html>",
])
def test_not_a_feed(data: bytes | str) -> None:
    with pytest.raises(ParseError, match=r"^not an RSS/Atom feed: "):
        parse_feed(data)


def test_html_page_fixture_is_not_a_feed() -> None:
    with pytest.raises(ParseError, match=r"^not an RSS/Atom feed: "):
        parse_feed(read("not_a_feed.html"))


def test_feed_without_entries() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse_feed(data) == ([], [])


def test_feed_with_nothing_to_name_it_by() -> None:
    data = (b'<rss version="2.0"><channel><item><guid>g1</guid>'
            b"<pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate></item></channel></rss>")
    with pytest.raises(ParseError, match="no URL, link or title"):
        parse_feed(data)
    events, problems = parse_feed(data, "https://feeds.example.org/a.xml")
    assert problems == []
    assert events[0].author.handle == "feeds.example.org"  # type: ignore[union-attr]
    assert events[0].text == ""  # type: ignore[union-attr]


def test_str_input_never_fetched_or_opened(tmp_path: Path) -> None:
    # feedparser would fetch a URL or open a file name; parse_feed never does.
    target = tmp_path / "feed.xml"
    target.write_bytes(read("un_news.rss"))
    for data in (str(target), "https://news.example.org/feed.xml", str(target).encode()):
        with pytest.raises(ParseError):
            parse_feed(data)


# --- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [None, 5, 2.5, [], {}, [b"<rss/>"], object()])
def test_wrong_types_are_parse_errors(data: Any) -> None:
    with pytest.raises(ParseError):
        parse_feed(data)


@pytest.mark.parametrize("name", ["un_news.rss", "atom.xml", "missing_guid.rss", "broken.rss"])
def test_truncations_and_byte_flips(name: str) -> None:
    data = read(name)
    rng = random.Random(61)
    samples = [data[:cut] for cut in range(0, len(data), 37)]
    for _ in range(150):
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        samples.append(bytes(flipped))
    for sample in samples:
        try:
            events, problems = parse_feed(sample, rng.choice([None, "https://f.example/x", ""]))
        except ParseError as exc:
            assert str(exc)
            assert "internal" not in str(exc)
        else:
            assert all(isinstance(e, Post) for e in events)
            assert all(isinstance(reason, str) for _, reason in problems)


def test_hostile_values_in_entries() -> None:
    huge = "x" * 300_000
    data = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T\x01itle
with newline</title><language>!!</language><link>javascript:alert(1)</link>
<item><title>{huge}</title><guid>{huge}</guid><pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate>
<description>&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;ok&lt;/p&gt;</description>
<category></category><category>   </category></item>
<item><guid>g2</guid><pubDate>Mon, 99 Foo 2026 99:99:99 +0000</pubDate></item>
<item><guid>g3</guid><pubDate>Wed, 04 Mar 9999 10:00:00 +1400</pubDate></item>
</channel></rss>""".encode()
    events, problems = parse_feed(data)
    post = events[0]
    assert isinstance(post, Post)
    assert post.author.handle == "Title with newline"
    assert post.lang is None
    assert len(post.uid) <= 2_000
    assert post.title is not None and len(post.title) <= 500
    assert "alert" not in post.text
    assert post.hashtags == ()
    assert (2, "entry 2 has a bad date 'Mon, 99 Foo 2026 99:99:99 +0000'") in problems


def test_huge_feed() -> None:
    items = "".join(
        f"<item><title>Item {i} 第{i}项</title><guid>g{i}</guid>"
        f"<pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate></item>" for i in range(2_000))
    data = f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()
    events, problems = parse_feed(data, "https://big.example/feed")
    assert len(events) == 2_000 and problems == []
    assert events[-1].text == "Item 1999 第1999项"  # type: ignore[union-attr]


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["un_news.rss", "atom.xml", "missing_guid.rss", "broken.rss"])
def test_fixtures_look_like_feeds(name: str) -> None:
    assert looks_like_feed(read(name)[:4096])


@pytest.mark.parametrize("head", [
    b'<?xml version="1.0"?>\n<rss version="2.0">',
    b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>",
    b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- c --><rdf:RDF xmlns:rdf="x">',
    b'  \n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss>',
    b"<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>",
    '<?xml version="1.0" encoding="utf-16"?><rss version="2.0">'.encode("utf-16"),
    b"<feed>",
])
def test_looks_like_feed(head: bytes) -> None:
    assert looks_like_feed(head)


@pytest.mark.parametrize("head", [
    b"", b"{}", b'{"data": []}', b"<html><body>", b"<!DOCTYPE html><html>",
    b"<rssfeed>", b"<feedback/>", b"<!-- <rss> -->", b"text <rss>", b"<RDF>",
    None, 5, [],
])
def test_does_not_look_like_feed(head: Any) -> None:
    assert not looks_like_feed(head)
