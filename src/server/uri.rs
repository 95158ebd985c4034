//! `file:` URIs and paths: the configuration of a document is found from its path.

use std::path::PathBuf;

/// The path of a `file:` URI (`file:///home/me/Dockerfile`, `file://localhost/...`,
/// `file:///C:/...`), percent-decoded; `None` for other schemes (`untitled:`) or a remote host.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("file://"))
        .map(|_| &uri[7..])?;
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    // `/C:/x` on Windows is `C:/x`.
    if cfg!(windows) {
        let text = String::from_utf8(bytes).ok()?;
        let trimmed = match text.as_bytes() {
            [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
            _ => &text,
        };
        return Some(PathBuf::from(trimmed));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            to_path("file:///home/me/my%20app/Dockerfile"),
            Some(PathBuf::from("/home/me/my app/Dockerfile"))
        );
        assert_eq!(
            to_path("file://localhost/srv/Dockerfile"),
            Some(PathBuf::from("/srv/Dockerfile"))
        );
        assert_eq!(to_path("untitled:Untitled-1"), None);
        assert_eq!(to_path("file://server/share/Dockerfile"), None);
        assert_eq!(to_path("file:///bad%zz"), None);
    }
}
