#!/usr/bin/env python3
"""Writes a synthetic six-language site of N pages per language, three times: for imrf, Hugo and
Zola.

    python3 benches/gen_corpus.py N OUT [light|heavy]   ->  OUT/imrf/, OUT/hugo/ and OUT/zola/

The trees hold the same pages: YAML front matter (title, date, summary, objectives), Markdown
spread over five generic sections, with every page translated into the five other languages as
`page.xx.md`. Hugo and Zola get an `objectives` taxonomy and one bare template per page kind;
imrf gets its own built-in theme and indexes. Seeded: the same N and shape give the same files.
The Zola site (zola.toml, YAML front matter, `@/` internal links) builds with Zola 0.22.

Two shapes of page:
- light (the default, ~1.6 KB of English Markdown): three paragraphs, a `##` and a `###`
  heading, a three-item list, a 2-row table, three internal links and a `rust` code block;
- heavy (~4.5 KB): three `##` headings, ten paragraphs of three or four twelve-word sentences with inline
  emphasis and code, a four-item list with bold lead words, a 4 x 4 table, a fenced `yaml` block,
  an external link and three internal links.
"""
import os
import random
import sys

LANGS = ["en", "ar", "zh", "fr", "ru", "es"]
NAMES = {"en": "English", "ar": "العربية", "zh": "中文", "fr": "Français", "ru": "Русский", "es": "Español"}
SECTIONS = ["reports", "briefs", "stories", "practices", "events"]
WORDS = {
    "en": "migration review forum objective regular pathways data cooperation rights inclusion policy".split(),
    "ar": "الهجرة منتدى استعراض هدف مسارات بيانات تعاون حقوق إدماج سياسة".split(),
    "zh": "移民 论坛 审查 目标 正常 途径 数据 合作 权利 包容 政策".split(),
    "fr": "migration forum examen objectif filières données coopération droits inclusion politique".split(),
    "ru": "миграция форум обзор цель пути данные сотрудничество права интеграция политика".split(),
    "es": "migración foro examen objetivo vías datos cooperación derechos inclusión política".split(),
}


def sentence(rng, lang, n=12):
    words = [rng.choice(WORDS[lang]) for _ in range(n)]
    sep = "" if lang == "zh" else " "
    end = "。" if lang == "zh" else "."
    text = sep.join(words)
    return text[0].upper() + text[1:] + end


def internal_links(rng, lang, n, link_style):
    """Three links to other pages, written the way each tool resolves them."""
    links = []
    for j in [rng.randrange(n) for _ in range(3)]:
        section = SECTIONS[j % len(SECTIONS)]
        if link_style == "imrf":
            links.append(f"[{WORDS[lang][j % 10]}](@/{section}/page-{j}.md)")
        elif link_style == "zola":
            suffix = "" if lang == "en" else f".{lang}"
            links.append(f"[{WORDS[lang][j % 10]}](@/{section}/page-{j}{suffix}.md)")
        else:
            prefix = "" if lang == "en" else f"/{lang}"
            links.append(f"[{WORDS[lang][j % 10]}]({prefix}/{section}/page-{j}/)")
    return links


def light_body(rng, lang, i, n, link_style):
    links = internal_links(rng, lang, n, link_style)
    paragraphs = [" ".join(sentence(rng, lang) for _ in range(4)) for _ in range(3)]
    return f"""{paragraphs[0]}

## {sentence(rng, lang, 3)[:-1]}

{paragraphs[1]} {links[0]}.

- {sentence(rng, lang, 6)}
- {sentence(rng, lang, 6)} {links[1]}
- {sentence(rng, lang, 6)}

| # | {WORDS[lang][0]} | {WORDS[lang][1]} |
| --- | --- | --- |
| 1 | {rng.randrange(100)} | {rng.randrange(100)} |
| 2 | {rng.randrange(100)} | {rng.randrange(100)} |

### {sentence(rng, lang, 2)[:-1]}

{paragraphs[2]} {links[2]}.

```rust
fn page_{i}() -> u32 {{
    let total: u32 = (1..{i % 50 + 2}).sum();
    total
}}
```
"""


def rich_paragraph(rng, lang, sentences):
    """Twelve-word sentences, one word in emphasis and one in code."""
    text = " ".join(sentence(rng, lang) for _ in range(sentences))
    words = text.split(" ")
    if len(words) > 6:
        words[2] = f"*{words[2]}*"
        words[5] = f"`{words[5]}`"
        return " ".join(words)
    return f"*{text[:3]}*{text[3:]} `{rng.randrange(1000)}`"


