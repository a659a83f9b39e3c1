//! Ordinary C headers as bindgen and cbindgen users meet them: glibc and library headers,
//! checked against gcc.

mod common;
use common::{deftab, need_gcc};

/// The last line of `deftab verify` (its summary) and the whole output.
fn verify(args: &[&str]) -> (String, String) {
    let out = deftab(&[&["verify"], args].concat());
    let last = out
        .lines()
        .rfind(|l| l.starts_with("verify: ") && l.contains("constants compared"))
        .unwrap_or_default()
        .to_string();
    (last, out)
}

#[test]
fn position_dependent_macros_are_not_compared() {
    need_gcc();
    let (last, out) = verify(&["position.h"]);
    assert!(
        out.contains(
            "verify: 5 macros not compared: their value depends on where they are expanded"
        ),
        "{out}"
    );
    assert!(
        last.ends_with("3 constants compared, 0 mismatches, 0 skipped by deftab but known to the compiler (coverage 100.00%)"),
        "{out}"
    );
}

/// A header deftab brings (gcc keeps its own in a private directory) is compared with the
/// compiler's copy, not handed to it by deftab's virtual path.
#[test]
fn builtin_headers_are_compared_with_the_compilers_own() {
    need_gcc();
    for (header, at_least) in [("float.h", 20), ("stdatomic.h", 10), ("limits.h", 15)] {
        let (last, out) = verify(&[header]);
        let compared: usize = last
            .split(", ")
            .find_map(|part| part.strip_suffix(" constants compared"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{out}"));
        assert!(compared >= at_least, "{out}");
        assert!(last.contains(" 0 mismatches"), "{out}");
        assert!(
            !out.contains("<deftab-include>") && !out.contains("warning"),
            "{out}"
        );
    }
}

/// Runs `deftab ARGS` and returns (stdout, stderr), asserting it succeeded.
fn run_ok(args: &[&str]) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "deftab {args:?}:\n{stderr}");
    (stdout, stderr)
}

#[test]
fn glibc_signal_table_with_aliases_and_notes() {
    common::need_path("/usr/include/signal.h", "apt-get install libc6-dev");
    let (c, notes) = run_ok(&[
        "table",
        "signal.h",
        "--included",
        "--define",
        "SIG[A-Z0-9]+",
        "-D_GNU_SOURCE",
    ]);
    assert!(notes.contains("SIGIO is an alias of SIGPOLL"), "{notes}");
    for name in ["SIGRTMIN", "SIGRTMAX", "SIGSTKSZ"] {
        assert!(
            notes.lines().any(|l| l.contains(&format!(": {name}: "))
                && l.contains("skipped, not an integer constant expression")),
            "{name}:\n{notes}"
        );
    }
    assert!(c.contains("signal_names"), "{c}");
    assert!(c.contains("\"SIGPOLL\"") && !c.contains("\"SIGIO\""), "{c}");
}

#[test]
fn glibc_errno_table_compiles_beside_errno_h() {
    need_gcc();
    common::need_path("/usr/include/errno.h", "apt-get install libc6-dev");
    let (table, _) = run_ok(&["table", "errno.h", "--included", "--define", "E[A-Z0-9]+"]);
    let dir = std::env::temp_dir().join(format!("deftab-errno-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("errno_table.c"), &table).unwrap();
    let main = "#include <errno.h>\n#include <string.h>\n#include \"errno_table.c\"\n\
        int main(void) { return strcmp(errno_names[ENOENT], \"ENOENT\") != 0\n\
        || strcmp(errno_names[EHWPOISON], \"EHWPOISON\") != 0; }\n";
    std::fs::write(dir.join("main.c"), main).unwrap();
    let cc = std::process::Command::new("gcc")
        .args(["-Wall", "-Werror", "-o", "prog", "main.c"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let run = std::process::Command::new(dir.join("prog"))
        .status()
        .unwrap();
    assert!(run.success(), "errno_names gives the wrong names");
}

/// glibc headers and common library headers (.ci/run installs the -dev packages), a
/// representative subset of the BENCHMARKS.md run: every constant as gcc computes it.
const LIBRARY_HEADERS: [&str; 18] = [
    "signal.h",
    "errno.h",
    "fcntl.h",
    "sys/mman.h",
    "resolv.h",
    "values.h",
    "/usr/include/limits.h",
    "/usr/include/stdint.h",
    "netinet/in.h",
    "net/if.h",
    "arpa/inet.h",
    "zlib.h",
    "sqlite3.h",
    "pcap/pcap.h",
    "vulkan/vulkan_core.h",
    "openssl/ssl.h",
    "curl/curl.h",
    "libusb-1.0/libusb.h",
];

#[test]
#[ignore = "needs the library -dev packages .ci/run installs (zlib1g-dev, libsqlite3-dev, libpcap-dev, libvulkan-dev, libssl-dev, libusb-1.0-0-dev, libcurl4-openssl-dev)"]
fn glibc_and_library_headers_agree_with_gcc() {
    need_gcc();
    for (path, package) in [
        ("/usr/include/zlib.h", "zlib1g-dev"),
        ("/usr/include/sqlite3.h", "libsqlite3-dev"),
        ("/usr/include/pcap/pcap.h", "libpcap-dev"),
        ("/usr/include/vulkan/vulkan_core.h", "libvulkan-dev"),
        ("/usr/include/openssl/ssl.h", "libssl-dev"),
        ("/usr/include/libusb-1.0/libusb.h", "libusb-1.0-0-dev"),
    ] {
        common::need_path(path, &format!("apt-get install {package}"));
    }
    let (last, out) = verify(&LIBRARY_HEADERS);
    assert!(!out.contains("not found"), "{out}");
    assert!(
        last.starts_with(&format!("verify: {} headers,", LIBRARY_HEADERS.len()))
            && last.contains(
                " 0 mismatches, 0 skipped by deftab but known to the compiler (coverage 100.00%)"
            ),
        "{out}"
    );
}
