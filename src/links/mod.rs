//! External links.
