#[tauri::command]
fn ui_ready() {
    println!("SHOPDESK_READY");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
        .expect("empty app runs");
}
