//! `site.toml`: the site's title, base URL, languages and theme, the picture shown when a page
//! without one is shared (`social_image`), and the hosts `check --external` leaves alone.

use crate::diagnostics::Diagnostics;
use crate::urls::BaseUrl;
use serde::Deserialize;
use std::path::Path;

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's name in its own script, shown in the language switcher.
    pub name: String,
    #[serde(default)]
    pub dir: Direction,
    /// Site title in this language; the site's `title` when absent.
    pub title: Option<String>,
    /// The Open Graph locale (`fr_FR`); see [`default_locale`].
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// Hosts whose links `check --external` does not probe (a host and its subdomains).
    #[serde(default)]
    pub skip_hosts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through unchanged. Off by default: content is edited by many
    /// hands, and raw HTML is how a script or a broken layout slips into a page.
    #[serde(default)]
    pub allow_html: bool,
}

/// `[pagination]`: how long built-in lists may grow before they are split into pages.
#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// Items per page of an objective's, a round table's or a principle's index (0: all on one).
    #[serde(default)]
    pub indexes: usize,
}

/// Where the browser CMS of `/admin/` commits (`[cms] backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CmsBackend {
    Github,
    Gitlab,
    Gitea,
    GitGateway,
}

impl CmsBackend {
    /// The backend's name in the CMS's configuration.
    pub fn name(self) -> &'static str {
        match self {
            CmsBackend::Github => "github",
            CmsBackend::Gitlab => "gitlab",
            CmsBackend::Gitea => "gitea",
            CmsBackend::GitGateway => "git-gateway",
        }
    }
}

/// How an edit made in the browser reaches the site (`[cms] publish_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PublishMode {
    /// Saving commits to the branch.
    #[default]
    Simple,
    /// Saving opens a pull (merge) request, reviewed and merged from the CMS's workflow board.
    EditorialWorkflow,
}

/// `[cms]`: the browser editor published at `/admin/` (docs/cms.md). A site without it has none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CmsConfig {
    pub backend: CmsBackend,
    /// `owner/name` of the repository (every backend but `git-gateway`).
    pub repo: Option<String>,
    #[serde(default = "default_branch")]
    pub branch: String,
    #[serde(default)]
    pub publish_mode: PublishMode,
    /// The OAuth server (github: the provider that hands out tokens; gitlab, gitea: the forge).
    pub base_url: Option<String>,
    /// The OAuth server's path that starts a login (github: `auth`).
    pub auth_endpoint: Option<String>,
    /// The OAuth application's id (gitlab and gitea, which log in with PKCE).
    pub app_id: Option<String>,
    /// The forge's API (a self-hosted GitLab or Gitea: `https://git.example.org/api/v1`).
    pub api_root: Option<String>,
    /// Where uploaded pictures go: a folder of `static/`.
    #[serde(default = "default_media_folder")]
    pub media_folder: String,
    /// The editor's language: one of the site's (default: the default language). Decap's own
    /// words are in it where Decap has it, and the choices (objectives, kinds) are labelled in it.
    pub locale: Option<String>,
}

fn default_branch() -> String {
    "main".to_string()
}

fn default_media_folder() -> String {
    "static/images/uploads".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    description: Option<String>,
    /// In the order site.toml declares them (the language switcher's order).
    languages: indexmap::IndexMap<String, LanguageConfig>,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    pagination: PaginationConfig,
    social_image: Option<String>,
    #[serde(default)]
    links: LinksConfig,
    cms: Option<CmsConfig>,
}

fn default_theme() -> String {
    "default".to_string()
}

/// One language of the site, in the order the site lists them.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: crate::names::Lang,
    pub name: String,
    pub dir: Direction,
    pub title: String,
    /// The Open Graph locale.
    pub locale: String,
}

