//! Draws a PNG (a colour gradient, `?w=` by `?h=` pixels, at most 512) and returns
//! it as a binary integrated response: base64 body, `isBase64Encoded: true`.

use fngate_sdk::{Context, Event, Response};

const MAX_SIDE: u32 = 512;

fn side(event: &Event, key: &str, default: u32) -> u32 {
    event.query(key).and_then(|v| v.parse().ok()).unwrap_or(default).clamp(1, MAX_SIDE)
}

fn draw(width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            pixels.extend_from_slice(&[(x * 255 / width) as u8, (y * 255 / height) as u8, 160]);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(out)
}

fn main_handler(event: Event, _ctx: Context) -> Result<Response, png::EncodingError> {
    let png = draw(side(&event, "w", 64), side(&event, "h", 32))?;
    Ok(Response::binary("image/png", &png).with_header("Cache-Control", "no-store"))
}

fngate_sdk::entry!(main_handler);
