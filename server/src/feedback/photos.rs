//! Photos of a case: cleaned by [`crate::files::image`] and stored with [`crate::files`] under
//! `feedback/<random name>` — in the database, served only through the authorised endpoints.
//! Before files moved into the database they were kept under `<data_dir>/uploads/feedback/`;
//! [`crate::files::legacy`] imports those.
use std::path::{Path, PathBuf};

pub use crate::files::image::{ImageType, PhotoError, prepare, sniff, strip};

/// The directory of feedback photos.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("uploads").join("feedback")
}

/// A random file name that reveals nothing about the case.
pub fn new_file_name(kind: ImageType) -> String {
    crate::files::new_file_name(kind)
}

/// Only names this module made are ever looked up (no path traversal).
pub fn is_safe_name(name: &str) -> bool {
    crate::files::is_safe_file_name(name)
}

/// The name of a case photo in the file store.
pub fn stored_name(file_name: &str) -> String {
    format!("feedback/{file_name}")
}
