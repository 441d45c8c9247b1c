"""Generate synthetic corpora of any size that satisfy every invariant of the data model.

For tests and benchmarks: ``generate(n_quotes, seed)`` returns the nine tables of a
made-up corpus with ``n_quotes`` quotes and appearances, claims, statistics, places,
mentions and people in proportion (about 20 quotes an appearance, 0.9 claims, 0.3
figures and 0.5 place mentions a quote); the same arguments always give the same
tables. Its texts look like the real corpus's: French with accents, curly apostrophes,
guillemets and no-break spaces, with English translations; its ids are slugs that
start with the appearance's date, as the real ones do. Every verbatim text is a slice
of a generated source document, so :func:`~digital_labor_corpus.checks.validation.validate_tables`
accepts the result.

``write_corpus`` writes the tables as a corpus directory (one Parquet file per table and
a ``manifest.json``) in row groups of 65,536 rows, as the build does, except that
``sources`` gets one row group per document: its rows are whole texts, and a lookup of
one source (for a record's context) then reads one text rather than all of them.
:func:`digital_labor_corpus.open_path` opens it.

Every table is sorted by its primary key, as the build sorts it, except
``place_mentions``, sorted by place and then key (:data:`SORT_KEYS`): a question about
one place (``mentions(place)``, ``quotes(place=...)``) then reads the one or two row
groups holding that place, which the footer's min/max statistics pick out, instead of a
few mentions in every row group; and those row groups are of 8,192 rows
(:data:`MENTION_ROW_GROUP_SIZE`), so that a place's mentions are most of what is decoded.
Ids begin with the appearance's date, so the other tables stay clustered by date, which
the date filters use the same way; ``quotes`` is written in row groups of 16,384 rows
(:data:`QUOTE_ROW_GROUP_SIZE`), so that one day's or one quote's row group is a small
part of the table. (The small shipped corpus keeps the build's order: at one row group
per table, order changes nothing.)

From the shell::

    python -m digital_labor_corpus.build.synthetic OUT_DIR --quotes 100000 [--seed 0] [--validate]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from digital_labor_corpus.exceptions import InvalidArgumentError
from digital_labor_corpus.schema.arrow import arrow_schema, schema_fingerprint
from digital_labor_corpus.schema.catalog import schema_versions
from digital_labor_corpus.schema.records import TABLES
from digital_labor_corpus.store.manifest import MANIFEST, Manifest, TableEntry

__all__ = ["RELEASE_DATE", "ROW_GROUP_SIZE", "SORT_KEYS", "generate", "main", "write_corpus"]

RELEASE_DATE = dt.date(2026, 11, 28)
ROW_GROUP_SIZE = 65_536
_FIRST = dt.date(2000, 1, 1)
_LAST = dt.date(2026, 6, 30)
_NBSP = "\u00a0"
_APPEARANCES_PER_SOURCE = 200

_TOPICS = [
    ("micro-work", "Micro-work and click work", "Micro-travail et travail du clic"),
    ("content-moderation", "Content moderation", "Modération des contenus"),
    ("data-annotation", "Data annotation and AI training", "Annotation des données et entraînement de l’IA"),
    ("pay", "Pay and income", "Rémunération"),
    ("platform-economy", "Platforms and the platform economy", "Plateformes et économie de plateforme"),
    ("geography-of-work", "Geography of click work", "Géographie du travail du clic"),
    ("coloniality", "Coloniality and North–South dependence", "Colonialité et dépendance Nord-Sud"),
    ("labour-organising", "Labour organising and resistance", "Organisation collective et résistance"),
    ("regulation-and-law", "Regulation, law and courts", "Régulation, droit et justice"),
    ("working-conditions", "Working conditions and precarity", "Conditions de travail et précarité"),
    ("automation-rhetoric", "Automation rhetoric and AI hype", "Rhétorique de l’automatisation"),
    ("platform-cooperativism", "Platform cooperativism", "Coopérativisme de plateforme"),
]

# place_id, name_en, name_fr, kind, iso, latitude, longitude, parent_id
_PLACES: list[tuple[str, str, str, str, str | None, float | None, float | None, str | None]] = [
    ("africa", "Africa", "Afrique", "continent", None, None, None, None),
    ("europe", "Europe", "Europe", "continent", None, None, None, None),
    ("asia", "Asia", "Asie", "continent", None, None, None, None),
    ("south-america", "South America", "Amérique du Sud", "continent", None, None, None, None),
    ("global-south", "Global South", "pays du Sud", "region", None, None, None, None),
    (
        "francophone-africa",
        "French-speaking Africa",
        "Afrique francophone",
        "region",
        None,
        None,
        None,
        "africa",
    ),
    ("madagascar", "Madagascar", "Madagascar", "country", "MG", -18.77, 46.87, "africa"),
    ("egypt", "Egypt", "Égypte", "country", "EG", 26.82, 30.8, "africa"),
    ("senegal", "Senegal", "Sénégal", "country", "SN", 14.5, -14.45, "africa"),
    ("cote-d-ivoire", "Côte d'Ivoire", "Côte d’Ivoire", "country", "CI", 7.54, -5.55, "africa"),
    ("kenya", "Kenya", "Kenya", "country", "KE", -0.02, 37.91, "africa"),
    ("france", "France", "France", "country", "FR", 46.6, 2.2, "europe"),
    ("spain", "Spain", "Espagne", "country", "ES", 40.46, -3.75, "europe"),
    ("united-kingdom", "United Kingdom", "Royaume-Uni", "country", "GB", 55.38, -3.44, "europe"),
    ("india", "India", "Inde", "country", "IN", 20.59, 78.96, "asia"),
    ("philippines", "Philippines", "Philippines", "country", "PH", 12.88, 121.77, "asia"),
    ("china", "China", "Chine", "country", "CN", 35.86, 104.2, "asia"),
    ("venezuela", "Venezuela", "Venezuela", "country", "VE", 6.42, -66.59, "south-america"),
    ("brazil", "Brazil", "Brésil", "country", "BR", -14.24, -51.93, "south-america"),
    ("united-states", "United States", "États-Unis", "country", "US", 39.83, -98.58, None),
    ("paris", "Paris", "Paris", "city", "FR", 48.8566, 2.3522, "france"),
    ("cairo", "Cairo", "Caire", "city", "EG", 30.04, 31.24, "egypt"),
    ("antananarivo", "Antananarivo", "Antananarivo", "city", "MG", -18.88, 47.51, "madagascar"),
    ("forum-des-images", "Forum des Images", "Forum des Images", "venue", "FR", 48.8623, 2.3467, "paris"),
]
_COUNTRIES = [p for p in _PLACES if p[3] == "country"]

_FIRST_NAMES = [
    "Hélène", "Léa", "José", "Zoé", "Noël", "Chloé", "Jérôme", "Amélie", "Rémi", "Anaïs", "Agnès", "Benoît",
    "Cécile", "Daniel", "Élodie", "François", "Gaëlle", "Hervé", "Inès", "Jean", "Karim", "Lucía", "Maël",
    "Nadia", "Océane", "Pierre", "Quentin", "Raphaël", "Sophie", "Thérèse", "Ulysse", "Valérie", "Yasmine",
    "Aïcha", "Björn", "Çelik", "Dorothée", "Émile", "Fatou", "Grégoire",
]  # fmt: skip
_LAST_NAMES = [
    "Dupré", "Lefèvre", "Gómez", "Müller", "Ngô", "Andrianarivo", "Rakoto", "Diallo", "Martin", "Bernard",
    "Petit", "Durand", "Moreau", "Lefebvre", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Boyer",
    "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
    "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas",
]  # fmt: skip
_OUTLETS = [
    ("L’Humanité", "press"), ("Le Monde", "press"), ("Libération", "press"), ("Télérama", "press"),
    ("National Geographic France", "press"), ("Le Figaro", "press"), ("Mediapart", "web"),
    ("France Inter", "radio"), ("France Culture", "radio"), ("RFI", "radio"), ("Europe 1", "radio"),
    ("Radio-Canada", "radio"), ("France 5", "tv"), ("Arte", "tv"), ("TV5Monde", "tv"),
    ("Xerfi Canal", "web"), ("Usbek & Rica", "web"), ("The Conversation", "web"), ("Le Grand Continent", "web"),
    ("Forum des Images", "event"), ("Gaîté Lyrique", "event"), ("Médiathèque Émile-Zola", "event"),
]  # fmt: skip
_GENRES = (
    ["interview"] * 10 + ["article"] * 4 + ["seminar"] * 2 + ["review"] * 2 + ["documentary", "coverage"]
)
_FR = [
    "le",
    "travail",
    "du",
    "clic",
    "les",
    "plateformes",
    "de",
    "micro-travail",
    "les",
    "données",
    "d’entraînement",
    "l’intelligence",
    "artificielle",
    "la",
    "modération",
    "des",
    "contenus",
    "les",
    "ouvriers",
    "du",
    "clic",
    "les",
    "entreprises",
    "du",
    "numérique",
    "les",
    "réseaux",
    "sociaux",
    "la",
    "rémunération",
    "à",
    "la",
    "tâche",
    "la",
    "précarité",
    "des",
    "travailleurs",
    "la",
    "sous-traitance",
    "en",
    "cascade",
    "les",
    "algorithmes",
    "l’annotation",
    "des",
    "images",
    "l’étiquetage",
    "des",
    "vidéos",
    "c’est",
    "une",
    "économie",
    "invisible",
    "qu’ils",
    "appellent",
    "automatisation",
    "les",
    "petites",
    "mains",
    "de",
    "l’IA",
    "la",
    "main",
    "d’œuvre",
    "le",
    "doigt",
    "d’œuvre",
    "des",
    "micro-tâches",
    "répétitives",
    "pour",
    "quelques",
    "centimes",
    "un",
    "marché",
    "mondialisé",
    "à",
    "la",
    "française",
    "dans",
    "les",
    "pays",
    "du",
    "Sud",
    "les",
    "grandes",
    "plateformes",
    "américaines",
]
_EN = [
    "click",
    "work",
    "micro-work",
    "platforms",
    "training",
    "data",
    "artificial",
    "intelligence",
    "content",
    "moderation",
    "click",
    "workers",
    "digital",
    "companies",
    "social",
    "networks",
    "piece-rate",
    "pay",
    "precarity",
    "of",
    "workers",
    "subcontracting",
    "chains",
    "algorithms",
    "image",
    "annotation",
    "video",
    "labelling",
    "an",
    "invisible",
    "economy",
    "they",
    "call",
    "automation",
    "the",
    "hidden",
    "hands",
    "of",
    "AI",
    "repetitive",
    "micro-tasks",
    "for",
    "a",
    "few",
    "cents",
    "a",
    "global",
    "market",
    "in",
    "the",
    "Global",
    "South",
    "large",
    "American",
    "platforms",
]
_RARE_FR = ["coopérativisme", "syndicalisation", "délocalisation", "hétéromation"]
_ROLES = ["where_work_is_done"] * 5 + ["where_clients_are"] * 2 + ["jurisdiction", "origin", "other"]
_CLAIM_TYPES = ["descriptive"] * 5 + ["causal", "predictive", "normative", "definitional", "historical"]
_ATTRIBUTED = [
    "une étude de l’OIT",
    "la Banque mondiale",
    "l’équipe DiPLab",
    "Amazon Mechanical Turk",
    "l’auteur",
]
_SYLLABLES = [
    "am",
    "bo",
    "hi",
    "tsa",
    "ra",
    "ma",
    "ha",
    "ve",
    "lo",
    "ni",
    "ko",
    "ta",
    "ri",
    "ana",
    "ou",
    "di",
]


def _slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "-").replace("'", "-"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in ascii_text).split()
    return "-".join(words)


def _french_number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", _NBSP)
    return f"{value:.1f}".replace(".", ",")


class _Text:
    """A source document under construction; ``add`` returns the span of what it appended."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.pieces.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.pieces)


