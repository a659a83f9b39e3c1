//! Every target against its real cross compiler (Debian's `gcc-<triplet>`, installed by
//! `.ci/run` for x86_64, i386, s390x, mips and alpha). Each target is skipped, with a
//! message, when its compiler or sysroot is absent; bench/verify-targets.sh runs the rest.

use deftab::ctype::{FloatKind, IntRank};
use deftab::target::{TARGETS, Target};
use std::path::PathBuf;
use std::process::Command;

/// The cross compiler and sysroot of `t`, or why the target is skipped.
fn toolchain(t: &Target) -> Result<(String, PathBuf), String> {
    let (cc, include) = if t.is_host() {
        ("gcc".to_string(), PathBuf::from("/usr/include"))
    } else {
        let sysroot = t.cross_sysroot_include().ok_or_else(|| {
            format!(
                "no /usr/{}/include (apt-get install libc6-dev-{}-cross)",
                t.cc_triplet, t.debian_arch
            )
        })?;
        (format!("{}-gcc", t.cc_triplet), sysroot)
    };
    let found = Command::new(&cc).arg("--version").output().is_ok();
    if found {
        Ok((cc, include))
    } else {
        Err(format!("{cc} is not installed"))
    }
}

/// `_Static_assert`s of the size and struct alignment of every scalar type, as the data
/// model says; compiled with `-fsyntax-only`, so any disagreement is an error line.
fn alignment_probe(t: &Target) -> String {
    let ints = [
        ("short", IntRank::Short),
        ("int", IntRank::Int),
        ("long", IntRank::Long),
        ("long long", IntRank::LongLong),
    ];
    let floats = [
        ("float", FloatKind::Float),
        ("double", FloatKind::Double),
        ("long double", FloatKind::LongDouble),
    ];
    let mut facts: Vec<(String, u64, u64)> = vec![
        ("_Bool".into(), 1, 1),
        ("char".into(), 1, 1),
        (
            "void *".into(),
            t.model.pointer.into(),
            t.model.pointer.into(),
        ),
    ];
    for (name, rank) in ints {
        facts.push((name.into(), t.int_size(rank), t.int_align(rank)));
    }
    for (name, kind) in floats {
        facts.push((name.into(), t.float_size(kind), t.float_align(kind)));
    }
    let mut src = String::new();
    for (i, (ty, size, align)) in facts.iter().enumerate() {
        // Inside a struct, as the layout engine places members.
        src += &format!(
            "struct s{i} {{ char c; {ty} m; }};\n\
             _Static_assert(sizeof({ty}) == {size}, \"sizeof({ty})\");\n\
             _Static_assert(_Alignof({ty}) == {align}, \"_Alignof({ty})\");\n\
             _Static_assert(__builtin_offsetof(struct s{i}, m) == {align}, \"in a struct: {ty}\");\n"
        );
    }
    let m = &t.model;
    let types = [
        ("__SIZE_TYPE__", m.size_t),
        ("__PTRDIFF_TYPE__", m.ptrdiff_t),
        ("__WCHAR_TYPE__", m.wchar_t),
    ];
    for (macro_name, ty) in types {
        src += &format!(
            "_Static_assert(_Generic(({macro_name})0, {}: 1, default: 0), \"{macro_name}\");\n",
            ty.c_name()
        );
    }
    src += &format!(
        "_Static_assert(((char)-1 < 0) == {}, \"char signedness\");\n",
        u8::from(m.char_signed)
    );
    src += &format!(
        "_Static_assert(__BIGGEST_ALIGNMENT__ == {}, \"biggest alignment\");\n",
        m.biggest_align
    );
    src
}

#[test]
fn data_models_agree_with_the_cross_compilers() {
    let mut checked = 0;
    for t in TARGETS {
        let (cc, _) = match toolchain(t) {
            Ok(tc) => tc,
            Err(why) => {
                eprintln!("skipped {}: {why}", t.name);
                continue;
            }
        };
        let dir = std::env::temp_dir().join(format!("deftab-align-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}.c", t.name));
        std::fs::write(&file, alignment_probe(t)).unwrap();
        let out = Command::new(&cc)
            .args(["-std=gnu11", "-fsyntax-only"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {cc} disagrees with the data model:\n{}",
            t.name,
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    eprintln!("{checked} targets checked");
}

/// The closing line of `deftab verify`: (mismatches, coverage without struct layouts).
fn summary(stdout: &str) -> Option<(u64, f64, f64)> {
    let re =
        regex::Regex::new(r"(\d+) mismatches, .*\(coverage ([\d.]+)%(?:; ([\d.]+)% leaving out)?")
            .unwrap();
    let line = stdout.lines().rev().find(|l| l.starts_with("verify: "))?;
    let c = re.captures(line)?;
    let all: f64 = c[2].parse().ok()?;
    let without = c.get(3).map_or(Some(all), |m| m.as_str().parse().ok())?;
    Some((c[1].parse().ok()?, all, without))
}

/// `deftab verify --target T` over every `linux/*.h` of the target's sysroot: no
/// mismatch, and ≥ 99.5% of the compiler's integer constants evaluated (leaving out, until
/// the layout engine lands, those that need a struct layout). Headers the compiler itself
/// cannot compile alone (coda.h needs <sys/types.h>…) are the only errors allowed.
#[test]
fn verify_linux_headers_for_each_ci_target() {
    let names = ["x86_64", "i386", "s390x", "mips", "alpha"];
    std::thread::scope(|s| {
        let runs: Vec<_> = names
            .iter()
            .map(|&name| s.spawn(move || verify_target(name)))
            .collect();
        for r in runs {
            r.join().unwrap();
        }
    });
}

fn verify_target(name: &str) {
    let t = Target::lookup(name).unwrap();
    let (cc, include) = match toolchain(t) {
        Ok(tc) => tc,
        Err(why) => {
            eprintln!("skipped {name}: {why}");
            return;
        }
    };
    let mut headers: Vec<PathBuf> = std::fs::read_dir(include.join("linux"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    headers.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_deftab"))
        .args(["verify", "--target", name, "--cc", &cc])
        .args(&headers)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some((mismatches, all, without_layouts)) = summary(&stdout) else {
        panic!("{name}: no summary:\n{stdout}\n{stderr}");
    };
    eprintln!("{name}: {}", stdout.lines().last().unwrap_or(""));
    let mismatch_lines: Vec<&str> = stdout.lines().filter(|l| l.contains("mismatch")).collect();
    assert_eq!(mismatches, 0, "{name}:\n{}", mismatch_lines.join("\n"));
    assert!(
        without_layouts >= 99.5,
        "{name}: coverage {all}% ({without_layouts}% without struct layouts)"
    );
    let foreign: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error:") && !l.contains("cannot compile it"))
        .collect();
    assert!(foreign.is_empty(), "{name}: deftab errors:\n{stderr}");
}
