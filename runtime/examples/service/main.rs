//! The example service: an axum server on loopback whose errors reproduce the connect-api seed.
//!
//! ```text
//! cargo run -p errwire --example service --all-features -- --port 3000
//! ```
//!
//! The port comes from `--port N`, else the `PORT` environment variable, else 3000. Server errors
//! are logged (errwire's `tracing` feature) with their instance id and the full source chain,
//! which the response body never contains.

mod app;

use std::net::{Ipv4Addr, SocketAddr};

const DEFAULT_PORT: u16 = 3000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().init();

    let port = port()?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    let addr = listener.local_addr()?;
    println!("errwire example service listening on http://{addr}");
    println!("Try:");
    println!("  curl -i http://{addr}/deployments/1");
    println!("  curl -i http://{addr}/deployments/99");
    println!(
        "  curl -i -X POST http://{addr}/deployments -H 'content-type: application/json' -d '{{\"key\":\"checkout\"}}'"
    );
    println!(
        "  curl -i -X PUT http://{addr}/deployments/1 -H 'content-type: application/json' -d '{{\"version\":2,\"key\":\"checkout-eu\"}}'"
    );
    println!("  curl -i -X POST http://{addr}/deployments/1/redeploy");
    println!("  curl -i http://{addr}/deployments/1/logs");
    println!("  curl -i http://{addr}/deployments/abc");
    println!(
        "  curl -i http://{addr}/deployments/99 -H 'accept-language: de'   # English (default) or German"
    );
    println!(
        "gRPC on the same port: errwire.example.Deployments (GetDeployment, CreateDeployment; see grpc.rs)"
    );
    println!("Press Ctrl-C to stop.");

    axum::serve(listener, app::router())
        .with_graceful_shutdown(async {
            // If the signal handler can't be installed, run until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// `--port N` or `--port=N`, else `PORT`, else [`DEFAULT_PORT`].
fn port() -> Result<u16, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = match args.as_slice() {
        [] => match std::env::var("PORT") {
            Ok(value) => return parse_port(&value, "PORT"),
            Err(_) => return Ok(DEFAULT_PORT),
        },
        [flag, value] if flag == "--port" => value.as_str(),
        [arg] if arg.starts_with("--port=") => &arg["--port=".len()..],
        _ => return Err(format!("unexpected arguments {args:?}; usage: service [--port N]")),
    };
    parse_port(value, "--port")
}

fn parse_port(value: &str, origin: &str) -> Result<u16, String> {
    value.parse().map_err(|_| format!("{origin}: {value:?} is not a port number (0-65535)"))
}
