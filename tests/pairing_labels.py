"""A labelled set for pairing: official statements, the civil-society posts
that answer them (reply, quote, topical) and distractors that must not pair
(NGO announcements, media reports of the statement, trolls, answers to
something else, posts outside the window).  Shared by tests/test_pairing.py
and benchmarks/pairing.py.

Posts are numbered; LABELS lists (statement n, answer n, kind).  Times are
minutes after 10:00 UTC on 3 March 2026; the programme puts Item 4 on the
floor from 10:00 to 12:00 UTC and Item 6 from 12:00 to 13:00.
"""

from __future__ import annotations

from tests.sessionkit import status

PROGRAMME = """
[[items]]
agenda_item = 4
title = "Interactive dialogue on Valdoria"
start = "2026-03-03T10:00:00Z"
end = "2026-03-03T12:00:00Z"
keywords = ["Valdoria", "arbitrary detention"]

[[items]]
agenda_item = 6
title = "UPR outcome of Estmark"
start = "2026-03-03T12:00:00Z"
end = "2026-03-03T13:00:00Z"
keywords = ["UPR"]
"""

I4 = ("HRC61", "ItemFour")

POSTS = [
    # -- statements ---------------------------------------------------------------------
    status(1, "valdoria", 5, "Valdoria rejects this politically motivated report. Valdoria has never "
           "detained anyone for peaceful protest and all detainees have access to lawyers.", tags=I4),
    status(2, "estmark", 20, "Estmark has serious concerns about the methodology of the Special "
           "Rapporteur's report, which relies on anonymous sources.", tags=I4),
    status(3, "sr", 2, "Today I present my report on Valdoria: 212 cases of arbitrary detention, "
           "lawyers disbarred, families not informed.", tags=I4),
    status(4, "valdoria", 60, "Valdoria has fully cooperated with the Office and invited "
           "independent observers to its prisons.", tags=I4),
    status(5, "estmark", 125, "Estmark accepts 180 UPR recommendations and will establish a "
           "national human rights institution by 2027."),
    # -- replies ------------------------------------------------------------------------
    status(10, "rwc", 9, "212 documented cases say otherwise. Detainees in Valdoria wait weeks "
           "for a lawyer.", reply_to=1),
    status(11, "amal", 24, "Anonymous because they fear reprisals. The methodology is in annex II.",
           reply_to=2),
    status(12, "obs", 70, "¿Observadores independientes? Ninguno ha podido entrar desde 2024.",
           reply_to=4),
    # -- quotes -------------------------------------------------------------------------
    status(20, "amal", 11, "Never detained anyone for peaceful protest? We have the names of 40 "
           "students detained after the March protest.", quote_of=1),
    status(21, "rwc", 30, "Strong words. Now the follow-up.", quote_of=3),
    status(22, "obs", 128, "180 recomendaciones aceptadas: ahora hace falta un calendario.",
           quote_of=5),
    # -- topical answers (no reply, no quote) -----------------------------------------
    status(30, "rwc", 15, "Valdoria claims detainees have access to lawyers. Our monitors found "
           "lawyers turned away at every prison we visited.", tags=I4),
    status(31, "amal", 40, "Estmark questions the methodology of the report: 340 interviews, "
           "satellite images and court records are not anonymous sources.", tags=I4),
    status(32, "obs", 75, "Valdoria dice que ha cooperado con la Oficina, pero no ha dejado entrar a "
           "observadores independientes en sus prisiones.", tags=I4),
    status(33, "rwc", 80, "Full cooperation with the Office? Valdoria refused 14 requests for "
           "visits to its prisons by independent observers.", tags=I4),
    status(34, "amal", 135, "Estmark's new national human rights institution must be independent; "
           "the UPR recommendations on it go back to 2017.", tags=("HRC61", "UPR")),
    # -- distractors ----------------------------------------------------------------------
    # NGO announcements on the same item (no shared key terms)
    status(40, "rwc", 16, "Join our side event on Valdoria at 13:00 in Room XXIV with survivors "
           "and families.", tags=I4),
    status(41, "amal", 45, "We are in the gallery for the dialogue on Valdoria. Follow our live "
           "thread.", tags=I4),
    status(42, "obs", 90, "Nuestro informe anual ya está disponible en nuestra web.", tags=I4),
    # media reports of the statements (media: never an answer)
    status(50, "wire", 7, "Valdoria rejects the report as politically motivated and says it never "
           "detained anyone for peaceful protest.", tags=I4),
    status(51, "wire", 22, "Estmark raises concerns about the methodology of the report, citing "
           "anonymous sources.", quote_of=2, tags=I4),
    status(52, "wire", 126, "Estmark accepts 180 UPR recommendations and promises a national "
           "human rights institution by 2027."),
    # a troll's reply and an unlisted person's reply (not civil society)
    status(60, "troll", 8, "Finally someone tells the truth about these fake NGOs!", reply_to=1),
    status(61, "anon", 12, "Is there a recording of this?", reply_to=3),
    # civil society on another item, sharing words with an Item 4 statement
    status(70, "rwc", 140, "Access to lawyers remains a problem everywhere: our new global "
           "report.", tags=("HRC61", "UPR")),
    # civil society answering the Valdoria statement, but 5 hours later (outside the window)
    status(71, "amal", 350, "Still no answer: Valdoria claims detainees have access to lawyers, "
           "but families disagree.", tags=I4),
    # a civil-society post before the statement it shares words with
    status(72, "obs", 1, "Hoy: diálogo sobre Valdoria. Cooperación con la Oficina en el centro del "
           "debate.", tags=I4),
]

