"""The reading room: one static HTML page with the whole source and its annotations, no server.

:func:`page` returns a complete HTML document (its style, script and data inline; it loads
nothing) that shows the source text with its layers: quotes coloured by speaker, claims
underlined, figures in bold, places with a dotted underline, and a tag with the speaker's
name before each quote (the people layer). Each layer can be switched off. Each marked
stretch of text is a link to its record (the innermost: a figure or place before the quote
or claim around it; with the script, the innermost of the layers shown); following it opens
the record (French, English, speaker, appearance, date, outlet, a citation) and puts
the record's id in the address: ``reading-room.html#2022-12-09-humanite-interview-q07``
opens the page with that quote highlighted. An appearance, person or place id works too
(``#antonio-casilli`` highlights everything he says). Facets by appearance, speaker and
topic dim every span that does not match; a chart of the places, drawn from their latitude
and longitude as inline SVG, links each place to its mentions.

The documentation site builds it (``docs/gen_reading_room.py``) from the newest version.

Examples
--------
>>> html = page()
>>> html.startswith("<!DOCTYPE html>") and 'id="layer-quotes"' in html
True
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections import Counter
from collections.abc import Mapping
from typing import Any, Final

from digital_labor_corpus.publishing.layers import AnnotatedSource, annotated_sources

__all__ = ["LAYER_CLASSES", "PALETTE", "page", "page_of"]

#: The CSS class of each span table's segments, and the layer switch that hides it.
LAYER_CLASSES: Final = {"quotes": "q", "claims": "c", "statistics": "f", "place_mentions": "p"}
#: Speaker colours, the most quoted speaker first.
PALETTE: Final = (
    "#ffd966",
    "#a9d18e",
    "#9dc3e6",
    "#f4b183",
    "#c9a0dc",
    "#8fd3c8",
    "#f7a8b8",
    "#d6c18a",
    "#b4b4e6",
    "#c5e0b4",
)
_NAMES: Final = {
    "quotes": "quote",
    "claims": "claim",
    "statistics": "figure",
    "place_mentions": "place mention",
}
_KEYS: Final = {
    "quotes": "quote_id",
    "claims": "claim_id",
    "statistics": "statistic_id",
    "place_mentions": "mention_id",
}
_PRECISION: Final = {"day": 10, "month": 7, "year": 4}
# Which record a click on overlapping spans opens: the figure or place before the quote or claim around it.
_PRIORITY: Final = {"statistics": 0, "place_mentions": 1, "quotes": 2, "claims": 3}
_MAP_WIDTH, _MAP_HEIGHT = 720, 360


def _date(row: Mapping[str, Any]) -> str:
    return str(row["date"].isoformat()[: _PRECISION.get(row["date_precision"], 10)])


def _figure(row: Mapping[str, Any]) -> str:
    def number(value: float | None) -> str:
        return "?" if value is None else f"{value:,.10g}"

    text = number(row["value"]) if row["value"] is not None else ""
    if row["low"] is not None or row["high"] is not None:
        text = (text + " " if text else "") + f"({number(row['low'])} to {number(row['high'])})"
    unit = row["currency"] or ("%" if row["unit"] == "percent" else row.get("duration_unit") or row["unit"])
    text += f" {unit}"
    if row["per"]:
        text += f" per {row['per']}"
    return ("about " if row["approximate"] else "") + text.strip()


def _records(document: AnnotatedSource, citations: Mapping[str, str]) -> list[dict[str, Any]]:
    """The records the page shows, with what the record panel and the facets need."""
    by_key = {(span.table, span.key): span.record for span in document.spans}
    records = []
    for span in document.spans:
        row = span.record
        quote = by_key.get(("quotes", row.get("quote_id") or "")) if span.table != "quotes" else row
        claim = by_key.get(("claims", row.get("claim_id") or ""))
        topics = set(row.get("topics") or ())
        for linked in (quote, claim):
            if linked is not None:
                topics |= set(linked["topics"])
        speaker = None if quote is None else quote["speaker_id"]
        if span.table == "claims":
            speaker = row["claimant_id"] or speaker
        record: dict[str, Any] = {
            "id": span.key,
            "table": span.table,
            "name": _NAMES[span.table],
            "start": span.start,
            "end": span.end,
            "fr": document.text[span.start : span.end],
            "speaker": speaker,
            "appearance": row["appearance_id"],
            "topics": sorted(topics),
            "cite": citations.get(span.key),
        }
        if span.table == "quotes":
            record |= {"en": row["text_en"], "kind": row["kind"], "question": row["question_id"]}
        elif span.table == "claims":
            record |= {"en": row["statement_en"], "kind": row["claim_type"], "quote": row["quote_id"]}
        elif span.table == "statistics":
            record |= {
                "en": row["measure_en"],
                "kind": row["unit"],
                "figure": _figure(row),
                "place": row["place_id"],
            }
        else:
            place = document.places.get(row["place_id"], {})
            record |= {"en": place.get("name_en"), "kind": row["role"], "place": row["place_id"]}
        records.append(record)
    return records


def _segments(document: AnnotatedSource, records: list[dict[str, Any]], colours: Mapping[str, int]) -> str:
    """The source text as HTML: a section per top-level appearance, a ``span`` per stretch of equal cover."""
    text = document.text
    cuts = {0, len(text)}
    for record in records:
        cuts |= {record["start"], record["end"]}
    sections = [(a["span_start"], a["span_end"], a) for a in document.top_level]
    for start, end, _ in sections:
        cuts |= {start, end}
    points = sorted(cuts)
    starts: dict[int, list[int]] = {}
    for index, record in enumerate(records):
        starts.setdefault(record["start"], []).append(index)
    open_records: set[int] = set()
    section_at = {start: (end, row) for start, end, row in sections}
    out: list[str] = []
    section_end: int | None = None
    for left, right in itertools.pairwise(points):
        if section_end == left:
            out.append("</section>")
            section_end = None
        if left in section_at:
            end, row = section_at[left]
            label = " · ".join(p for p in (_date(row), row["outlet"], row["programme"], row["genre"]) if p)
            out.append(
                f'<section class="app" id="{html.escape(row["appearance_id"])}" '
                f'data-label="{html.escape(label)}">'
            )
            section_end = end
        open_records = {i for i in open_records if records[i]["end"] > left}
        for index in starts.get(left, []):
            record = records[index]
            if record["table"] == "quotes":
                person = document.people.get(record["speaker"] or "", {})
                out.append(
                    f'<a class="who sp{colours.get(record["speaker"], 0) % len(PALETTE)}" '
                    f'href="#{html.escape(record["speaker"] or "")}" '
                    f'data-name="{html.escape(person.get("name", record["speaker"] or ""))}"></a>'
                )
        open_records |= {i for i in starts.get(left, []) if records[i]["end"] > left}
        piece = html.escape(text[left:right])
        if not open_records:
            out.append(piece)
            continue
        covering = sorted(open_records)
        classes = ["s", *sorted({LAYER_CLASSES[records[i]["table"]] for i in covering})]
        speakers = [records[i]["speaker"] for i in covering if records[i]["table"] == "quotes"]
        if speakers:
            classes.append(f"sp{colours.get(speakers[0], 0) % len(PALETTE)}")
        refs = " ".join(str(i) for i in covering)
        target = min(
            covering, key=lambda i: (_PRIORITY[records[i]["table"]], records[i]["end"] - records[i]["start"])
        )
        out.append(
            f'<a class="{" ".join(classes)}" href="#{html.escape(records[target]["id"])}" '
            f'data-r="{refs}">{piece}</a>'
        )
    if section_end is not None:
        out.append("</section>")
    return "".join(out)


def _place_chart(document: AnnotatedSource, counts: Counter[str]) -> str:
    """An equirectangular chart of the mentioned places: a circle per place, sized by its mentions."""
    width, height = _MAP_WIDTH, _MAP_HEIGHT

    def x(lon: float) -> float:
        return (lon + 180) / 360 * width

    def y(lat: float) -> float:
        return (90 - lat) / 180 * height

    parts = [
        f'<svg id="place-chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Places mentioned, by latitude and longitude">',
        f'<rect width="{width}" height="{height}" class="sea"/>',
    ]
    for lon in range(-180, 181, 30):
        parts.append(f'<line class="grid" x1="{x(lon):.1f}" y1="0" x2="{x(lon):.1f}" y2="{height}"/>')
    for lat in range(-90, 91, 30):
        parts.append(f'<line class="grid" x1="0" y1="{y(lat):.1f}" x2="{width}" y2="{y(lat):.1f}"/>')
    parts.append(f'<line class="equator" x1="0" y1="{y(0):.1f}" x2="{width}" y2="{y(0):.1f}"/>')
    placed = [
        (key, row)
        for key, row in document.places.items()
        if counts[key] and row["latitude"] is not None and row["longitude"] is not None
    ]
    placed.sort(key=lambda item: -counts[item[0]])
    for rank, (key, row) in enumerate(placed):
        cx, cy = x(row["longitude"]), y(row["latitude"])
        radius = 2.5 + 2 * math.sqrt(counts[key])
        name = html.escape(row["name_en"])
        parts.append(
            f'<a href="#{html.escape(key)}" class="place" data-place="{html.escape(key)}">'
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}">'
            f"<title>{name}: {counts[key]} mention(s)</title></circle>"
            + (f'<text x="{cx + radius + 2:.1f}" y="{cy + 3:.1f}">{name}</text>' if rank < 8 else "")
            + "</a>"
        )
    parts.append("</svg>")
    unplaced = sorted(
        (row["name_en"], key)
        for key, row in document.places.items()
        if counts[key] and (row["latitude"] is None or row["longitude"] is None)
    )
    if unplaced:
        links = ", ".join(f'<a href="#{html.escape(k)}">{html.escape(n)}</a>' for n, k in unplaced)
        parts.append(f'<p class="unplaced">Without coordinates: {links}.</p>')
    return "".join(parts)


def _options(pairs: list[tuple[str, str]], everything: str) -> str:
    items = [f'<option value="">{html.escape(everything)}</option>']
    items += [f'<option value="{html.escape(v)}">{html.escape(label)}</option>' for v, label in pairs]
    return "".join(items)


_STYLE = """
:root { --ink: #1d1d1f; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fcfcfa; }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); background: #fff;
  font-family: system-ui, sans-serif; font-size: 14px; position: sticky; top: 0; z-index: 2; }
