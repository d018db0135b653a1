//! Embeds the browser CMS application vendored in `themes/default/cms/` (docs/cms.md): its files
//! are too many to list by hand, as `theme.rs` lists the rest of the default theme.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/cms");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("themes/default/cms/ is part of the repository")
        .map(|e| e.expect("a readable entry").file_name().into_string().expect("ASCII file names"))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in names {
        let path = dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(out, "    ({name:?}, include_bytes!({:?}) as &[u8]),", path.display().to_string()).unwrap();
    }
    out.push_str("]\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cms_app.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
