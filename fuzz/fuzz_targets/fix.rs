//! libFuzzer target (nightly: `cargo +nightly fuzz run fix`); `drive` runs the same check
//! on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: dockfix_fuzz::Input| {
    if let Err(failure) = dockfix_fuzz::check_fix(&input.text()) {
        panic!("{failure}");
    }
});