def _columns(name: str) -> dict[str, list[Any]]:
    return {column: [] for column in TABLES[name].columns}


def _people(rng: random.Random, count: int) -> dict[str, list[Any]]:
    people = _columns("people")
    combos = [(first, last) for last in _LAST_NAMES for first in _FIRST_NAMES]
    rng.shuffle(combos)
    entries: list[tuple[str, str, str, str | None]] = [
        ("antonio-casilli", "Antonio A. Casilli", "sociologist", "Télécom Paris")
    ]
    seen = {"antonio-casilli"}
    for first, last in combos[: max(0, count - 1)]:
        person_id = _slug(f"{first} {last}")
        while person_id in seen:
            person_id += "-2"
        seen.add(person_id)
        role = rng.choice(["journalist", "researcher", "trade unionist", "platform worker", "host"])
        entries.append((person_id, f"{first} {last}", role, None))
    for person_id, name, role, affiliation in entries:
        people["person_id"].append(person_id)
        people["name"].append(name)
        people["description_en"].append(role)
        people["affiliation"].append(affiliation)
        people["wikidata_qid"].append("Q56418386" if person_id == "antonio-casilli" else None)
        people["name_forms"].append([name])
    return people


def _places(rng: random.Random, count: int) -> dict[str, list[Any]]:
    places = _columns("places")
    rows = list(_PLACES)
    seen = {row[0] for row in rows}
    while len(rows) < count:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        place_id = _slug(name)
        if place_id in seen:
            continue
        seen.add(place_id)
        country = rng.choice(_COUNTRIES)
        assert country[5] is not None
        assert country[6] is not None
        latitude = max(-90.0, min(90.0, round(country[5] + rng.uniform(-3, 3), 4)))
        longitude = max(-180.0, min(180.0, round(country[6] + rng.uniform(-3, 3), 4)))
        rows.append((place_id, name, name, "city", country[4], latitude, longitude, country[0]))
    for place_id, name_en, name_fr, kind, iso, lat, lon, parent in rows:
        places["place_id"].append(place_id)
        places["name_en"].append(name_en)
        places["name_fr"].append(name_fr)
        places["kind"].append(kind)
        places["iso_3166_1"].append(iso)
        places["wikidata_qid"].append(None)
        places["latitude"].append(lat)
        places["longitude"].append(lon)
        places["parent_id"].append(parent)
    return places


