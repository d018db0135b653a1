//! The templates' side of rendering: per language, the Tera context every page starts from (the
//! UI strings as `t`, the site's other data files as `data`), a pool of spare copies of it, the
//! digest of all a page's template sees besides its own values, and the rendering of one page:
//! Tera, the URL policy's last check, and the key that lets an unchanged page be kept.

use super::{RenderedPage, TemplateFailure};
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Severity};
use crate::theme::{self, Theme};
use std::collections::HashMap;

/// What [`Templates::render`] makes: a template's page in one language, at its URL and file.
pub(super) struct Target<'t> {
    pub lang: &'t str,
    pub template: &'t str,
    pub url: &'t str,
    /// The file, relative to the output folder.
    pub path: String,
}

pub(super) struct Templates<'a> {
    theme: &'a Theme,
    /// Per language, a template context holding `t` (the UI strings) and `data`.
    contexts: HashMap<String, tera::Context>,
    /// Copies of `contexts` between two renders, one per worker at most: a page's values are
    /// added to one and taken out again, instead of cloning the strings and data for each page.
    spare: std::sync::Mutex<HashMap<String, Vec<tera::Context>>>,
    /// Per language, the hash of what every page of it is rendered with: this binary, the
    /// templates, the UI strings and `data` (see [`Templates::render`]).
    digests: HashMap<String, String>,
    /// The outputs of the last render: a page made from the same key there is kept as it stands
    /// ([`super::deps`]).
    earlier: super::deps::Earlier<'a>,
}

impl<'a> Templates<'a> {
    pub(super) fn new(site: &Site, theme: &'a Theme, earlier: super::deps::Earlier<'a>) -> Templates<'a> {
        let contexts = site
            .config
            .languages
            .iter()
            .map(|l| {
                let mut ctx = tera::Context::new();
                ctx.insert("t", &theme.strings[l.code.as_str()]);
                ctx.insert("data", &site.data.other);
                (l.code.to_string(), ctx)
            })
            .collect::<HashMap<String, tera::Context>>();
        let digests = contexts
            .iter()
            .map(|(lang, ctx)| {
                let mut hasher = crate::hash::KeyHasher::default();
                hasher.add(crate::cache::binary_id().as_bytes());
                hasher.add(theme.digest.as_bytes());
                hasher.add_json(&ctx.clone().into_json());
                (lang.clone(), hasher.finish())
            })
            .collect();
        Templates { theme, contexts, spare: std::sync::Mutex::default(), digests, earlier }
    }

    /// Whether every file of `paths`, made together from `key`, is the one made last time: then
    /// they are all kept ([`super::deps::Earlier::keep_all`]).
    pub(super) fn keep_all(&self, paths: &[String], key: &str) -> bool {
        self.earlier.keep_all(paths, key)
    }

    /// Whether pages are keyed: an earlier render's files can be kept.
    pub(super) fn keys(&self) -> bool {
        self.earlier.keys()
    }

    /// The template context of a shortcode in `lang`: the UI strings and data, converted once
    /// per language (cloning them is cheaper than converting them again).
    pub(super) fn context(&self, lang: &str) -> tera::Context {
        self.contexts[lang].clone()
    }

    /// Renders `target.template` for the page at `target.url` (written to `target.path`) in
    /// `target.lang`, whose own values are `values` (the UI strings and data are added here):
    /// Tera, then the URL policy's last check, since templates print data they were given;
    /// `located` names the page's source for that check's message. `fill` completes the values,
    /// as JSON, once the page is to be rendered (a body left out of them while the key was
    /// computed).
    ///
    /// A template sees nothing but its context, so the hash of the context (with the language's
    /// digest of the binary, the templates, the strings and data) is the key of the page: when
    /// the last render made the page's file from the same key, the file is kept and nothing is
    /// rendered ([`super::deps`]).
    pub(super) fn render(
        &self,
        target: Target<'_>,
        values: super::values::Values<'_>,
        fill: impl FnOnce(&mut serde_json::Value),
        located: impl FnOnce() -> (String, Option<usize>),
    ) -> Result<RenderedPage, TemplateFailure> {
        let Target { lang, template, url, path } = target;
        let mut key = None;
        if self.earlier.keys() {
            let mut hasher = crate::hash::KeyHasher::default();
            for part in [self.digests[lang].as_str(), template, url] {
                hasher.add(part.as_bytes());
            }
            values.hash(&mut hasher);
            let hash = hasher.finish();
            if self.earlier.keep(&path, &hash) {
                return Ok(RenderedPage { path, html: None, key: Some(hash) });
            }
            key = Some(hash);
        }
        let mut json = values.into_json();
        fill(&mut json);
        let html = self.with_context(lang, json, |full| self.theme.tera.render(template, full)).map_err(|e| {
            TemplateFailure { diagnostic: self.error(template, &e, url), cause: theme::tera_error(&e).1 }
        })?;
        if let Some(refused) = crate::urls::refused_in_html(&html) {
            let (path, line) = located();
            let message = format!(
                "{url} would publish a link to `{refused}`, which the URL policy refuses \
                 (printed by the template {template})"
            );
            let diagnostic = Diagnostic { path, line, column: None, severity: Severity::Error, message };
            return Err(TemplateFailure { diagnostic, cause: refused });
        }
        Ok(RenderedPage { path, html: Some(html), key })
    }

    pub(super) fn error(&self, template: &str, e: &tera::Error, url: &str) -> Diagnostic {
        let (line, message) = theme::tera_error(e);
        let path = self.theme.template_files.get(template).cloned();
        Diagnostic {
            path: path.unwrap_or_else(|| format!("themes/default/templates/{template}")),
            line,
            column: None,
            severity: Severity::Error,
            message: format!("{message} (while rendering {url})"),
        }
    }

    /// Calls `f` with the context of `lang` (UI strings and data) and the page's own values
    /// (`json`, an object). The page's values are taken out again afterwards, and the context is
    /// kept for the next page.
    fn with_context<T>(&self, lang: &str, json: serde_json::Value, f: impl FnOnce(&tera::Context) -> T) -> T {
        let spare = || self.spare.lock().unwrap_or_else(|e| e.into_inner());
        let base = &self.contexts[lang];
        let own: Vec<String> = json.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        let ctx = tera::Context::from_value(json).expect("a context is an object");
        if own.iter().any(|k| base.contains_key(k)) {
            // A page value named like a shared one hides it: a context of its own.
            let mut full = base.clone();
            full.extend(ctx);
            return f(&full);
        }
        let mut full = spare().get_mut(lang).and_then(Vec::pop).unwrap_or_else(|| base.clone());
        full.extend(ctx);
        let result = f(&full);
        for key in &own {
            full.remove(key);
        }
        spare().entry(lang.to_string()).or_default().push(full);
        result
    }
}
