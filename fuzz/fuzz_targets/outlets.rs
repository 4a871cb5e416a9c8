//! The outlets (gazetteer) file loader of dateline-links on arbitrary bytes:
//! `Gazetteer::from_reader`, `FromStr`, and `merge` with the built-in one, as
//! `dateline links --outlets FILE` does.
//!
//! What must hold:
//! - no panic: a bad file is an error value, whose message can be printed;
//! - `from_reader` and `FromStr` agree (the reader only adds the UTF-8 check);
//! - what loads is usable: each outlet is found by its id, its name and
//!   aliases, and each of its domains, in the file's gazetteer and, when the
//!   merge succeeds, in the merged one (the user's record wins over a built-in
//!   one with the same id).

#![no_main]

use dateline_links::{Gazetteer, Outlet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = Gazetteer::from_reader(data);
    match std::str::from_utf8(data) {
        Ok(text) => {
            let parsed = text.parse::<Gazetteer>();
            match (&read, &parsed) {
                (Ok(a), Ok(b)) => assert_eq!(a.len(), b.len()),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                _ => panic!("from_reader and FromStr disagree: {read:?} / {parsed:?}"),
            }
        }
        Err(_) => assert!(read.is_err(), "a file that is not UTF-8 is refused"),
    }
    let user = match read {
        Ok(user) => user,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for outlet in &user {
        findable(&user, outlet);
    }

    let builtin = Gazetteer::builtin();
    match builtin.merge(&user) {
        Ok(merged) => {
            assert!(merged.len() >= builtin.len(), "a merge adds or replaces");
            for outlet in &user {
                findable(&merged, outlet);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});

/// `outlet` is found in `gazetteer` by its id, each of its names and each of
/// its domains.
fn findable(gazetteer: &Gazetteer, outlet: &Outlet) {
    let id = outlet.id();
    assert_eq!(gazetteer.get(id).map(Outlet::name), Some(outlet.name()));
    let names = std::iter::once(outlet.name()).chain(outlet.aliases().iter().map(String::as_str));
    for name in names {
        assert_eq!(
            gazetteer.lookup_name(name).map(Outlet::id),
            Some(id),
            "outlet {id:?} is found by its name {name:?}"
        );
    }
    for domain in outlet.domains() {
        assert_eq!(
            gazetteer.lookup_host(domain).map(Outlet::id),
            Some(id),
            "outlet {id:?} is found by its domain {domain:?}"
        );
    }
}
