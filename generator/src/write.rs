//! Writing output: compare with what is on disk, or swap it in atomically.
