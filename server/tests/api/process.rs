//! The real `linli` binary: on SIGTERM a request in flight completes, no new connection is
//! taken, and the process exits 0; a new database by URL gets the region tree; the deploy
//! files pass `systemd-analyze`.
use std::{
    io::{Read as _, Write as _},
    net::{TcpListener, TcpStream},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// A free port in this test's range (18290–18299).
fn free_port() -> u16 {
    (18290..18300)
        .find(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .expect("a free port in 18290–18299")
}

/// The whole answer (status line, headers, body) to `GET path`, when the server answers.
fn get_raw(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn get_status(port: u16, path: &str) -> Option<String> {
    get_raw(port, path)?.lines().next().map(str::to_owned)
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_and_the_process_exits_0() {
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.path())
        .args(["--shutdown-grace-secs", "20", "--assets-dir"])
        .arg(dir.path())
        .env("LINLI_LOG", "info")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start linli");
    let started = Instant::now();
    while get_status(port, "/api/v1/ready").is_none_or(|l| !l.contains(" 200 ")) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "linli did not become ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A slow upload: the headers and half the body now, the rest after SIGTERM.
    let body = br#"{"phone": "13800000000", "password": "not-the-password-1"}"#;
    let (first, rest) = body.split_at(body.len() / 2);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        slow,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         X-Linli-CSRF: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("headers");
    slow.write_all(first).expect("first half");
    slow.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(500));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "still running while a request is in flight"
    );
    assert!(
        get_status(port, "/api/v1/health").is_none(),
        "no new connections once stopping"
    );

    slow.write_all(rest).expect("the rest of the body");
    let mut answer = String::new();
    slow.read_to_string(&mut answer).expect("answer");
    assert!(
        answer.starts_with("HTTP/1.1 401"),
        "the request in flight got its answer: {answer}"
    );
    assert!(answer.contains("invalid_credentials"), "{answer}");

    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "linli did not exit");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut log = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut log);
    }
    assert_eq!(status.code(), Some(0), "exit status; log:\n{log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(!log.contains("grace period"), "nothing cut short: {log}");
}

/// The unit files of `deploy/` as `systemd-analyze verify` sees them (with the binary path
/// pointing at the one just built, since verify checks that it exists).
#[test]
fn the_systemd_units_pass_systemd_analyze_verify() {
    let deploy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy");
    let dir = tempfile::tempdir().expect("dir");
    let units = [
        "linli.service",
        "linli-backup.service",
        "linli-backup.timer",
    ];
    for unit in units {
        let text = std::fs::read_to_string(deploy.join(unit)).expect("unit file");
        let text = text.replace("/usr/local/bin/linli", env!("CARGO_BIN_EXE_linli"));
        std::fs::write(dir.path().join(unit), text).expect("copy");
    }
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .args(units)
        .current_dir(dir.path())
        .output()
        .expect("systemd-analyze (scripts/lib.sh ensure_systemd_analyze installs it)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.trim().is_empty(),
        "systemd-analyze verify: {said}"
    );
}

fn linli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .env("LINLI_LOG", "warn")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run linli")
}