# (statement, answer, kind)
LABELS: set[tuple[int, int, str]] = {
    (1, 10, "reply"), (2, 11, "reply"), (4, 12, "reply"),
    (1, 20, "quote"), (3, 21, "quote"), (5, 22, "quote"),
    (1, 30, "topical"), (2, 31, "topical"), (4, 32, "topical"), (4, 33, "topical"),
    (5, 34, "topical"),
}
KINDS = ("reply", "quote", "topical")


def number_of(uid: str) -> int:
    """The post number in a sessionkit uid (``.../statuses/N``)."""
    return int(uid.rsplit("/", 1)[1])


def score(found: set[tuple[int, int, str]], labels: set[tuple[int, int, str]] = LABELS
          ) -> dict[str, dict[str, float]]:
    """Precision and recall per kind of answer, and overall.  A found pair is
    right when the label set pairs the same statement and answer; it counts
    for the kind it was found as (precision) and the kind labelled (recall)."""
    truth = {(s, r): k for s, r, k in labels}
    got = {(s, r): k for s, r, k in found}
    out: dict[str, dict[str, float]] = {}
    for kind in (*KINDS, "all"):
        mine = [p for p, k in got.items() if kind in ("all", k)]
        theirs = [p for p, k in truth.items() if kind in ("all", k)]
        tp_p = sum(1 for p in mine if p in truth)
        tp_r = sum(1 for p in theirs if p in got)
        out[kind] = {"precision": tp_p / len(mine) if mine else 1.0,
                     "recall": tp_r / len(theirs) if theirs else 1.0,
                     "found": float(len(mine)), "labelled": float(len(theirs))}
    return out


# A second set, written after the rules were settled and never tuned against:
# benchmarks/pairing.py reports it separately ("held out").  Minutes after 10:00.
HELD_OUT_POSTS = [
    status(101, "valdoria", 200, "Valdoria's new counter-terrorism law fully respects international "
           "standards and protects citizens from extremism.", tags=I4),
    status(102, "estmark", 210, "Estmark will vote against draft resolution L.12 because country-"
           "specific mandates are counterproductive.", tags=I4),
    status(103, "sr", 215, "Journalists in Valdoria face prison for reporting on protests. I call "
           "for the release of all detained journalists.", tags=I4),
    # a reply in Spanish naming nothing, a quote with a one-word comment
    status(110, "obs", 204, "La ley antiterrorista se usa contra periodistas y defensores.",
           reply_to=101),
    status(111, "rwc", 214, "Disappointing.", quote_of=102),
    # topical: names the State, contests the claim with the same terms
    status(120, "amal", 208, "The counter-terrorism law Valdoria calls 'international standards' "
           "was used to jail 30 peaceful activists as extremists.", tags=I4),
    status(121, "rwc", 225, "Country-specific mandates are counterproductive, says Estmark. The "
           "mandate on Valdoria documented 212 detentions no other mechanism saw.", tags=I4),
    # topical without naming: same key terms, several of them
    status(122, "obs", 230, "Detained journalists: 17 reporters remain in prison for covering the "
           "protests. Release them now.", tags=I4),
    # distractors: announcement, media report, civil society on another topic in the same item
    status(130, "amal", 212, "Our briefing paper for the vote on L.12 is online.", tags=I4),
    status(131, "wire", 211, "Estmark says it will vote against L.12, calling country-specific "
           "mandates counterproductive.", tags=I4),
    status(132, "rwc", 232, "Thank you to everyone who joined our breakfast meeting this morning.",
           tags=I4),
    status(133, "obs", 240, "Valdoria: recordamos a las familias de los desaparecidos.", tags=I4),
]
HELD_OUT_LABELS: set[tuple[int, int, str]] = {
    (101, 110, "reply"), (102, 111, "quote"),
    (101, 120, "topical"), (102, 121, "topical"), (103, 122, "topical"),
}
