// Client-side search of the imrf default theme: loads the language's index once, tokenizes the
// query exactly as the build tokenized the pages (src/render/search.rs), and lists the pages that
// hold every word (the last one may be the start of a word). No server, no external request.
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!script || !input || !list) return;
  var texts = script.dataset;
  var index = null;
  var sortedTerms = null;

  var folds = { "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "ç": "c", "è": "e", "é": "e", "ê": "e", "ë": "e",
    "ì": "i", "í": "i", "î": "i", "ï": "i", "ñ": "n", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ù": "u", "ú": "u",
    "û": "u", "ü": "u", "ý": "y", "ÿ": "y", "ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه" };
  var prefixes = ["وال", "بال", "كال", "فال", "لل", "ال"];
  function isHan(c) { return /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]/.test(c); }
  function isMark(c) { return /[\u064B-\u0652\u0670\u0640]/.test(c); }
  function isWordChar(c) { return /[\p{L}\p{N}]/u.test(c) || isMark(c); }

  // Returns [terms, lastIsPrefix]: the same terms as the build's tokens().
  function tokens(text) {
    var out = [], word = "", han = [];
    function flushWord() {
      if ([...word].length >= 2) {
        for (var i = 0; i < prefixes.length; i++) {
          if (word.startsWith(prefixes[i])) {
            var rest = word.slice(prefixes[i].length);
            if ([...rest].length >= 2) out.push({ t: rest, alt: word });
            else out.push({ t: word });
            word = ""; return;
          }
        }
        out.push({ t: word });
      }
      word = "";
    }
    function flushHan() {
      if (han.length === 1) out.push({ t: han[0] });
      for (var i = 0; i + 1 < han.length; i++) out.push({ t: han[i] + han[i + 1] });
      han = [];
    }
    for (var c of text) {
      if (isHan(c)) { flushWord(); han.push(c); }
      else if (isWordChar(c)) {
        flushHan();
        if (isMark(c)) continue;
        var l = c.toLowerCase();
        word += folds[l] || l;
      } else { flushWord(); flushHan(); }
    }
    flushWord(); flushHan();
    return out;
  }

  // Docs matching a term: exactly, or (for the last word of the query) by prefix.
  function lookup(term, prefix) {
    var hits = new Map();
    function add(postings) {
      for (var i = 0; i < postings.length; i += 2) {
        hits.set(postings[i], Math.max(hits.get(postings[i]) || 0, postings[i + 1]));
      }
    }
    if (index.terms[term]) add(index.terms[term]);
    if (prefix) {
      var lo = 0, hi = sortedTerms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedTerms[mid] < term) lo = mid + 1; else hi = mid; }
      for (var j = lo; j < sortedTerms.length && sortedTerms[j].startsWith(term); j++) {
        if (sortedTerms[j] !== term) add(index.terms[sortedTerms[j]]);
      }
    }
    return hits;
  }

  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return null;
    var scores = null;
    terms.forEach(function (tok, i) {
      var last = i === terms.length - 1 && !isHan(tok.t[0]);
      var hits = lookup(tok.t, last);
      if (tok.alt) lookup(tok.alt, last).forEach(function (w, d) { hits.set(d, Math.max(hits.get(d) || 0, w)); });
      if (scores === null) { scores = hits; return; }
      var next = new Map();
      scores.forEach(function (w, d) { if (hits.has(d)) next.set(d, w + hits.get(d)); });
      scores = next;
    });
    return Array.from(scores.entries())
      .sort(function (a, b) { return b[1] - a[1] || index.docs[a[0]].t.localeCompare(index.docs[b[0]].t); })
      .map(function (e) { return index.docs[e[0]]; });
  }

  function show(query) {
    list.textContent = "";
    var trimmed = query.trim();
    var minimum = /[\u4E00-\u9FFF]/.test(trimmed) ? 1 : 2;
    if ([...trimmed].length < minimum) { status.textContent = trimmed ? texts.short : ""; return; }
    var results = search(trimmed) || [];
    status.textContent = results.length ? texts.count.replace("{n}", results.length) : texts.none;
    results.slice(0, 50).forEach(function (doc) {
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
      if (doc.s) {
        var p = document.createElement("p");
        p.textContent = doc.s;
        if (doc.l) p.lang = doc.l;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  fetch(texts.index)
    .then(function (r) { return r.json(); })
    .then(function (data) {
      index = data;
      sortedTerms = Object.keys(index.terms).sort();
      show(input.value);
      input.addEventListener("input", function () {
        show(input.value);
        var url = new URL(location.href);
        url.searchParams.set("q", input.value);
        history.replaceState(null, "", url);
      });
    });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
  if (input.value) input.focus();
})();
