//! Random edits of a document, as a person typing, pasting and deleting would make them,
//! biased towards what stresses a Dockerfile parser: continuations, quotes, heredocs,
//! comments that look like directives or suppressions, characters of several bytes and
//! UTF-16 units.

/// xorshift64*: a small deterministic generator (`DOCKFIX_SEED` picks another sequence).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The seed from `DOCKFIX_SEED`, or `default`.
    pub fn from_env(default: u64) -> Rng {
        let seed = std::env::var("DOCKFIX_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        Rng::new(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

const SNIPPETS: [&str; 32] = [
    "\\\n",
    "\n",
    " ",
    "\t",
    "RUN ",
    "&& ",
    "\"",
    "'",
    "<<EOF\n",
    "EOF\n",
    "<<-'END'\n",
    "$(",
    "${VAR:-x}",
    "}",
    "[\"",
    "\", \"",
    "\"]",
    "#",
    "# dockfix: ignore[DF101]\n",
    "# hadolint ignore=DL3059\n",
    "# check=skip=all\n",
    "# escape=`\n",
    "é",
    "😀",
    "\r\n",
    "`",
    "FROM alpine AS build\n",
    "ONBUILD ",
    "--mount=type=cache,target=/root/.cache ",
    "apt-get install ",
    "COPY . .\n",
    "ADD ./a /a\n",
];

/// One edit of `text`: the byte range it replaces and the new text.
pub fn random_edit(rng: &mut Rng, text: &str) -> (std::ops::Range<usize>, String) {
    let boundary = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = boundary(rng.below(text.len() + 1));
    match rng.below(10) {
        // Type a snippet.
        0..=4 => (
            start..start,
            SNIPPETS[rng.below(SNIPPETS.len())].to_string(),
        ),
        // Delete a few characters (backspace, a selection).
        5..=6 => {
            let end = boundary(start + rng.below(24));
            (start..end.max(start), String::new())
        }
        // Delete or duplicate a whole line.
        7 => {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..]
                .find('\n')
                .map_or(text.len(), |i| start + i + 1);
            if rng.below(2) == 0 {
                (line_start..line_end, String::new())
            } else {
                (
                    line_start..line_start,
                    text[line_start..line_end].to_string(),
                )
            }
        }
        // Paste a piece of the document elsewhere.
        8 => {
            let from = boundary(rng.below(text.len() + 1));
            let to = boundary(from + rng.below(80));
            (start..start, text[from..to.max(from)].to_string())
        }
        // Replace a selection with a character of the document.
        _ => {
            let end = boundary(start + rng.below(8));
            let pick = boundary(rng.below(text.len().max(1)));
            let character = text[pick..]
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            (start..end.max(start), character)
        }
    }
}

/// Like `random_edit`, but deleting a stretch instead whenever `text` has grown past `size`
/// by a tenth, so that a long run of edits keeps the document near its size.
pub fn random_edit_near(
    rng: &mut Rng,
    text: &str,
    size: usize,
) -> (std::ops::Range<usize>, String) {
    if text.len() <= size + size / 10 {
        return random_edit(rng, text);
    }
    let boundary = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = boundary(rng.below(text.len()));
    let end = boundary(start + 1 + rng.below(200));
    (start..end.max(start), String::new())
}
