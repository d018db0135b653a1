//! The closed sets of the content: kinds of programme event and of note, kinds of resource link
//! and regions. Each is an enum with its name as written in content files and the key of its UI
//! label (`event_kind_round-table`), so that nothing is dispatched on strings after loading.

/// An enum of names, with the name each variant has in content files and its UI label key.
macro_rules! closed_set {
    ($(#[$doc:meta])* $name:ident, $label:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every variant, in the order the UI lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name as written in content files.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The key of its label in the theme's UI strings.
            pub fn label_key(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($label, "_", $text)),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|k| k.name() == s)
            }

            /// Every name, for messages: `hearing, plenary`.
            pub fn names() -> String {
                Self::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

closed_set!(
    /// A programme event's `kind`.
    EventKind, "event_kind", {
        Hearing = "hearing",
        HearingSegment = "hearing-segment",
        RoundTable = "round-table",
        PolicyDebate = "policy-debate",
        Plenary = "plenary",
    }
);

closed_set!(
    /// A note's `kind`.
    NoteKind, "note_kind", {
        BackgroundNote = "background-note",
        ConceptNote = "concept-note",
        Roadmap = "roadmap",
        NetworkNote = "network-note",
        Presentation = "presentation",
    }
);

closed_set!(
    /// A resource link's `kind`, in the order the resources page groups them.
    ResourceKind, "resource_kind", {
        Resolution = "resolution",
        Report = "report",
        Faq = "faq",
        Fund = "fund",
        RegionalReview = "regional-review",
        Template = "template",
        Website = "website",
        Guidance = "guidance",
        Contact = "contact",
    }
);

closed_set!(
    /// A champion country's or a resource's `region`.
    Region, "region", {
        Global = "global",
        Africa = "africa",
        Americas = "americas",
        ArabStates = "arab-states",
        AsiaPacific = "asia-pacific",
        EuropeCentralAsia = "europe-central-asia",
        EuropeNorthAmerica = "europe-north-america",
        LatinAmericaCaribbean = "latin-america-caribbean",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels() {
        assert_eq!(EventKind::parse("round-table"), Some(EventKind::RoundTable));
        assert_eq!(EventKind::RoundTable.label_key(), "event_kind_round-table");
        assert_eq!(Region::parse("ocean"), None);
        assert_eq!(NoteKind::names(), "background-note, concept-note, roadmap, network-note, presentation");
        assert_eq!(ResourceKind::ALL.len(), 9);
    }

    #[test]
    fn every_label_is_a_ui_string() {
        let en: toml::Table = include_str!("../../themes/default/i18n/en.toml").parse().unwrap();
        let keys = EventKind::ALL
            .iter()
            .map(|k| k.label_key())
            .chain(NoteKind::ALL.iter().map(|k| k.label_key()))
            .chain(ResourceKind::ALL.iter().map(|k| k.label_key()))
            .chain(Region::ALL.iter().map(|k| k.label_key()));
        for key in keys {
            assert!(en.contains_key(key), "{key}");
        }
    }
}