/// The Open Graph locale of a language code, for the six UN languages (Facebook's own list
/// writes Arabic `ar_AR`); any other code is `xx_XX`, unless site.toml gives its `locale`.
pub fn default_locale(code: &str) -> String {
    match code {
        "en" => "en_US".to_string(),
        "fr" => "fr_FR".to_string(),
        "es" => "es_ES".to_string(),
        "ru" => "ru_RU".to_string(),
        "zh" => "zh_CN".to_string(),
        "ar" => "ar_AR".to_string(),
        other => format!("{other}_{}", other.to_ascii_uppercase()),
    }
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// The path part of `base_url` (`/kb`, or empty), prefixed to every URL of the site.
    pub base_path: String,
    /// The host of `base_url` (`example.org`).
    pub host: String,
    pub default_language: crate::names::Lang,
    pub theme: String,
    /// The line of `theme` in site.toml, for errors about the theme.
    pub theme_line: Option<usize>,
    /// In the order site.toml declares them: a stable order for every list.
    pub languages: Vec<Language>,
    pub markdown: MarkdownConfig,
    pub pagination: PaginationConfig,
    /// The picture shared pages without one of their own show: a path of the built site, below
    /// the base path (`/images/social.png`), and its line in site.toml.
    pub social_image: Option<(String, Option<usize>)>,
    pub links: LinksConfig,
    /// The browser CMS, when the site has one.
    pub cms: Option<CmsConfig>,
}

pub const CONFIG_FILE: &str = "site.toml";

impl Config {
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.error(CONFIG_FILE, None, format!("cannot read {}: {e}", path.display()));
                return None;
            }
        };
        Self::parse(&text, diags)
    }

    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let raw: RawConfig = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let (line, col) = e.span().map_or((1, 1), |s| crate::position::position_of_offset(text, s.start));
                diags.error_at(CONFIG_FILE, line, col, e.message().to_string());
                return None;
            }
        };
        if !raw.languages.contains_key(&raw.default_language) {
            diags.error(
                CONFIG_FILE,
                find_line(text, "default_language"),
                format!("default_language `{}` is not declared in [languages]", raw.default_language),
            );
            return None;
        }
        for code in raw.languages.keys() {
            if !is_language_code(code) {
                diags.error(
                    CONFIG_FILE,
                    find_line(text, &format!("languages.{code}")),
                    format!("`{code}` is not a language code (expected lowercase letters, like `fr` or `zh`)"),
                );
            }
        }
        let base = match BaseUrl::parse(&raw.base_url) {
            Ok(b) => b,
            Err(e) => {
                diags.error(CONFIG_FILE, find_line(text, "base_url"), e);
                return None;
            }
        };
        let languages: Vec<Language> = raw
            .languages
            .iter()
            .map(|(code, l)| Language {
                code: code.clone().into(),
                name: l.name.clone(),
                dir: l.dir,
                title: l.title.clone().unwrap_or_else(|| raw.title.clone()),
                locale: l.locale.clone().unwrap_or_else(|| default_locale(code)),
            })
            .collect();
        let social_line = find_line(text, "social_image");
        if let Some(path) = &raw.social_image {
            let site_path = crate::urls::classify(path) == crate::urls::Kind::SitePath;
            if !site_path || !path.starts_with('/') || path.split('/').any(|s| s == "..") {
                diags.error(
                    CONFIG_FILE,
                    social_line,
                    format!("social_image `{path}` must be a path of the built site, like `/images/social.png`"),
                );
                return None;
            }
        }
        if let Some(cms) = &raw.cms {
            let codes: Vec<&str> = raw.languages.keys().map(String::as_str).collect();
            if !check_cms(cms, &codes, text, diags) {
                return None;
            }
        }
        Some(Config {
            title: raw.title,
            description: raw.description.unwrap_or_default(),
            base_url: base.url,
            base_path: base.path,
            host: base.host,
            default_language: raw.default_language.into(),
            theme: raw.theme,
            theme_line: find_line(text, "theme"),
            languages,
            markdown: raw.markdown,
            pagination: raw.pagination,
            social_image: raw.social_image.map(|p| (p, social_line)),
            links: raw.links,
            cms: raw.cms,
        })
    }

    /// Replaces `base_url` (the `--base-url` option), with the same rule as site.toml's.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let base = BaseUrl::parse(url)?;
        self.base_url = base.url;
        self.base_path = base.path;
        self.host = base.host;
        Ok(())
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }
}

