use super::copies::context_copies;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// A file that holds secrets is copied into the image: use a secret mount.
    ///
    /// ## What it does
    /// Reports `COPY` and `ADD` (also under `ONBUILD`) from the build context whose source
    /// names a file or folder that usually holds credentials:
    /// - environment files: `.env`, `.env.production`, ... (not the templates
    ///   `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`);
    /// - private keys: `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`; `*.pem` and `*.key`
    ///   unless the name says certificate or public key (`cert`, `chain`, `ca`, `bundle`,
    ///   `pub`, `public`) or, for `*.key`, a package signing key (`gpg`, `pgp`, `release`,
    ///   `signing`, `apt`, `repo`: `Release.key` is what apt repositories publish);
    ///   keystores `*.p12`, `*.pfx`;
    /// - credential files: `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`,
    ///   `credentials.json`, `.docker/config.json`;
    /// - credential folders: `.aws/`, `.ssh/`, `.gnupg/`, `.kube/`.
    ///
    /// Only sources that name such a file: a wildcard or a variable is not read, and
    /// `COPY . .` that takes a `.env` along is the business of `dockerignore-sensitive`
    /// (DF704). There is no hadolint or BuildKit counterpart.
    ///
    /// ## Why is this bad?
    /// Every file COPY writes stays in a layer of the image, even if a later RUN deletes it:
    /// anyone who can pull the image can read the keys and tokens. A secret mount gives the
    /// file to the one RUN that needs it and writes nothing to the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .npmrc ./
    /// RUN npm ci && rm .npmrc
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    /// built with `docker build --secret id=npmrc,src=$HOME/.npmrc .`
    ///
    /// ## Fix safety
    /// No fix: the build command has to pass the file as a secret (`--secret`), which a
    /// change to the Dockerfile cannot do.
    pub struct SecretFiles {
        code: "DF702",
        name: "secret-file-copied",
        severity: Warning,
        fix: None,
    }
}

/// `.env.*` files that are templates, not secrets.
const ENV_TEMPLATES: [&str; 7] = [
    "example", "sample", "template", "dist", "defaults", "default", "tmpl",
];

/// Files that hold credentials by their name alone.
const CREDENTIAL_FILES: [&str; 9] = [
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    "credentials.json",
];

/// Folders that hold credentials.
const CREDENTIAL_FOLDERS: [&str; 4] = [".aws", ".ssh", ".gnupg", ".kube"];

/// What a source path copies that holds secrets, if anything (the part to name).
pub fn secret_in_path(source: &str) -> Option<&str> {
    if source.contains(['$', '*', '?', '[']) {
        return None;
    }
    let path = crate::build_context::normalize(source);
    let components: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let name = *components.last()?;
    if let Some(&folder) = components
        .iter()
        .find(|c| CREDENTIAL_FOLDERS.contains(&c.to_ascii_lowercase().as_str()))
    {
        return Some(folder);
    }
    if components.len() >= 2
        && components[components.len() - 2] == ".docker"
        && name == "config.json"
    {
        return Some(name);
    }
    is_secret_file_name(name).then_some(name)
}

/// Whether a file name says it holds secrets.
pub fn is_secret_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == ".env" {
        return true;
    }
    if let Some(suffix) = lower.strip_prefix(".env.") {
        return !ENV_TEMPLATES.contains(&suffix);
    }
    if CREDENTIAL_FILES.contains(&lower.as_str()) {
        return true;
    }
    // The words of the name (`server-cert.pem` -> server, cert, pem).
    let says = |list: &[&str]| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| list.contains(&word))
    };
    const PUBLIC: [&str; 9] = [
        "cert",
        "certificate",
        "chain",
        "fullchain",
        "ca",
        "cacert",
        "bundle",
        "pub",
        "public",
    ];
    const SIGNING: [&str; 7] = ["gpg", "pgp", "asc", "release", "signing", "apt", "repo"];
    if lower.ends_with(".pem") {
        return !says(&PUBLIC);
    }
    if lower.ends_with(".key") {
        return !says(&PUBLIC) && !says(&SIGNING);
    }
    lower.ends_with(".p12") || lower.ends_with(".pfx")
}

impl Rule for SecretFiles {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for copy in context_copies(context) {
            let Some(secret) = copy.sources.iter().find_map(|s| secret_in_path(s)) else {
                continue;
            };
            let span = context.span(copy.instruction, copy.command.args_range.clone());
            diagnostics.push(self.diagnostic(
                format!(
                    "{} of {secret} puts credentials into the image: use `RUN --mount=type=secret`",
                    copy.keyword
                ),
                span,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::secret_in_path;

    #[test]
    fn secret_paths() {
        for (path, secret) in [
            (".env", ".env"),
            ("./config/.env.production", ".env.production"),
            ("id_rsa", "id_rsa"),
            ("/root/.ssh/", ".ssh"),
            (".aws/credentials", ".aws"),
            ("server.key", "server.key"),
            ("tls/key.pem", "key.pem"),
            (".npmrc", ".npmrc"),
            (".docker/config.json", "config.json"),
            ("keystore.p12", "keystore.p12"),
        ] {
            assert_eq!(secret_in_path(path), Some(secret), "{path}");
        }
        for path in [
            ".env.example",
            ".envrc",
            "env.sh",
            "id_rsa.pub",
            "certs/ca.pem",
            "fullchain.pem",
            "server-cert.pem",
            "Release.key",
            "nodesource.gpg.key",
            "public.key",
            "config.json",
            "*.pem",
            "$KEY_FILE",
            "15-local-resolvers.envsh",
        ] {
            assert_eq!(secret_in_path(path), None, "{path}");
        }
    }
}
