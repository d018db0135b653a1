// Client-side search of the imrf default theme. No server, no external request: the language's
// index is split into small files (src/render/search/index.rs), and a query loads only the term
// shards of its words and the documents it shows. Queries become terms by the build's rule
// (src/render/search/terms.rs): lowercased, stemmed by the language's Snowball stemmer (loaded
// before this script as `imrfStem`), folded. Results are ranked by the build's BM25F scores, a
// title holding the whole query first; each shows a snippet with the words found highlighted,
// and the sections (headings) where they stand.
(function (global) {
  "use strict";

  // ----- Terms: the same rule as src/render/search/terms.rs ---------------------------------
  var folds = { "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "ç": "c", "è": "e", "é": "e", "ê": "e",
    "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i", "ñ": "n", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o",
    "ù": "u", "ú": "u", "û": "u", "ü": "u", "ý": "y", "ÿ": "y", "œ": "o", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه" };
  var HAN = /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]/;
  var MARK = /[\u064B-\u0652\u0670\u0640]/;
  var WORD = /[\p{Alphabetic}\p{N}\u064B-\u0652\u0670\u0640]/u;

  // Words and runs of Chinese characters, with where each starts in the text.
  function split(text) {
    var out = [], word = "", wordAt = 0, han = [], hanAt = 0, i = 0;
    function flush() {
      if (word) out.push({ w: word, at: wordAt });
      if (han.length) out.push({ h: han, at: hanAt });
      word = ""; han = [];
    }
    for (var c of text) {
      if (HAN.test(c)) {
        if (word) { out.push({ w: word, at: wordAt }); word = ""; }
        if (!han.length) hanAt = i;
        han.push(c);
      } else if (WORD.test(c)) {
        if (han.length) { out.push({ h: han, at: hanAt }); han = []; }
        if (!word) wordAt = i;
        word += c;
      } else flush();
      i += c.length;
    }
    flush();
    return out;
  }

  function wordTerm(word, stem) {
    var lower = "";
    for (var c of word) lower += c.toLowerCase() === "ё" ? "е" : c.toLowerCase();
    var stemmed = stem ? stem(lower) : lower;
    var folded = "";
    for (var d of stemmed) if (!MARK.test(d)) folded += folds[d] || d;
    return [...folded].length >= 2 ? folded : null;
  }

  function hanTerms(chars) {
    var out = [];
    chars.forEach(function (c, i) { out.push(c); if (i + 1 < chars.length) out.push(c + chars[i + 1]); });
    return out;
  }

  // The terms of a text, as the build makes them.
  function terms(text, stem) {
    var out = [];
    split(text).forEach(function (t) {
      if (t.h) out.push.apply(out, hanTerms(t.h));
      else { var term = wordTerm(t.w, stem); if (term) out.push(term); }
    });
    return out;
  }

  global.imrfTerms = terms;
  if (typeof document === "undefined") return;

  // ----- The search page ---------------------------------------------------------------------
  var script = document.currentScript;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!script || !input || !list) return;
  var texts = script.dataset;
  var stem = global.imrfStem || null;
  var files = {};

  function load(path) {
    if (!files[path]) {
      files[path] = fetch(texts.index + path).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[path];
  }

  // The shard of a term: FNV-1a of the UTF-8 bytes of its first two characters (index.rs).
  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    new TextEncoder().encode([...term].slice(0, 2).join("")).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    });
    return h % shards;
  }

  // The query's terms: [{t, prefix}]; the last word may be unfinished.
  function queryTerms(query) {
    var out = [];
    var tokens = split(query);
    tokens.forEach(function (tok, i) {
      if (tok.h) hanTerms(tok.h).forEach(function (t) { out.push({ t: t, prefix: false }); });
      else {
        var last = i === tokens.length - 1;
        var term = wordTerm(tok.w, stem);
        // An unfinished word is matched by its start, unstemmed (folded) too.
        var raw = last ? wordTerm(tok.w, null) : null;
        if (term) out.push({ t: term, prefix: last, raw: raw !== term ? raw : null });
      }
    });
    return out;
  }

  // Scores of the documents matching one query term (the best of its exact and prefix matches).
  function matches(shard, q) {
    var hits = new Map();
    function add(postings, factor) {
      for (var i = 0; i < postings.length; i += 2) {
        var s = postings[i + 1] * factor;
        if (s > (hits.get(postings[i]) || 0)) hits.set(postings[i], s);
      }
    }
    if (!shard) return hits;
    if (shard[q.t]) add(shard[q.t], 1);
    if (q.prefix) {
      // An unfinished word also meets the stems it has typed past (`reintegrac` the stem
      // `reintegr` of `reintegración`): stems of four letters or more, at most four letters behind.
      var typed = q.raw || q.t, typedLength = [...typed].length;
      Object.keys(shard).forEach(function (term) {
        if (term === q.t) return;
        var length = [...term].length;
        var past = length >= 4 && typedLength - length <= 4 && typed.startsWith(term);
        if (term.startsWith(q.t) || (q.raw && term.startsWith(q.raw)) || past) add(shard[term], 0.7);
      });
    }
    return hits;
  }

  async function rank(query) {
    var meta = await load("meta.json");
    if (!meta) return [];
    var qs = queryTerms(query);
    var shards = await Promise.all(qs.map(function (q) { return load("t/" + shardOf(q.t, meta.shards) + ".json"); }));
    var score = new Map(), count = new Map();
    qs.forEach(function (q, i) {
      matches(shards[i], q).forEach(function (s, d) {
        score.set(d, (score.get(d) || 0) + s);
        count.set(d, (count.get(d) || 0) + 1);
      });
    });
    // Documents holding every word first, then by score.
    var ranked = Array.from(score.keys()).sort(function (a, b) {
      return count.get(b) - count.get(a) || score.get(b) - score.get(a) || a - b;
    });
    // The documents of the 20 best: their chunks are all a query downloads besides its shards.
    var top = ranked.slice(0, 20);
    var chunks = await Promise.all(top.map(function (d) { return load("d/" + Math.floor(d / meta.chunk) + ".json"); }));
    var wanted = qs.map(function (q) { return q.t; });
    var results = top.map(function (d, i) {
      var doc = chunks[i] ? chunks[i][d % meta.chunk] : null;
      if (!doc) return null;
      // A title that holds the whole query outranks pages that mention it.
      var titleTerms = terms(doc.t, stem);
      var inTitle = wanted.every(function (t, j) {
        return titleTerms.some(function (tt) { return tt === t || (qs[j].prefix && tt.startsWith(t)); });
      });
      return { doc: doc, all: count.get(d) === qs.length, score: score.get(d) * (inTitle ? 3 : 1) };
    }).filter(Boolean);
    results.sort(function (a, b) { return (b.all - a.all) || b.score - a.score; });
    return { results: results, qs: qs, total: ranked.length };
  }

  // Whether a word of the text is one the query asks for.
  function matcher(qs) {
    return function (word) {
      var term = wordTerm(word, stem);
      var raw = wordTerm(word, null);
      return qs.some(function (q) {
        return term === q.t || (q.prefix && ((term && term.startsWith(q.t)) || (raw && q.raw && raw.startsWith(q.raw))));
      });
    };
  }

  // The spans of a text that match the query, as [start, end] offsets.
  function found(text, qs) {
    var isWanted = matcher(qs);
    var set = new Set(qs.map(function (q) { return q.t; }));
    var spans = [];
    split(text).forEach(function (tok) {
      if (tok.w) { if (isWanted(tok.w)) spans.push([tok.at, tok.at + tok.w.length]); }
      else {
        var at = tok.at;
        tok.h.forEach(function (c, i) {
          if (set.has(c) || (i + 1 < tok.h.length && set.has(c + tok.h[i + 1])) || (i > 0 && set.has(tok.h[i - 1] + c))) {
            spans.push([at, at + c.length]);
          }
          at += c.length;
        });
      }
    });
    return spans;
  }

  // A window of the text around its first match, with the matches marked.
  function snippet(text, spans, into) {
    var from = 0, to = text.length;
    if (spans.length) {
      from = Math.max(0, spans[0][0] - 90);
      to = Math.min(text.length, spans[0][0] + 160);
    } else to = Math.min(text.length, 200);
    if (from > 0) into.appendChild(document.createTextNode("… "));
    var at = from;
    spans.filter(function (s) { return s[0] >= from && s[1] <= to; }).forEach(function (s) {
      into.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      into.appendChild(mark);
      at = s[1];
    });
    into.appendChild(document.createTextNode(text.slice(at, to) + (to < text.length ? " …" : "")));
  }

  function result(r, qs) {
    var doc = r.doc;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = doc.u;
    a.textContent = doc.t;
    if (doc.l) a.lang = doc.l;
    var external = /^(https?:|mailto:)/.test(doc.u);
    if (external) a.rel = "noopener";
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = doc.k + (external ? " · " + texts.external : "");
    li.appendChild(meta);
    var sections = (doc.x || []).map(function (s) { return { anchor: s[0], heading: s[1], text: s[2], spans: found(s[2], qs) }; });
    var best = sections.slice().sort(function (x, y) { return y.spans.length - x.spans.length; })[0];
    var p = document.createElement("p");
    if (doc.l) p.lang = doc.l;
    if (best && best.spans.length) snippet(best.text, best.spans, p);
    else if (doc.s) snippet(doc.s, found(doc.s, qs), p);
    if (p.childNodes.length) li.appendChild(p);
    // Sub-results: the headings under which the words stand.
    var subs = sections.filter(function (s) { return s.anchor && s.spans.length; }).slice(0, 3);
    if (subs.length) {
      var ul = document.createElement("ul");
      ul.className = "sub-results";
      subs.forEach(function (s) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = doc.u + "#" + encodeURIComponent(s.anchor);
        link.textContent = s.heading;
        if (doc.l) link.lang = doc.l;
        item.appendChild(link);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  var current = 0;
  async function show(query) {
    var ticket = ++current;
    var trimmed = query.trim();
    var minimum = HAN.test(trimmed) ? 1 : 2;
    if ([...trimmed].length < minimum) {
      list.textContent = "";
      status.textContent = trimmed ? texts.short : "";
      return;
    }
    var ranked = await rank(trimmed);
    // A later keystroke has started its own search: this one is stale.
    if (ticket !== current) return;
    list.textContent = "";
    var results = ranked.results || [];
    status.textContent = results.length ? texts.count.replace("{n}", ranked.total) : texts.none;
    results.forEach(function (r) { list.appendChild(result(r, ranked.qs)); });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  show(input.value);
  input.addEventListener("input", function () {
    show(input.value);
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
  });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
  if (input.value) input.focus();
})(typeof self !== "undefined" ? self : globalThis);
