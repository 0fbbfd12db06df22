//! Seed-format document -> content tree (placeholder; being written).
