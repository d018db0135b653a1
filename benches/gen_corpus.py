#!/usr/bin/env python3
"""Writes a synthetic six-language site of N pages per language, twice: for imrf and for Hugo.

    python3 benches/gen_corpus.py N OUT      ->  OUT/imrf/ and OUT/hugo/

Both trees hold the same pages: YAML front matter (title, date, summary, objectives), realistic
Markdown (headings, lists, a table, internal links, a code block), spread over several generic
sections, with every page translated into the five other languages as `page.xx.md`. Hugo gets an
`objectives` taxonomy and minimal templates; imrf gets its own built-in theme and indexes.
Seeded: the same N gives the same files.
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


def body(rng, lang, i, n, link_style):
    other = [(rng.randrange(n)) for _ in range(3)]
    links = []
    for j in other:
        section = SECTIONS[j % len(SECTIONS)]
        if link_style == "imrf":
            links.append(f"[{WORDS[lang][j % 10]}](@/{section}/page-{j}.md)")
        else:
            prefix = "" if lang == "en" else f"/{lang}"
            links.append(f"[{WORDS[lang][j % 10]}]({prefix}/{section}/page-{j}/)")
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


def front(rng, lang, i):
    day = 1 + i % 28
    month = 1 + i % 12
    objectives = sorted(set(rng.randrange(1, 24) for _ in range(rng.randrange(1, 4))))
    title = f"{sentence(rng, lang, 4)[:-1]} {i}"
    summary = sentence(rng, lang, 10)
    return f'---\ntitle: "{title}"\ndate: 2022-{month:02d}-{day:02d}\nsummary: "{summary}"\nobjectives: [{", ".join(map(str, objectives))}]\n---\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def pages(out, n, style):
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
            write(os.path.join(out, f"content/{section}/page-{i}{suffix}.md"), front(rng, lang, i) + body(rng, lang, i, n, style))


def imrf_site(out, n):
    site = ['title = "Benchmark"', 'base_url = "https://bench.example.org"', 'default_language = "en"', ""]
    for lang in LANGS:
        site.append(f"[languages.{lang}]")
        site.append(f'name = "{NAMES[lang]}"')
        if lang == "ar":
            site.append('dir = "rtl"')
        site.append("")
    write(os.path.join(out, "site.toml"), "\n".join(site))
    pages(out, n, "imrf")

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


def hugo_site(out, n):
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
    pages(out, n, "hugo")

if __name__ == "__main__":
    n = int(sys.argv[1])
    out = sys.argv[2]
    imrf_site(os.path.join(out, "imrf"), n)
    hugo_site(os.path.join(out, "hugo"), n)
    print(f"wrote {n} pages x {len(LANGS)} languages to {out}/imrf and {out}/hugo")