def _figure(rng: random.Random, year: int) -> dict[str, Any]:
    """A figure phrase in French and the statistic's fields."""
    unit = rng.choice(["percent", "count", "currency", "currency_rate", "currency_rate", "duration"])
    approximate = rng.random() < 0.3
    ranged = rng.random() < 0.15
    fields: dict[str, Any] = {
        "unit": unit,
        "currency": None,
        "per": None,
        "duration_unit": None,
        "approximate": approximate,
        "reference_year": rng.randint(max(1990, year - 10), year) if rng.random() < 0.4 else None,
        "attributed_to": rng.choice(_ATTRIBUTED) if rng.random() < 0.3 else None,
    }
    if unit == "percent":
        low, high = sorted((round(rng.uniform(0, 100), 1), round(rng.uniform(0, 100), 1)))
        suffix, measure = f"{_NBSP}%", "share of micro-workers who hold a degree"
    elif unit == "count":
        low, high = sorted((float(rng.randint(10, 500_000)), float(rng.randint(10, 500_000))))
        suffix, measure = " travailleurs", "number of click workers on the platforms"
    elif unit == "currency":
        low, high = sorted((float(rng.randint(1, 900)), float(rng.randint(1, 900))))
        fields["currency"] = rng.choice(["USD", "EUR"])
        suffix = f"{_NBSP}dollars" if fields["currency"] == "USD" else f"{_NBSP}euros"
        measure = "revenue of a click farm"
    elif unit == "currency_rate":
        low, high = sorted((round(rng.uniform(0.01, 20), 1), round(rng.uniform(0.01, 20), 1)))
        fields["currency"] = rng.choice(["USD", "EUR"])
        fields["per"] = rng.choice(["hour", "day", "month"])
        per_fr = {"hour": "de l’heure", "day": "par jour", "month": "par mois"}[fields["per"]]
        money = "dollars" if fields["currency"] == "USD" else "euros"
        suffix = f"{_NBSP}{money} {per_fr}"
        measure = f"{'hourly' if fields['per'] == 'hour' else fields['per'] + 'ly'} pay of micro-workers"
    else:
        low, high = sorted((float(rng.randint(1, 30)), float(rng.randint(1, 30))))
        fields["duration_unit"] = rng.choice(["hour", "year"])
        suffix = f"{_NBSP}heures" if fields["duration_unit"] == "hour" else f"{_NBSP}ans"
        measure = "time spent on unpaid tasks"
    hedge = "environ " if approximate else ""
    if ranged and low < high:
        fields.update(value=None, low=low, high=high)
        text = f"entre {_french_number(low)} et {_french_number(high)}{suffix}"
    else:
        fields.update(value=high, low=None, high=None)
        text = f"{hedge}{_french_number(high)}{suffix}"
    fields["text"] = text
    fields["measure_en"] = measure
    return fields


