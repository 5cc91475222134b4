//! QR codes as SVG for what a phone scans: the second factor's setup and booking entry codes.
use qrcode::{QrCode, render::svg::Color};

use crate::error::ApiError;

/// An SVG QR code of `text`, at least 200 × 200 with its quiet zone.
pub fn svg(text: &str) -> Result<String, ApiError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| ApiError::Internal(format!("qr: {e}")))?;
    Ok(code
        .render::<Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}