def heavy_body(rng, lang, i, n, link_style):
    links = internal_links(rng, lang, n, link_style)
    p = [rich_paragraph(rng, lang, 4 - k % 2) for k in range(10)]
    w = WORDS[lang]
    items = "\n".join(f"- **{w[(i + k) % 10]}**: {sentence(rng, lang, 8)}" for k in range(4))
    rows = "\n".join(f"| {w[k]} | {rng.randrange(1000)} | {rng.randrange(1000)} | {rng.randrange(100)}% |" for k in range(4))
    return f"""{p[0]}

{p[1]} {links[0]}.

## {sentence(rng, lang, 3)[:-1]}

{p[2]}

{p[3]}

{items}

{p[4]}

| {w[0]} | {w[1]} | {w[2]} | {w[3]} |
| --- | ---: | ---: | ---: |
{rows}

## {sentence(rng, lang, 4)[:-1]}

{p[5]} [{w[4]}](https://www.example.org/{lang}/report-{i}) {links[1]}.

{p[6]}

```yaml
page: {i}
language: {lang}
objectives: [{rng.randrange(1, 24)}, {rng.randrange(1, 24)}]
review:
  year: 2022
  status: draft
```

{p[7]}

## {sentence(rng, lang, 2)[:-1]}

{p[8]} {links[2]}.

{p[9]}
"""


def body(rng, lang, i, n, link_style, shape):
    return (heavy_body if shape == "heavy" else light_body)(rng, lang, i, n, link_style)


def front(rng, lang, i, style="imrf"):
    day = 1 + i % 28
    month = 1 + i % 12
    objectives = sorted(set(rng.randrange(1, 24) for _ in range(rng.randrange(1, 4))))
    title = f"{sentence(rng, lang, 4)[:-1]} {i}"
    summary = sentence(rng, lang, 10)
    if style == "zola":
        terms = ", ".join(f'"{o}"' for o in objectives)
        return f'---\ntitle: "{title}"\ndate: 2022-{month:02d}-{day:02d}\ndescription: "{summary}"\ntaxonomies:\n  objectives: [{terms}]\n---\n'
    return f'---\ntitle: "{title}"\ndate: 2022-{month:02d}-{day:02d}\nsummary: "{summary}"\nobjectives: [{", ".join(map(str, objectives))}]\n---\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def pages(out, n, style, shape):
    """The home page, the section pages and N pages, each in every language."""
    write(os.path.join(out, "content/_index.md"), "---\ntitle: Home\n---\nA synthetic site.\n")
    for s in SECTIONS:
        for lang in LANGS:
            suffix = "" if lang == "en" else f".{lang}"
            write(os.path.join(out, f"content/{s}/_index{suffix}.md"), f"---\ntitle: {s.title()} ({lang})\nweight: {SECTIONS.index(s)}\n---\n")
    for i in range(n):
        section = SECTIONS[i % len(SECTIONS)]
        for lang in LANGS:
            rng = random.Random(f"{i}-{lang}")
            suffix = "" if lang == "en" else f".{lang}"
            text = front(rng, lang, i, style) + body(rng, lang, i, n, style, shape)
            write(os.path.join(out, f"content/{section}/page-{i}{suffix}.md"), text)


