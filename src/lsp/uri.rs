//! `file:` URIs and paths, both ways.

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The local path a `file:` URI names.
pub(super) fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`; other hosts are not local.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = rest.split(['?', '#']).next()?;
    let decoded = crate::serve::http::percent_decode(path)?;
    if cfg!(windows) {
        // `/C:/x` names `C:/x`.
        let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
        return Some(PathBuf::from(trimmed));
    }
    decoded.starts_with('/').then(|| PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub(super) fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char);
            }
            b':' if cfg!(windows) => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn paths_survive_the_round_trip() {
        for path in ["/tmp/a b/stories/A-1.md", "/x/é#%?.md", "/plain"] {
            let uri = from_path(Path::new(path)).expect("a URI");
            assert_eq!(to_path(&uri).as_deref(), Some(Path::new(path)), "{uri:?}");
        }
        let uri = from_path(Path::new("/a b/é")).expect("a URI");
        assert_eq!(uri.as_str(), "file:///a%20b/%C3%A9");
    }

    #[test]
    fn other_uris_name_no_path() {
        for text in [
            "untitled:Untitled-1",
            "https://example.org/x.md",
            "file://host/x",
        ] {
            let uri = Uri::from_str(text).expect("a URI");
            assert_eq!(to_path(&uri), None, "{text}");
        }
        let local = Uri::from_str("file://localhost/x%2Fy").expect("a URI");
        assert_eq!(to_path(&local), Some(PathBuf::from("/x/y")));
    }
}
