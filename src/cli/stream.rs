//! Writing to standard output and standard error without losing a write error.
//!
//! A closed pipe (`dockfix check | head`) is not an error: what was asked for was read, and
//! the rest is dropped quietly. Any other failure (`> /dev/full`, a full disk) is kept and
//! ends the run with exit code 2 and a message, since the output is incomplete.

use std::io::{self, BufWriter, Write};

use anyhow::{Result, anyhow};

/// Standard output or error, buffered, remembering the first write error.
pub struct Stream {
    out: BufWriter<Box<dyn Write + Send>>,
    name: &'static str,
    /// The reader went away: write nothing more.
    closed: bool,
    error: Option<io::Error>,
}

impl Stream {
    pub fn stdout() -> Self {
        Stream::new(Box::new(io::stdout()), "standard output")
    }

    pub fn stderr() -> Self {
        Stream::new(Box::new(io::stderr()), "standard error")
    }

    fn new(out: Box<dyn Write + Send>, name: &'static str) -> Self {
        Stream {
            out: BufWriter::new(out),
            name,
            closed: false,
            error: None,
        }
    }

    /// Write through `write`, unless the stream already failed or was closed.
    pub fn write(&mut self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        if self.closed || self.error.is_some() {
            return;
        }
        let result = write(&mut self.out);
        self.record(result);
    }

    pub fn write_str(&mut self, text: &str) {
        self.write(|out| out.write_all(text.as_bytes()));
    }

    fn record(&mut self, result: io::Result<()>) {
        match result {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
            Err(error) => self.error = Some(error),
        }
    }

    /// Flush, and say whether everything was written (a closed pipe counts as written).
    pub fn finish(mut self) -> Result<()> {
        if !self.closed && self.error.is_none() {
            let result = self.out.flush();
            self.record(result);
        }
        match self.error {
            Some(error) => Err(anyhow!("writing to {}: {error}", self.name)),
            None => Ok(()),
        }
    }
}

/// A line on standard error: errors, warnings and summaries.
pub fn note(line: std::fmt::Arguments) {
    // When standard error itself cannot be written there is nowhere left to say so (and
    // `eprintln!` would panic); the exit code still tells.
    let _unreported = writeln!(io::stderr(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }

        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(self.0))
        }
    }

    #[test]
    fn a_closed_pipe_is_not_an_error_but_a_full_disk_is() {
        let mut closed = Stream::new(Box::new(Failing(io::ErrorKind::BrokenPipe)), "out");
        closed.write_str("x");
        assert!(closed.finish().is_ok());
        let mut full = Stream::new(Box::new(Failing(io::ErrorKind::StorageFull)), "out");
        full.write_str("x");
        let message = full.finish().expect_err("a full disk").to_string();
        assert!(message.starts_with("writing to out: "), "{message}");
    }
}
