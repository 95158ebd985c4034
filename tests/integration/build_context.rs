//! Rules read the build context through a trait: the same rewrite from files in memory as
//! from a folder on disk (what the language server and the command line give them).

use dockfix::build_context::{BuildContext, DiskContext, MemoryContext};
use dockfix::engine::fix;
use dockfix::settings::Settings;

const DOCKERFILE: &str =
    "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n";
const FILES: [(&str, &str); 3] = [
    ("package.json", "{\"name\": \"app\", \"dependencies\": {}}"),
    ("package-lock.json", "{}"),
    ("server.js", ""),
];

fn fixed(context: &dyn BuildContext) -> String {
    let settings = Settings {
        select: vec!["DF201".into()],
        ..Settings::default()
    };
    match fix(DOCKERFILE, &settings, Some(context)) {
        Ok(result) => result.text.unwrap_or_default(),
        Err(error) => panic!("fix failed: {error}"),
    }
}

#[test]
fn manifests_first_reads_the_context_from_memory_as_from_disk() {
    let memory = fixed(&MemoryContext::new(FILES));
    assert!(
        memory.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
        "{memory}"
    );

    let folder = tempfile::tempdir().unwrap();
    for (name, content) in FILES {
        std::fs::write(folder.path().join(name), content).unwrap();
    }
    assert_eq!(
        fixed(&DiskContext::new(folder.path(), Some("Dockerfile"))),
        memory
    );
}

#[test]
fn dockerignored_manifests_are_not_in_the_context() {
    let mut files = FILES.to_vec();
    files.push((".dockerignore", "package-lock.json\n"));
    let text = fixed(&MemoryContext::new(files));
    assert!(
        text.contains("COPY package.json ./\nRUN npm ci\n"),
        "{text}"
    );
}