/// The production start as the README writes it, on SQLite: any `sqlite://` path in an existing
/// directory is created by `linli migrate` with the region tree in it; a missing directory is
/// named in the error; the tree round-trips through `linli regions export` / `import`.
#[test]
fn a_new_sqlite_file_by_url_gets_the_region_tree_and_bad_paths_are_named() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("linli.db").display());
    let out = linli(&["migrate", "--database-url", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("linli.db").exists());

    let out = linli(&["regions", "export", "--database-url", &url]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    assert!(csv.starts_with("code,parent,level,name_zh,name_en,retired\n"));
    assert!(csv.contains("440304001001,440304001,community,红荔社区,Hongli Community,"));

    let file = dir.path().join("regions.csv");
    std::fs::write(&file, "code,parent,level,name_zh,name_en\n440304001099,440304001,community,新社区,\n440304001098,440399001,community,坏社区,\n").expect("write");
    let out = linli(&[
        "regions",
        "import",
        "--database-url",
        &url,
        file.to_str().expect("path"),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("440399001"), "{err}");
    std::fs::write(
        &file,
        "code,parent,level,name_zh,name_en\n440304001099,440304001,community,新社区,\n",
    )
    .expect("write");
    let out = linli(&[
        "regions",
        "import",
        "--database-url",
        &url,
        file.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 added"));

    let missing = dir.path().join("no/such/dir");
    let url = format!("sqlite://{}", missing.join("linli.db").display());
    let out = linli(&["migrate", "--database-url", &url]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&missing.display().to_string()), "{err}");
}

/// The body of `GET path`, when the server answers.
fn get_body(port: u16, path: &str) -> Option<String> {
    get_raw(port, path)?
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
}

fn serve(dir: &std::path::Path, port: u16, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .args(["--assets-dir"])
        .arg(dir)
        .args(extra)
        .env("LINLI_LOG", "warn")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start linli")
}

/// The search index's state from `/api/v1/health`.
fn index_state(port: u16) -> Option<serde_json::Value> {
    let body = get_body(port, "/api/v1/health")?;
    let v: serde_json::Value = serde_json::from_str(&body).ok()?;
    Some(v["search_index"].clone())
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `kill -9` while the index applies a bulk load: after a restart it catches up from the cursor
/// of its last commit and answers exactly as the SQL path (a second server without an index,
/// on the same database file).
#[test]
fn a_server_killed_while_indexing_a_bulk_load_catches_up_after_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_str().expect("path");
    let out = linli(&[
        "generate",
        "directory",
        "--services",
        "500",
        "--data-dir",
        data,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Ports of its own (18280–18289): the SIGTERM test checks that nothing answers on its port
    // once that server stopped.
    let free = |not: u16| {
        (18280..18290)
            .find(|p| *p != not && TcpListener::bind(("127.0.0.1", *p)).is_ok())
            .expect("a free port in 18280–18289")
    };
    let port = free(0);
    let mut server = serve(dir.path(), port, &[]);
    let current = |port| index_state(port).is_some_and(|s| s["state"] == "current");
    wait_for("the first build", Duration::from_secs(120), || {
        current(port)
    });
    // A bulk load through another process; the server sees its rebuild marker and rebuilds.
    let out = linli(&[
        "generate",
        "directory",
        "--services",
        "6000",
        "--data-dir",
        data,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for(
        "the server to see the load",
        Duration::from_secs(30),
        || index_state(port).is_some_and(|s| s["lag"].as_i64().unwrap_or(0) > 0),
    );
    server.kill().expect("kill -9");
    server.wait().expect("reaped");

    let mut server = serve(dir.path(), port, &[]);
    wait_for("the catch-up", Duration::from_secs(300), || current(port));
    let oracle_port = free(port);
    let mut oracle = serve(dir.path(), oracle_port, &["--no-search-index"]);
    wait_for("the SQL-only server", Duration::from_secs(60), || {
        get_status(oracle_port, "/api/v1/ready").is_some_and(|l| l.contains(" 200 "))
    });
    let documents = index_state(port).expect("state")["documents"].as_u64();
    assert!(documents.unwrap_or(0) >= 6_500, "{documents:?} documents");
    for query in [
        "q=%E5%85%BB%E8%80%81",
        "q=%E5%8C%BB",
        "category=elderly&free=true",
        "",
    ] {
        let path = format!("/api/v1/services?{query}&limit=100");
        let from_index: serde_json::Value =
            serde_json::from_str(&get_body(port, &path).expect("index")).expect("json");
        let from_sql: serde_json::Value =
            serde_json::from_str(&get_body(oracle_port, &path).expect("sql")).expect("json");
        assert_eq!(from_index["total"], from_sql["total"], "{query}");
        assert_eq!(from_index["facets"], from_sql["facets"], "{query}");
    }
    for child in [&mut server, &mut oracle] {
        child.kill().expect("stop");
        child.wait().expect("reaped");
    }
}

/// One request over a fresh connection: (status code, `Set-Cookie` values, body).
fn call(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<&serde_json::Value>,
) -> (u16, Vec<String>, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let body = body.map(ToString::to_string).unwrap_or_default();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Linli-Csrf: 1\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n{cookie}\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("answer");
    let (head, body) = out.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    let cookies = head
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .collect();
    (status, cookies, body.to_owned())
}

/// Two `linli` processes on one PostgreSQL database, each with its own search index: a staff
/// edit through A is found by A's next search and by B's within 2 s (B follows the change log,
/// woken by `NOTIFY`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_find_each_others_edits() {
    let app = crate::helpers::TestApp::postgres().await;
    let url = app.config.database_url.clone();
    let dirs = [(); 2].map(|()| tempfile::tempdir().expect("dir"));
    let data = dirs[0].path().to_str().expect("path");
    let out = linli(&[
        "generate",
        "directory",
        "--services",
        "200",
        "--database-url",
        &url,
        "--data-dir",
        data,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["user", "add", "--phone", "13900000001", "--role", "admin"])
        .args([
            "--region",
            "440300",
            "--database-url",
            &url,
            "--data-dir",
            data,
        ])
        .env("LINLI_USER_PASSWORD", "two-servers-2026")
        .env("LINLI_LOG", "warn")
        .output()
        .expect("user add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Ports of its own (18270–18279).
    let ports: Vec<u16> = (18270..18280)
        .filter(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .take(2)
        .collect();
    assert_eq!(ports.len(), 2, "two free ports in 18270–18279");
    let (a, b) = (ports[0], ports[1]);
    let mut servers: Vec<_> = [a, b]
        .iter()
        .zip(&dirs)
        .map(|(port, dir)| serve(dir.path(), *port, &["--database-url", &url]))
        .collect();
    for port in [a, b] {
        wait_for("the index", Duration::from_secs(120), || {
            index_state(port).is_some_and(|s| s["state"] == "current")
        });
    }

    let (status, cookies, body) = call(
        a,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&serde_json::json!({"phone": "13900000001", "password": "two-servers-2026"})),
    );
    assert_eq!(status, 200, "{body}");
    let cookie = cookies.join("; ");
    let list: serde_json::Value =
        serde_json::from_str(&get_body(a, "/api/v1/services?limit=1").expect("list"))
            .expect("json");
    let id = list["items"][0]["id"].as_i64().expect("a service");
    let page = format!("/api/v1/directory/services/{id}");
    let (status, _, body) = call(a, "GET", &page, Some(&cookie), None);
    assert_eq!(status, 200, "{body}");
    let mut input =
        serde_json::from_str::<serde_json::Value>(&body).expect("json")["input"].clone();
    input["name"] = serde_json::json!({"zh": "双实例长者助浴", "en": "Two-server bathing help"});
    let (status, _, body) = call(a, "PUT", &page, Some(&cookie), Some(&input));
    assert_eq!(status, 200, "{body}");

    let search = format!(
        "/api/v1/services?q={}",
        crate::directory::enc("双实例长者助浴")
    );
    let found = |port| {
        get_body(port, &search)
            .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
            .is_some_and(|v| crate::directory::ids(&v).contains(&id))
    };
    assert!(
        found(a),
        "the edit is found by the next search on the server that took it"
    );
    wait_for("the other server", Duration::from_secs(2), || found(b));
    for child in &mut servers {
        child.kill().expect("stop");
        child.wait().expect("reaped");
    }
}
