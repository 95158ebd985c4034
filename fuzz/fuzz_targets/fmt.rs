//! libFuzzer target (nightly: `cargo +nightly fuzz run fmt`); `drive` runs the same check
//! on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: dockfix_fuzz::Input| {
    if let Err(failure) = dockfix_fuzz::check_fmt(&input.text()) {
        panic!("{failure}");
    }
});
