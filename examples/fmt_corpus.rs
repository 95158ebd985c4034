//! Scratch: format every corpus file into OUT (mirrors the tree).
fn main() {
    let mut args = std::env::args().skip(1);
    let input = std::path::PathBuf::from(args.next().unwrap());
    let out = std::path::PathBuf::from(args.next().unwrap());
    let mut stack = vec![input.clone()];
    let (mut n, mut changed, mut errors, mut unstable) = (0, 0, 0, 0);
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_str().unwrap().to_lowercase();
            if !name.contains("dockerfile") && !name.contains("containerfile") {
                continue;
            }
            n += 1;
            let src = std::fs::read_to_string(&p).unwrap();
            let d = dockfix::model::Dockerfile::parse(&src);
            assert_eq!(d.tree.to_source(), src);
            let rel = p.strip_prefix(&input).unwrap();
            let dst = out.join(rel);
            std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
            match dockfix::format::format(&d, &Default::default()) {
                Ok(Some(s)) => {
                    changed += 1;
                    let d2 = dockfix::model::Dockerfile::parse(&s);
                    if let Ok(Some(s2)) = dockfix::format::format(&d2, &Default::default()) {
                        unstable += 1;
                        eprintln!("UNSTABLE {}", p.display());
                        std::fs::write(dst.with_extension("unstable"), &s2).unwrap();
                    }
                    std::fs::write(&dst, s).unwrap();
                }
                Ok(None) => std::fs::write(&dst, &src).unwrap(),
                Err(e) => {
                    errors += 1;
                    eprintln!("ERR {} {e}", p.display());
                    std::fs::write(&dst, &src).unwrap();
                }
            }
        }
    }
    println!("files={n} changed={changed} errors={errors} unstable={unstable}");
}
