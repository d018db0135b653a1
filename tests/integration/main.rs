//! The integration tests, one binary (as ripgrep's `tests/`): each module builds fixture sites
//! or the shipped knowledge base with the real binary and checks what it makes with parsers.
//! One binary links once, where one per file linked two dozen times.

mod common;

mod authoring;
mod build;
mod cache;
mod checker;
mod ci;
mod cms;
mod corpus;
mod errors;
mod figures;
mod generated;
mod hostile;
mod hostile_generated;
mod house;
mod i18n;
mod icons;
mod identical;
mod incremental;
mod links;
mod media;
mod outputs;
mod regression;
mod serve;
mod shipped_site;
mod social;
mod translations;
