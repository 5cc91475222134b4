//! Browser entry point of the Linli single-page app.
fn main() {
    console_error_panic_hook::set_once();
    app::ui::start();
}