def _dates(rng: random.Random, count: int) -> list[tuple[dt.date, str]]:
    span = (_LAST - _FIRST).days
    found = []
    for _ in range(count):
        date = _FIRST + dt.timedelta(days=rng.randrange(span + 1))
        roll = rng.random()
        if roll < 0.05:
            found.append((dt.date(date.year, 1, 1), "year"))
        elif roll < 0.15:
            found.append((date.replace(day=1), "month"))
        else:
            found.append((date, "day"))
    found.sort(reverse=True)  # the page lists its items newest first
    return found


def generate(n_quotes: int, seed: int = 0) -> dict[str, pa.Table]:
    """The tables of a synthetic corpus with ``n_quotes`` quotes (deterministic).

    Examples
    --------
    >>> import datetime as dt
    >>> from digital_labor_corpus.checks.validation import validate_tables
    >>> tables = generate(200, seed=1)
    >>> tables["quotes"].num_rows
    200
    >>> validate_tables(tables, release_date=RELEASE_DATE)
    []
    """
    if isinstance(n_quotes, bool) or not isinstance(n_quotes, int) or n_quotes < 1:
        message = f"n_quotes must be a whole number >= 1, not {n_quotes!r}"
        raise InvalidArgumentError(message)
    rng = random.Random(seed)
    people = _people(rng, 20 + n_quotes // 500)
    places = _places(rng, len(_PLACES) + n_quotes // 2000)
    person_ids = people["person_id"]
    place_rows = list(zip(places["place_id"], places["name_fr"], strict=True))
    topic_ids = [topic[0] for topic in _TOPICS]

    sizes: list[int] = []
    remaining = n_quotes
    while remaining > 0:
        size = min(remaining, rng.randint(5, 35))
        sizes.append(size)
        remaining -= size
    dates = _dates(rng, len(sizes))

    tables = {name: _columns(name) for name in ("sources", "appearances", "quotes", "claims")}
    tables |= {name: _columns(name) for name in ("statistics", "place_mentions")}
    apps, quotes, claims = tables["appearances"], tables["quotes"], tables["claims"]
    stats, mentions = tables["statistics"], tables["place_mentions"]

    document = _Text()
    source_id = ""
    for index, (n_in, (date, precision)) in enumerate(zip(sizes, dates, strict=True)):
        if index % _APPEARANCES_PER_SOURCE == 0:
            if source_id:
                _close_source(tables["sources"], source_id, document)
            source_id = f"synthetic-source-{index // _APPEARANCES_PER_SOURCE + 1:05d}"
            document = _Text()
            if index == 0:  # the credits name every person, so that each name form is in a source
                document.add("Avec\u00a0: " + ", ".join(people["name"]) + ".\n\n")
        else:
            document.add("\n\n")
        outlet, medium = rng.choice(_OUTLETS)
        genre = rng.choice(_GENRES)
        language = "en" if rng.random() < 0.05 else "fr"
        app_id = f"{date.isoformat()}-{_slug(outlet)}-{genre}-{index:06d}"
        title = f"{outlet}{_NBSP}: {' '.join(rng.choices(_FR, k=6))}" if rng.random() < 0.8 else None
        heading = title if title is not None else f"{outlet} ({date.isoformat()})"
        app_start, _ = document.add(heading + "\n\n")
        intro = " ".join(rng.choices(_FR, k=rng.randint(12, 30))) + "."
        intro_start, intro_end = document.add(intro)
        if rng.random() < 0.5:
            _claim(
                claims, f"{app_id}-c000", app_id, None, None, intro, intro_start, intro_end, rng, topic_ids
            )
        interview = genre == "interview"
        journalist = rng.choice(person_ids[1:])
        guest = "antonio-casilli" if rng.random() < 0.6 else rng.choice(person_ids)
        question: str | None = None
        for q_index in range(1, n_in + 1):
            document.add("\n\n")
            quote_id = f"{app_id}-q{q_index:03d}"
            if interview and q_index % 2 == 1:
                kind, speaker = "question", journalist
            elif interview:
                kind, speaker = "answer", guest
            else:
                kind, speaker = "statement", guest if rng.random() < 0.5 else rng.choice(person_ids)
            words = rng.choices(_EN if language == "en" else _FR, k=rng.randint(10, 30))
            if rng.random() < 0.01:
                words.insert(rng.randrange(len(words)), rng.choice(_RARE_FR))
            figure = _figure(rng, date.year) if kind != "question" and rng.random() < 0.3 else None
            place = rng.choice(place_rows) if rng.random() < 0.5 else None
            lead = " ".join(words[: len(words) // 2])
            tail = " ".join(words[len(words) // 2 :]) + ("\u00a0?" if kind == "question" else ".")
            opening = "«\u00a0" if kind != "question" else ""
            document.add(opening)
            quote_start, _ = document.add(lead + " ")
            figure_span = document.add(figure["text"]) if figure else None
            if figure:
                document.add(" ")
            place_span = document.add(place[1]) if place else None
            if place:
                document.add(" ")
            _, quote_end = document.add(tail)
            document.add("\u00a0»" if kind != "question" else "")
            quote_text = "".join(
                [lead, " ", figure["text"] + " " if figure else "", place[1] + " " if place else "", tail]
            )
            quotes["quote_id"].append(quote_id)
            quotes["appearance_id"].append(app_id)
            quotes["source_id"].append(source_id)
            quotes["speaker_id"].append(speaker)
            quotes["kind"].append(kind)
            quotes["question_id"].append(question if kind == "answer" else None)
            quotes["text"].append(quote_text)
            quotes["language"].append(language)
            quotes["text_en"].append(" ".join(rng.choices(_EN, k=len(words))) + ".")
            quotes["topics"].append(rng.sample(topic_ids, rng.randint(1, 3)))
            quotes["span_start"].append(quote_start)
            quotes["span_end"].append(quote_end)
            if kind == "question":
                question = quote_id
            claim_id = None
            if rng.random() < 0.9:
                claim_id = f"{app_id}-c{q_index:03d}"
                starts = [span[0] for span in (figure_span, place_span) if span is not None]
                claim_start = min(starts) if starts else quote_start
                _claim(
                    claims,
                    claim_id,
                    app_id,
                    speaker,
                    quote_id,
                    quote_text[claim_start - quote_start :],
                    claim_start,
                    quote_end,
                    rng,
                    topic_ids,
                )
            if figure and figure_span:
                _statistic(
                    stats, f"{app_id}-s{q_index:03d}", app_id, quote_id, claim_id, figure, figure_span, rng
                )
                if place and rng.random() < 0.5:
                    stats["place_id"][-1] = place[0]
            if place and place_span:
                mentions["mention_id"].append(f"{app_id}-m{q_index:03d}")
                mentions["place_id"].append(place[0])
                mentions["appearance_id"].append(app_id)
                mentions["quote_id"].append(quote_id)
                mentions["speaker_id"].append(speaker)  # the speaker of the quote it is in
                mentions["claim_id"].append(claim_id)
                mentions["text"].append(place[1])
                mentions["role"].append(rng.choice(_ROLES))
                mentions["span_start"].append(place_span[0])
                mentions["span_end"].append(place_span[1])
        apps["appearance_id"].append(app_id)
        apps["source_id"].append(source_id)
        apps["parent_id"].append(None)
        apps["date"].append(date)
        apps["date_precision"].append(precision)
        apps["outlet"].append(outlet)
        apps["programme"].append(None)
        apps["medium"].append(medium)
        apps["genre"].append(genre)
        apps["title"].append(title)
        apps["language"].append(language)
        apps["span_start"].append(app_start)
        apps["span_end"].append(document.length)
        apps["summary_en"].append(f"A synthetic {genre} in {outlet}.")
        apps["headline"].append(None)
        apps["headline_start"].append(None)
        apps["headline_end"].append(None)
    _close_source(tables["sources"], source_id, document)

    topics = _columns("topics")
    for topic_id, label_en, label_fr in _TOPICS:
        topics["topic_id"].append(topic_id)
        topics["label_en"].append(label_en)
        topics["label_fr"].append(label_fr)
        topics["description_en"].append(f"Records about {label_en.lower()}.")
    columns = tables | {"people": people, "places": places, "topics": topics, "errata": _columns("errata")}
    return {name: _sorted(name, columns[name]) for name in TABLES}


def _claim(  # noqa: PLR0917 (a private row builder, called with positions)
    claims: dict[str, list[Any]],
    claim_id: str,
    app_id: str,
    claimant: str | None,
    quote_id: str | None,
    text: str,
    start: int,
    end: int,
    rng: random.Random,
    topic_ids: Sequence[str],
) -> None:
    claims["claim_id"].append(claim_id)
    claims["appearance_id"].append(app_id)
    claims["claimant_id"].append(claimant)
    claims["quote_id"].append(quote_id)
    claims["statement_en"].append(" ".join(rng.choices(_EN, k=12)) + ".")
    claims["claim_type"].append(rng.choice(_CLAIM_TYPES))
    claims["topics"].append(rng.sample(list(topic_ids), rng.randint(1, 2)))
    claims["text"].append(text)
    claims["span_start"].append(start)
    claims["span_end"].append(end)
    claims["reported_from"].append(None)
    claims["same_as"].append(None)


def _statistic(  # noqa: PLR0917 (a private row builder, called with positions)
    stats: dict[str, list[Any]],
    statistic_id: str,
    app_id: str,
    quote_id: str,
    claim_id: str | None,
    figure: dict[str, Any],
    span: tuple[int, int],
    rng: random.Random,
) -> None:
    del rng
    stats["statistic_id"].append(statistic_id)
    stats["appearance_id"].append(app_id)
    stats["quote_id"].append(quote_id)
    stats["claim_id"].append(claim_id)
    for column in (
        "text",
        "value",
        "low",
        "high",
        "approximate",
        "unit",
        "currency",
        "per",
        "duration_unit",
        "measure_en",
        "reference_year",
        "attributed_to",
    ):
        stats[column].append(figure[column])
    stats["place_id"].append(None)
    stats["span_start"].append(span[0])
    stats["span_end"].append(span[1])


def _close_source(sources: dict[str, list[Any]], source_id: str, document: _Text) -> None:
    text = document.text()
    sources["source_id"].append(source_id)
    sources["title"].append(f"Synthetic source {source_id.rsplit('-', 1)[-1]}")
    sources["author"].append("digital-labor-corpus synthetic generator")
    sources["publisher"].append(None)
    sources["language"].append("fr")
    sources["text"].append(text)
    sources["sha256"].append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    sources["n_chars"].append(len(text))
    sources["url"].append(None)


#: The sort order of each table's rows where it is not the primary key alone.
SORT_KEYS: dict[str, tuple[str, ...]] = {"place_mentions": ("place_id", "mention_id")}


def _sorted(name: str, columns: dict[str, list[Any]]) -> pa.Table:
    table = pa.Table.from_pydict(columns, schema=arrow_schema(name))
    keys = SORT_KEYS.get(name, (TABLES[name].primary_key,))
    return table.take(pc.sort_indices(table, sort_keys=[(key, "ascending") for key in keys]))


#: Row groups of sorted place mentions are smaller: one place's mentions fill a fraction of
#: a row group, and pyarrow decodes whole row groups.
MENTION_ROW_GROUP_SIZE = 8_192

#: Row groups of quotes are smaller too. A question about one day, one quote or the few
#: quotes a search returns reads the row groups that hold them, and pyarrow decodes a
#: whole row group: at 65,536 rows, a day's 18 quotes at 100,000 quotes cost 45 ms, at
#: 16,384 rows 19 ms. Smaller still costs the scans that read every group (the speakers
#: of 74,660 figures at a million quotes: 137 ms at 65,536 rows, 218 ms at 16,384,
#: 293 ms at 8,192), which is why not 8,192.
QUOTE_ROW_GROUP_SIZE = 16_384

_ROW_GROUP_LIMITS = {"sources": 1, "place_mentions": MENTION_ROW_GROUP_SIZE, "quotes": QUOTE_ROW_GROUP_SIZE}


def _row_group_size(name: str, requested: int) -> int:
    """Rows per row group of table ``name``: one document per group for sources, fewer for mentions and quotes."""
    return min(requested, _ROW_GROUP_LIMITS.get(name, requested))


def write_corpus(
    tables: dict[str, pa.Table],
    directory: Path,
    *,
    version: str | None = None,
    release_date: dt.date = RELEASE_DATE,
    row_group_size: int = ROW_GROUP_SIZE,
) -> Path:
    """Write ``tables`` as a corpus directory (Parquet files and a manifest), atomically.

    The files are written as the build writes them: zstd, statistics, sorted as given
    (by :data:`SORT_KEYS` from :func:`generate`), ``row_group_size`` rows a row group, but one
    row group per document for ``sources``, at most :data:`MENTION_ROW_GROUP_SIZE` rows
    for ``place_mentions`` and :data:`QUOTE_ROW_GROUP_SIZE` for ``quotes``. ``directory`` must not exist yet. ``version``, the manifest's
    dataset version, is by default the newest version of the schema (the tables of
    :func:`generate` have all its columns).
    """
    directory = Path(directory)
    if directory.exists():
        raise FileExistsError(f"{directory} exists already; write_corpus() writes a new directory")
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        entries = {}
        for name, table in tables.items():
            path = staging / f"{name}.parquet"
            pq.write_table(
                table,
                path,
                compression="zstd",
                row_group_size=_row_group_size(name, row_group_size),
                write_statistics=True,
                store_schema=True,
            )
            entries[name] = TableEntry(
                file=path.name,
                rows=table.num_rows,
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                bytes=path.stat().st_size,
                schema_fingerprint=schema_fingerprint(table.schema),
            )
        manifest = Manifest(version or schema_versions()[-1], release_date, entries, {})
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        os.replace(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return directory


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a synthetic corpus directory from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m digital_labor_corpus.build.synthetic", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="the corpus directory to write (must not exist)")
    parser.add_argument("--quotes", type=int, default=1000, help="number of quotes (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--row-group-size", type=int, default=ROW_GROUP_SIZE)
    parser.add_argument("--validate", action="store_true", help="check every invariant before writing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tables = generate(args.quotes, args.seed)
    print(f"generated {', '.join(f'{n} {t.num_rows:,}' for n, t in tables.items())}", file=sys.stderr)
    if args.validate:
        from digital_labor_corpus.checks.validation import validate_tables

        problems = validate_tables(tables, release_date=RELEASE_DATE)
        if problems:
            for problem in problems[:20]:
                print(problem, file=sys.stderr)
            return 1
        print("valid: every invariant holds", file=sys.stderr)
    write_corpus(tables, args.out, row_group_size=args.row_group_size)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
