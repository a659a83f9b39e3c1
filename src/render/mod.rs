//! Rendering tables.
