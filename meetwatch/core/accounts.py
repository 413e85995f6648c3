"""Guessing who an unlisted account is from its profile.

The watch file's ``[accounts]`` always decides; for accounts it does not
list, a profile that says "Permanent Mission of …" (in any of the six UN
languages) suggests ``official``, NGO words suggest ``civil_society`` and
newsroom words ``media``.  Such categories are stored as *inferred*.  The
country a mission represents is read from the same words when it can be.
Stdlib only; cheap enough to run once per new account.
"""

from __future__ import annotations

import re

_OFFICIAL = re.compile(
    r"permanent\s+mission|mission\s+permanente|misi[oó]n\s+permanente|"
    r"постоянное\s+представительство|постпредств|البعثة\s+الدائمة|"
    r"常驻|常駐|代表团|ambassad|embassy|embajada|посольств|سفارة|"
    r"ministry\s+of\s+foreign\s+affairs|minist[eè]re\s+des\s+affaires\s+[ée]trang[eè]res|"
    r"ministerio\s+de\s+relaciones\s+exteriores|\bМИД\b|"
    r"special\s+rapporteur|rapporteur\s+sp[ée]cial|relator\s+especial|"
    r"специальный\s+докладчик|المقرر\s+الخاص|特别报告员|"
    r"\bOHCHR\b|\bHCDH\b|\bACNUDH\b|\bУВКПЧ\b|high\s+commissioner",
    re.IGNORECASE,
)
_CIVIL = re.compile(
    r"\bNGOs?\b|\bONGs?\b|non[- ]governmental|non\s+gouvernementale|no\s+gubernamental|"
    r"неправительственн|правозащит|غير\s+حكومية|منظمة\s+حقوق|非政府|人权组织|人权论坛|"
    r"human\s+rights\s+(?:defenders?|organi[sz]ation|watch|collective|centre|center|forum)|"
    r"defenders|défenseur|defensor|civil\s+society|société\s+civile|sociedad\s+civil|"
    r"гражданск\w+\s+обществ|المجتمع\s+المدني|公民社会|民间社会|"
    r"\bcharity\b|\bfoundation\b|\bassociation\b|\basociaci[oó]n\b|\bcoalition\b|"
    r"observatorio|observatoire|advocacy|campaign(?:ing|ers?)\s+for",
    re.IGNORECASE,
)
_MEDIA = re.compile(
    r"journalist|reporter|correspondent|newsroom|\bnews\b|\bpress\b|editor|"
    r"journaliste|correspondant|rédaction|periodista|corresponsal|redacci[oó]n|"
    r"журналист|корреспондент|редакци|صحفي|مراسل|记者|新闻|日报",
    re.IGNORECASE,
)
_NAME = r"([A-ZÉ][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)"
_COUNTRY = re.compile(
    r"(?i:(?:permanent\s+mission|embassy|delegation)\s+of\s+(?:the\s+)?"
    r"(?:(?:republic|kingdom|federal\s+republic|state|sultanate)\s+of\s+(?:the\s+)?)?)" + _NAME
    + r"|(?i:mission\s+permanente\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+)?"
    r"(?:(?:république|royaume)\s+(?:fédérale\s+)?(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+))?)" + _NAME
    + r"|(?i:misi[oó]n\s+permanente\s+(?:de\s+(?:la\s+|el\s+)?|del\s+)?"
    r"(?:(?:república|reino)\s+(?:federal\s+)?(?:de\s+(?:la\s+|el\s+)?|del\s+))?)" + _NAME,
)
_STOP = {"The", "To", "In", "At", "Auprès", "Ante", "UN", "United"}


def infer_category(display_name: str, bio: str) -> tuple[str, str] | None:
    """(category, the words that suggested it) for a profile, or None.

    Official words win over NGO words (a mission's bio may mention civil
    society), and both over newsroom words."""
    text = f"{display_name}\n{bio}"[:2000]
    for category, pattern in (("official", _OFFICIAL), ("civil_society", _CIVIL),
                              ("media", _MEDIA)):
        m = pattern.search(text)
        if m is not None:
            return category, m.group(0)
    return None


def infer_country(display_name: str, bio: str) -> str | None:
    """The country a mission's profile names ("Permanent Mission of Valdoria
    to the UN" -> "Valdoria"), or None."""
    m = _COUNTRY.search(f"{display_name}\n{bio}"[:2000])
    if m is None:
        return None
    name = m.group(1) or m.group(2) or m.group(3)
    if not name:
        return None
    words = [w for w in name.split() if w not in _STOP]
    return " ".join(words) or None