header h1 { font-size: 18px; margin: 0 0 6px; }
header fieldset { display: inline-block; border: 0; margin: 0 16px 0 0; padding: 0; }
header label { margin-right: 10px; white-space: nowrap; }
header select { max-width: 220px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 3px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 24px; padding: 16px 20px; }
#text { white-space: pre-wrap; max-width: 46em; }
section.app { display: block; border-left: 3px solid var(--line); padding-left: 12px; margin: 18px 0; }
section.app::before { content: attr(data-label); display: block; font: 12px system-ui, sans-serif;
  color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
a.s { color: inherit; text-decoration: none; border-radius: 2px; }
.s.c { border-bottom: 2px solid #4472c4; }
.s.f { font-weight: bold; color: #2e6b1f; }
.s.p { text-decoration: underline dotted #c55a11 2px; text-underline-offset: 3px; }
a.who { text-decoration: none; }
a.who::before { content: attr(data-name); font: 11px system-ui, sans-serif; padding: 0 4px; margin-right: 3px;
  border-radius: 3px; color: #333; vertical-align: 1px; }
.hide-quotes .s.q { background: none !important; }
.hide-claims .s.c { border-bottom: 0; }
.hide-figures .s.f { font-weight: inherit; color: inherit; }
.hide-places .s.p { text-decoration: none; }
.hide-people a.who { display: none; }
.s.dim { opacity: .25; }
.s.hl { outline: 2px solid #c00000; background: #fff3a0 !important; }
aside { font-family: system-ui, sans-serif; font-size: 14px; }
aside .sticky { position: sticky; top: 110px; }
#panel { border: 1px solid var(--line); background: #fff; padding: 12px; border-radius: 6px; min-height: 120px; }
#panel h2 { font-size: 15px; margin: 0 0 8px; }
#panel blockquote { margin: 6px 0; padding-left: 10px; border-left: 3px solid var(--line); font-family: Georgia, serif; }
#panel dl { display: grid; grid-template-columns: 90px 1fr; gap: 2px 8px; margin: 8px 0; }
#panel dt { color: var(--muted); }
#panel dd { margin: 0; }
#panel .cite { font-size: 12px; color: #333; background: #f6f6f4; padding: 6px; }
#facet-count { color: var(--muted); }
#place-chart { width: 100%; height: auto; margin-top: 12px; border: 1px solid var(--line); }
#place-chart .sea { fill: #eef3f8; }
#place-chart .grid { stroke: #cfd8e3; stroke-width: .5; }
#place-chart .equator { stroke: #9fb0c4; stroke-width: .8; }
#place-chart circle { fill: #c55a11; fill-opacity: .7; stroke: #fff; stroke-width: .8; }
#place-chart a.on circle { fill: #c00000; fill-opacity: 1; }
#place-chart text { font: 10px system-ui, sans-serif; fill: #333; }
.unplaced { font-size: 12px; color: var(--muted); }
"""

_SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const records = data.records;
  const byId = new Map(records.map((r, i) => [r.id, i]));
  const segments = Array.from(document.querySelectorAll('#text .s'));
  const segsOf = records.map(() => []);
  segments.forEach(seg => seg.dataset.r.split(' ').forEach(i => segsOf[+i].push(seg)));
  const layerOf = {quotes: 'quotes', claims: 'claims', statistics: 'figures', place_mentions: 'places'};
  const priority = ['statistics', 'place_mentions', 'quotes', 'claims'];
  const body = document.body;
  const panel = document.getElementById('panel');
  const esc = s => String(s == null ? '' : s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]);
  const person = id => (data.people[id] || {}).name || id;
  const appearanceById = new Map(data.appearances.map(a => [a.id, a]));
  const visible = table => !body.classList.contains('hide-' + layerOf[table]);

  document.querySelectorAll('input[data-layer]').forEach(box => {
    const apply = () => body.classList.toggle('hide-' + box.dataset.layer, !box.checked);
    box.addEventListener('change', apply);
    apply();
  });

  segments.forEach(seg => seg.addEventListener('click', event => {
    event.preventDefault();
    const found = seg.dataset.r.split(' ').map(i => records[+i]).filter(r => visible(r.table));
    if (!found.length) return;
    found.sort((a, b) => priority.indexOf(a.table) - priority.indexOf(b.table) || (a.end - a.start) - (b.end - b.start));
    location.hash = found[0].id;
  }));

  function appearanceLine(id) {
    const a = appearanceById.get(id);
    if (!a) return esc(id);
    return '<a href="#' + esc(a.id) + '">' + esc([a.date, a.outlet, a.programme].filter(Boolean).join(' · ')) + '</a>' +
      (a.title ? '<br><i>' + esc(a.title) + '</i>' : '');
  }
  function row(label, value) { return value ? '<dt>' + label + '</dt><dd>' + value + '</dd>' : ''; }
  function link(id, label) { return id ? '<a href="#' + esc(id) + '">' + esc(label) + '</a>' : ''; }

  function showRecord(r) {
    let html = '<h2>' + esc(r.name) + (r.kind ? ' · ' + esc(r.kind) : '') + '</h2>';
    html += '<blockquote lang="fr">' + esc(r.fr) + '</blockquote>';
    if (r.en) html += '<blockquote lang="en">' + esc(r.en) + '</blockquote>';
    html += '<dl>' + row('speaker', r.speaker ? link(r.speaker, person(r.speaker)) : '') +
      row('figure', esc(r.figure)) +
      row('place', r.place ? link(r.place, (data.places[r.place] || {}).name_en || r.place) : '') +
      row('answers', r.question ? link(r.question, r.question) : '') +
      row('in quote', r.quote ? link(r.quote, r.quote) : '') +
      row('appearance', appearanceLine(r.appearance)) +
      row('topics', r.topics.map(t => esc(data.topics[t] || t)).join(', ')) +
      row('record', '<a class="permalink" href="#' + esc(r.id) + '">' + esc(r.table + ' ' + r.id) + '</a>') + '</dl>';
    if (r.cite) html += '<div class="cite">' + esc(r.cite) + '</div>';
    panel.innerHTML = html;
  }
  function showOther(kind, title, lines) {
    panel.innerHTML = '<h2>' + esc(kind) + ' · ' + esc(title) + '</h2><dl>' + lines.join('') + '</dl>';
  }

  function clear() {
    document.querySelectorAll('.hl').forEach(el => el.classList.remove('hl'));
    document.querySelectorAll('#place-chart a.on').forEach(el => el.classList.remove('on'));
  }
  function mark(indices) {
    let first = null;
    indices.forEach(i => segsOf[i].forEach(seg => {
      seg.classList.add('hl');
      if (!first || seg.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) first = seg;
    }));
    return first;
  }
  function select(id) {
    clear();
    if (!id) return;
    let first = null;
    if (byId.has(id)) {
      const r = records[byId.get(id)];
      first = mark([byId.get(id)]);
      showRecord(r);
    } else if (appearanceById.has(id)) {
      const a = appearanceById.get(id);
      first = document.getElementById(id);
      showOther('appearance', a.outlet, [row('date', esc(a.date)), row('medium', esc(a.medium + ', ' + a.genre)),
        row('programme', esc(a.programme)), row('title', esc(a.title)), row('summary', esc(a.summary)),
        row('part of', a.parent ? link(a.parent, a.parent) : '')]);
    } else if (data.people[id]) {
      const p = data.people[id];
      first = mark(records.map((r, i) => (r.table === 'quotes' && r.speaker === id) ? i : -1).filter(i => i >= 0));
      showOther('person', p.name, [row('who', esc(p.description)), row('affiliation', esc(p.affiliation)),
        row('Wikidata', p.wikidata ? '<a href="https://www.wikidata.org/wiki/' + esc(p.wikidata) + '">' + esc(p.wikidata) + '</a>' : '')]);
    } else if (data.places[id]) {
      const p = data.places[id];
      first = mark(records.map((r, i) => (r.table === 'place_mentions' && r.place === id) ? i : -1).filter(i => i >= 0));
      document.querySelectorAll('#place-chart a[data-place="' + CSS.escape(id) + '"]').forEach(el => el.classList.add('on'));
      showOther('place', p.name_en, [row('in French', esc(p.name_fr)), row('kind', esc(p.kind)),
        row('Wikidata', p.wikidata ? '<a href="https://www.wikidata.org/wiki/' + esc(p.wikidata) + '">' + esc(p.wikidata) + '</a>' : '')]);
    } else {
      panel.innerHTML = '<p>No record <code>' + esc(id) + '</code> in this version.</p>';
    }
    if (first) first.scrollIntoView({block: 'center'});
  }
  const fromHash = () => select(decodeURIComponent(location.hash.slice(1)));
  window.addEventListener('hashchange', fromHash);

  const facets = Array.from(document.querySelectorAll('select[data-facet]'));
  function applyFacets() {
    const chosen = Object.fromEntries(facets.map(f => [f.dataset.facet, f.value]));
    const any = facets.some(f => f.value);
    const counts = {};
    const match = records.map(r => {
      const a = appearanceById.get(r.appearance) || {};
      const ok = (!chosen.appearance || r.appearance === chosen.appearance || a.parent === chosen.appearance) &&
        (!chosen.speaker || r.speaker === chosen.speaker) &&
        (!chosen.topic || r.topics.includes(chosen.topic));
      if (ok && any) counts[r.name] = (counts[r.name] || 0) + 1;
      return ok;
    });
    segments.forEach(seg => seg.classList.toggle('dim', any && !seg.dataset.r.split(' ').some(i => match[+i])));
    document.getElementById('facet-count').textContent = any
      ? (Object.entries(counts).map(([k, n]) => n + ' ' + k + (n > 1 ? 's' : '')).join(', ') || 'nothing') + ' match'
      : '';
    if (chosen.appearance) { const el = document.getElementById(chosen.appearance); if (el) el.scrollIntoView(); }
  }
  facets.forEach(f => f.addEventListener('change', applyFacets));
  body.dataset.ready = 'true';
  fromHash();
})();
"""


def page_of(documents: list[AnnotatedSource], version: str | None, citations: Mapping[str, str]) -> str:
    """Return the reading room of the first source of ``documents`` as an HTML document.

    Parameters
    ----------
    documents
        Annotated sources (:func:`digital_labor_corpus.publishing.layers.annotated_sources`).
    version
        The dataset version, shown in the title.
    citations
        A citation of each record, by id (shown in the record panel; may be empty).

    Returns
    -------
    str
        A complete HTML document that loads nothing from elsewhere.
    """
    document = documents[0]
    records = _records(document, citations)
    speakers = Counter(r["speaker"] for r in records if r["table"] == "quotes" and r["speaker"])
    colours = {person: rank for rank, (person, _) in enumerate(speakers.most_common())}
    mentions = Counter(r["place"] for r in records if r["table"] == "place_mentions")
    talkers = sorted(
        {r["speaker"] for r in records if r["speaker"]},
        key=lambda p: document.people.get(p, {}).get("name", p),
    )
    used_topics = sorted({t for r in records for t in r["topics"]})
    source = document.source
    data = {
        "version": version,
        "records": records,
        "people": {
            key: {
                "name": row["name"],
                "description": row["description_en"],
                "affiliation": row["affiliation"],
                "wikidata": row["wikidata_qid"],
            }
            for key, row in document.people.items()
        },
        "places": {
            key: {
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "kind": row["kind"],
                "wikidata": row["wikidata_qid"],
            }
            for key, row in document.places.items()
        },
        "topics": {key: row["label_en"] for key, row in document.topics.items()},
        "appearances": [
            {
                "id": row["appearance_id"],
                "parent": row["parent_id"],
                "date": _date(row),
                "outlet": row["outlet"],
                "programme": row["programme"],
                "title": row["title"],
                "medium": row["medium"],
                "genre": row["genre"],
                "summary": row["summary_en"],
            }
            for row in document.appearances
        ],
    }
    legend = "".join(
        f'<span class="swatch" style="background:{PALETTE[rank % len(PALETTE)]}"></span>'
        f"{html.escape(document.people.get(person, {}).get('name', person))} "
        for person, rank in sorted(colours.items(), key=lambda item: item[1])[:6]
    )
    speaker_css = "".join(
        f".s.q.sp{i} {{ background: {colour}; }} a.who.sp{i}::before {{ background: {colour}; }}\n"
        for i, colour in enumerate(PALETTE)
    )
    appearance_options = _options(
        [(a["appearance_id"], f"{_date(a)} · {a['outlet']} · {a['genre']}") for a in document.appearances],
        "every appearance",
    )
    speaker_options = _options(
        [(p, document.people.get(p, {}).get("name", p)) for p in talkers], "every speaker"
    )
    topic_options = _options(
        [(t, document.topics.get(t, {}).get("label_en", t)) for t in used_topics], "every topic"
    )
    release = "a selection" if version is None else f"dataset version {version}"
    layers = [
        ("quotes", "quotes, coloured by speaker"),
        ("claims", "claims"),
        ("figures", "figures"),
        ("places", "places"),
        ("people", "people"),
    ]
    switches = "".join(
        f'<label><input type="checkbox" id="layer-{name}" data-layer="{name}" checked> {label}</label>'
        for name, label in layers
    )
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = html.escape(str(source["title"]))
    author = html.escape(str(source["author"] or ""))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(str(source["language"]))}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Reading room: {title} (digital-labor-corpus, {release})</title>\n"
        f"<style>{_STYLE}{speaker_css}</style>\n</head>\n<body>\n"
        f"<header><h1>Reading room: <i>{title}</i>{' by ' + author if author else ''} "
        f"<small>(digital-labor-corpus, {release})</small></h1>"
        f"<fieldset><legend hidden>Layers</legend>{switches}</fieldset>"
        f"<fieldset><legend hidden>Facets</legend>"
        f'<select data-facet="appearance" id="facet-appearance" aria-label="appearance">{appearance_options}</select> '
        f'<select data-facet="speaker" id="facet-speaker" aria-label="speaker">{speaker_options}</select> '
        f'<select data-facet="topic" id="facet-topic" aria-label="topic">{topic_options}</select> '
        f'<span id="facet-count"></span></fieldset>'
        f'<div class="legend">{legend}</div></header>\n'
        f'<main><article id="text" lang="{html.escape(str(source["language"]))}">{_segments(document, records, colours)}</article>\n'
        '<aside><div class="sticky"><div id="panel"><p>Click a marked passage, or open '
        "<code>#record-id</code>, to see its record.</p></div>"
        f"<h2>Places mentioned</h2>{_place_chart(document, mentions)}</div></aside></main>\n"
        f'<script type="application/json" id="data">{payload}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def page(version: str | None = None) -> str:
    """Return the reading room of a shipped dataset version (the newest by default).

    Parameters
    ----------
    version
        A shipped dataset version.

    Returns
    -------
    str
        A complete HTML document.

    Raises
    ------
    UnknownVersionError
        For a version the corpus does not have.
    """
    from digital_labor_corpus.queries.corpus import open as open_corpus
    from digital_labor_corpus.schema.records import TABLES
    from digital_labor_corpus.store.loading import load
    from digital_labor_corpus.store.storage import shipped_store

    resolved = shipped_store().resolve(version)
    data = {name: load(name, version=resolved) for name in TABLES}
    documents = annotated_sources(data)
    corpus = open_corpus(version=resolved)
    citations = {span.key: corpus.cite(span.key, table=span.table) for span in documents[0].spans}
    return page_of(documents, resolved, citations)