def imrf_site(out, n, shape):
    site = ['title = "Benchmark"', 'base_url = "https://bench.example.org"', 'default_language = "en"', ""]
    for lang in LANGS:
        site.append(f"[languages.{lang}]")
        site.append(f'name = "{NAMES[lang]}"')
        if lang == "ar":
            site.append('dir = "rtl"')
        site.append("")
    write(os.path.join(out, "site.toml"), "\n".join(site))
    pages(out, n, "imrf", shape)

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ .Site.Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
<ul>{{ range .GetTerms "objectives" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary | plainify | truncate 160 }}</p></li>{{ end }}</ul>{{ end }}
"""


def hugo_site(out, n, shape):
    cfg = ['baseURL = "https://bench.example.org/"', 'title = "Benchmark"', 'defaultContentLanguage = "en"',
           "disableKinds = ['RSS']", "[taxonomies]", 'objective = "objectives"', "[languages]"]
    for w, lang in enumerate(LANGS):
        cfg.append(f"[languages.{lang}]")
        cfg.append(f'languageName = "{NAMES[lang]}"')
        cfg.append(f"weight = {w + 1}")
        if lang == "ar":
            cfg.append('languageDirection = "rtl"')
    write(os.path.join(out, "hugo.toml"), "\n".join(cfg) + "\n")
    write(os.path.join(out, "layouts/_default/baseof.html"), HUGO_BASEOF)
    write(os.path.join(out, "layouts/_default/single.html"), HUGO_SINGLE)
    write(os.path.join(out, "layouts/_default/list.html"), HUGO_LIST)
    write(os.path.join(out, "layouts/_default/terms.html"), HUGO_LIST)
    write(os.path.join(out, "layouts/_default/term.html"), HUGO_LIST)
    pages(out, n, "hugo", shape)

# Zola gets the same bare templates as Hugo: the base (head with description, canonical link and
# translations; header with the home, the sections and the translations), then one template per
# kind of page. Zola's home lists its sections, as Hugo's does.
ZOLA_BASE = """<!DOCTYPE html>
{%- if page is defined %}{% set this = page %}{% elif section is defined %}{% set this = section %}{% endif %}
{%- set suffix = "" %}{% if lang != config.default_language %}{% set suffix = "." ~ lang %}{% endif %}
<html lang="{{ lang }}" dir="{% if lang == "ar" %}rtl{% else %}ltr{% endif %}">
<head><meta charset="utf-8"><title>{% block title %}{{ this.title }}{% endblock title %} · {{ config.title }}</title>
{% if this is defined %}<meta name="description" content="{{ this.description | default(value="") | truncate(length=160) }}">{% endif %}
<link rel="canonical" href="{{ current_url }}">
{% if this is defined %}{% for t in this.translations %}{% if t.lang != lang %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">{% endif %}{% endfor %}{% endif %}
</head>
<body><header><a href="{{ get_url(path="/", lang=lang) }}">{{ config.title }}</a>
<nav>{% set home = get_section(path="_index" ~ suffix ~ ".md", metadata_only=true) %}{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<a href="{{ sub.permalink }}">{{ sub.title }}</a> {% endfor %}</nav>
<nav>{% if this is defined %}{% for t in this.translations %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}">{{ t.lang }}</a> {% endfor %}{% endif %}</nav>
</header>
<main>{% block main %}{% endblock main %}</main></body></html>
"""
ZOLA_PAGE = """{% extends "base.html" %}{% block main %}<article><h1>{{ page.title }}</h1><time>{{ page.date | date(format="%-d %B %Y") }}</time>
{{ page.content | safe }}
<ul>{% for term in page.taxonomies.objectives | default(value=[]) %}<li><a href="{{ get_taxonomy_url(kind="objectives", name=term, lang=lang) }}">{{ term }}</a></li>{% endfor %}</ul></article>{% endblock main %}
"""
ZOLA_ITEM = """<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time><p>{{ p.description | default(value="") | truncate(length=160) }}</p></li>"""
ZOLA_SECTION = """{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for p in section.pages %}ITEM{% endfor %}</ul>{% endblock main %}
""".replace("ITEM", ZOLA_ITEM)
ZOLA_INDEX = """{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set p = get_section(path=s, metadata_only=true) %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock main %}
"""
ZOLA_TERMS = """{% extends "base.html" %}{% block title %}{{ taxonomy.name }}{% endblock title %}{% block main %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for p in terms %}<li><a href="{{ p.permalink }}">{{ p.name }}</a> ({{ p.page_count }})</li>{% endfor %}</ul>{% endblock main %}
"""
ZOLA_TERM = """{% extends "base.html" %}{% block title %}{{ term.name }}{% endblock title %}{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}ITEM{% endfor %}</ul>{% endblock main %}
""".replace("ITEM", ZOLA_ITEM)


def zola_site(out, n, shape):
    cfg = ['base_url = "https://bench.example.org"', 'title = "Benchmark"', 'default_language = "en"',
           "generate_feeds = false", "build_search_index = false", 'taxonomies = [{name = "objectives"}]', "",
           "[markdown.highlighting]", 'theme = "github-light"', ""]
    for lang in LANGS[1:]:
        cfg += [f"[languages.{lang}]", 'title = "Benchmark"', 'taxonomies = [{name = "objectives"}]', ""]
    write(os.path.join(out, "zola.toml"), "\n".join(cfg))
    write(os.path.join(out, "templates/base.html"), ZOLA_BASE)
    write(os.path.join(out, "templates/page.html"), ZOLA_PAGE)
    write(os.path.join(out, "templates/index.html"), ZOLA_INDEX)
    write(os.path.join(out, "templates/section.html"), ZOLA_SECTION)
    write(os.path.join(out, "templates/taxonomy_list.html"), ZOLA_TERMS)
    write(os.path.join(out, "templates/taxonomy_single.html"), ZOLA_TERM)
    pages(out, n, "zola", shape)


if __name__ == "__main__":
    n = int(sys.argv[1])
    out = sys.argv[2]
    shape = sys.argv[3] if len(sys.argv) > 3 else "light"
    if shape not in ("light", "heavy"):
        sys.exit(f"unknown shape {shape!r}: light or heavy")
    imrf_site(os.path.join(out, "imrf"), n, shape)
    hugo_site(os.path.join(out, "hugo"), n, shape)
    zola_site(os.path.join(out, "zola"), n, shape)
    print(f"wrote {n} {shape} pages x {len(LANGS)} languages to {out}/imrf, {out}/hugo and {out}/zola")
