fn main() {
    let path = std::env::args().nth(1).unwrap();
    let source = std::fs::read_to_string(path).unwrap();
    let d = dockfix::model::Dockerfile::parse(&source);
    print!("{}", dockfix::model::view::dump(&d));
    for t in &d.tree.tokens {
        eprintln!("{:?} {:?}", t.kind, &source[t.range()]);
    }
    eprintln!("{:?}", d.errors());
}
