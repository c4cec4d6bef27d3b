//! `shopdesk-sandbox`: run the three vendor simulators standalone and print their connection details as
//! exactly one JSON line on stdout, then serve until killed.

use std::net::SocketAddr;

use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "shopdesk-sandbox",
    about = "Local simulators of Pancake POS, Onflow and Nhanh.vn"
)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Number of products per catalog.
    #[arg(long, default_value_t = sandbox::Options::default().products)]
    products: usize,
    /// Seed for the generated data.
    #[arg(long, default_value_t = sandbox::Options::default().seed)]
    seed: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sb = sandbox::start(
        args.listen,
        sandbox::Options {
            products: args.products,
            seed: args.seed,
        },
    )
    .await?;
    println!("{}", serde_json::to_string(&sb.info())?);
    tokio::signal::ctrl_c().await?;
    drop(sb);
    Ok(())
}
