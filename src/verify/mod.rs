//! The cross-check: compile the same constants with a real C compiler and compare.
//!
//! One probe translation unit per header; the compiler (`--cc`, any cross gcc) only
//! compiles it, and the values are read back from the object file, so no target machine or
//! emulator is needed.