/// Reports what `[cms]` says that no backend could use, each at its line; true when nothing.
fn check_cms(cms: &CmsConfig, languages: &[&str], text: &str, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    let mut refuse = |key: &str, message: String| {
        diags.error(CONFIG_FILE, crate::position::table_key_line(text, "cms", key), message);
        ok = false;
    };
    let needs_repo = cms.backend != CmsBackend::GitGateway;
    match &cms.repo {
        None if needs_repo => {
            refuse("backend", format!("[cms] backend `{}` needs `repo = \"owner/name\"`", cms.backend.name()))
        }
        Some(repo) if !is_repo(repo) => refuse("repo", format!("[cms] repo `{repo}` is not `owner/name`")),
        Some(_) if !needs_repo => {
            refuse("repo", "[cms] backend `git-gateway` takes no `repo`: Netlify Identity knows it".into())
        }
        _ => {}
    }
    if cms.branch.is_empty()
        || cms.branch.contains(|c: char| c.is_whitespace() || c.is_control())
        || cms.branch.contains("..")
    {
        refuse("branch", format!("[cms] branch `{}` is not a branch name", cms.branch));
    }
    for (key, value) in [("base_url", &cms.base_url), ("api_root", &cms.api_root)] {
        if let Some(url) = value {
            if !(url.starts_with("https://") || url.starts_with("http://")) || crate::urls::check_absolute(url).is_err()
            {
                refuse(key, format!("[cms] {key} `{url}` is not a complete http(s) address"));
            }
        }
    }
    if cms.app_id.is_none() && matches!(cms.backend, CmsBackend::Gitlab | CmsBackend::Gitea) {
        let name = cms.backend.name();
        refuse("backend", format!("[cms] backend `{name}` logs in with PKCE: give the OAuth application's `app_id`"));
    }
    if cms.publish_mode == PublishMode::EditorialWorkflow && cms.backend == CmsBackend::Gitea {
        refuse(
            "publish_mode",
            "[cms] backend `gitea` has no editorial workflow in Decap CMS: use `publish_mode = \"simple\"`".into(),
        );
    }
    if let Some(locale) = &cms.locale {
        if !languages.contains(&locale.as_str()) {
            refuse(
                "locale",
                format!("[cms] locale `{locale}` is not one of the site's languages ({})", languages.join(", ")),
            );
        }
    }
    let media = cms.media_folder.trim_end_matches('/');
    let inside_static = media
        .strip_prefix("static/")
        .is_some_and(|rest| !rest.is_empty() && rest.split('/').all(|s| crate::paths::check_name(s).is_ok()));
    if !inside_static {
        refuse(
            "media_folder",
            format!(
                "[cms] media_folder `{}` must be a folder of static/, like `static/images/uploads`",
                cms.media_folder
            ),
        );
    }
    ok
}

/// `owner/name` (a GitLab group may nest: `group/sub/name`).
fn is_repo(repo: &str) -> bool {
    let parts: Vec<&str> = repo.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
}

/// Whether `code` is written as a language code: two or three lowercase letters (ISO 639), the
/// rule for site.toml, file names (`page.fr.md`) and data files alike.
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// The line of a key or table of site.toml, for errors about it.
pub fn find_line(text: &str, key: &str) -> Option<usize> {
    crate::position::key_line(text, key, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_keep_their_declared_order() {
        let mut d = Diagnostics::default();
        let c = Config::parse(
            "title='T'\nbase_url='https://x.org/'\ndefault_language='fr'\n[languages.en]\nname='English'\n[languages.fr]\nname='Français'\n[languages.ar]\nname='العربية'\ndir='rtl'\n",
            &mut d,
        )
        .unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "fr", "ar"]);
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.language("ar").unwrap().dir, Direction::Rtl);
    }

    #[test]
    fn unknown_default_language_is_an_error() {
        let mut d = Diagnostics::default();
        let c = Config::parse(
            "title='T'\nbase_url='https://x.org'\ndefault_language='de'\n[languages.en]\nname='English'\n",
            &mut d,
        );
        assert!(c.is_none());
        let all = d.into_sorted();
        assert_eq!(all[0].to_string(), "site.toml:3: error: default_language `de` is not declared in [languages]");
    }

    #[test]
    fn base_url_is_validated_at_its_line() {
        let mut d = Diagnostics::default();
        let c = Config::parse(
            "title='T'\nbase_url='example.org/kb'\ndefault_language='en'\n[languages.en]\nname='English'\n",
            &mut d,
        );
        assert!(c.is_none());
        let all = d.into_sorted();
        assert!(
            all[0].to_string().starts_with("site.toml:2: error: base_url `example.org/kb` is not an absolute URL"),
            "{}",
            all[0]
        );
    }
}
