//! The values a page's template sees besides its language's strings and data (`page`, `site`, a
//! list's `pages`...): named, and kept as the typed views they were made from until the page is
//! known to be rendered. The page's key streams them into the hasher as JSON, without making
//! that JSON ([`crate::hash::KeyHasher::add_json`]); only a page that is rendered turns them into
//! Tera's values. A kept page, most pages of an edit build, never builds those values at all.

use serde::Serialize;

/// A page's own template values, by name; a value inserted again under one name replaces the
/// first.
#[derive(Default)]
pub(super) struct Values<'a> {
    /// Sorted by name.
    parts: Vec<(&'static str, Box<dyn Part + 'a>)>,
}

/// One value, whatever its type: what the key and the template each need of it.
trait Part {
    fn hash(&self, hasher: &mut crate::hash::KeyHasher);
    fn json(&self) -> serde_json::Value;
}

struct Typed<T>(T);

impl<T: Serialize> Part for Typed<T> {
    fn hash(&self, hasher: &mut crate::hash::KeyHasher) {
        hasher.add_json(&self.0);
    }

    fn json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).expect("a view is JSON: its maps have text keys")
    }
}

impl<'a> Values<'a> {
    pub(super) fn insert<T: Serialize + 'a>(&mut self, name: &'static str, value: T) {
        let part: Box<dyn Part + 'a> = Box::new(Typed(value));
        match self.parts.binary_search_by_key(&name, |(n, _)| *n) {
            Ok(at) => self.parts[at].1 = part,
            Err(at) => self.parts.insert(at, (name, part)),
        }
    }

    /// Feeds every value to `hasher`, by name in order: the same values give the same bytes
    /// whatever order they were inserted in, different values different bytes.
    pub(super) fn hash(&self, hasher: &mut crate::hash::KeyHasher) {
        hasher.add(&self.parts.len().to_le_bytes());
        for (name, part) in &self.parts {
            hasher.add(name.as_bytes());
            part.hash(hasher);
        }
    }

    /// The values as the JSON object a template is rendered with.
    pub(super) fn into_json(self) -> serde_json::Value {
        let map = self.parts.into_iter().map(|(name, part)| (name.to_string(), part.json())).collect();
        serde_json::Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(values: &Values<'_>) -> String {
        let mut hasher = crate::hash::KeyHasher::default();
        values.hash(&mut hasher);
        hasher.finish()
    }

    #[derive(Serialize)]
    struct View {
        title: String,
        tags: Vec<String>,
    }

    #[test]
    fn the_key_follows_the_values_and_not_their_order() {
        let view = |title: &str, tags: &[&str]| View {
            title: title.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        };
        let mut a = Values::default();
        a.insert("page", view("Objective 1", &["data"]));
        a.insert("count", 3);
        let mut b = Values::default();
        b.insert("count", 3);
        b.insert("page", view("Objective 1", &["data"]));
        assert_eq!(key(&a), key(&b));
        assert_eq!(a.into_json(), b.into_json());

        // Text moved between neighbouring values, a value renamed or replaced: another key.
        let mut moved = Values::default();
        moved.insert("page", view("Objective 1", &["dat", "a"]));
        moved.insert("count", 3);
        let mut renamed = Values::default();
        renamed.insert("pages", view("Objective 1", &["data"]));
        renamed.insert("count", 3);
        let mut replaced = Values::default();
        replaced.insert("page", view("Objective 1", &["data"]));
        replaced.insert("count", 3);
        replaced.insert("count", 4);
        let mut keys: Vec<String> = [&moved, &renamed, &replaced].iter().map(|v| key(v)).collect();
        keys.push(key(&{
            let mut c = Values::default();
            c.insert("page", view("Objective 1", &["data"]));
            c.insert("count", 3);
            c
        }));
        // Text moved from one value to the next.
        let mut left = Values::default();
        left.insert("a", 1);
        left.insert("b", 23);
        let mut right = Values::default();
        right.insert("a", 12);
        right.insert("b", 3);
        keys.extend([key(&left), key(&right)]);
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 6);
        // A value inserted again replaces the first.
        assert_eq!(replaced.parts.len(), 2);
        assert_eq!(replaced.into_json()["count"], 4);
    }
}
