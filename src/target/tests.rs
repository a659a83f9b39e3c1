use super::*;

/// The value of a predefined macro of `t`.
fn predef<'a>(t: &'a Target, name: &str) -> Option<&'a str> {
    let prefix = format!("#define {name} ");
    t.predefs
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
}

fn predef_num(t: &Target, name: &str) -> u64 {
    let v = predef(t, name).unwrap_or_else(|| panic!("{}: no {name}", t.name));
    v.parse()
        .unwrap_or_else(|_| panic!("{}: {name} is {v}", t.name))
}

/// gcc's spelling of a type in `__SIZE_TYPE__` and friends (`long unsigned int`).
fn gcc_words(ty: IntType) -> &'static str {
    match (ty.rank, ty.signed) {
        (IntRank::Int, true) => "int",
        (IntRank::Int, false) => "unsigned int",
        (IntRank::Long, true) => "long int",
        (IntRank::Long, false) => "long unsigned int",
        _ => "unexpected",
    }
}

/// The data model must agree with every fact gcc printed for the target.
#[test]
fn data_model_matches_predefs() {
    for t in TARGETS {
        let n = t.name;
        let sizes = [
            ("__SIZEOF_SHORT__", t.int_size(IntRank::Short)),
            ("__SIZEOF_INT__", t.int_size(IntRank::Int)),
            ("__SIZEOF_LONG__", t.int_size(IntRank::Long)),
            ("__SIZEOF_LONG_LONG__", t.int_size(IntRank::LongLong)),
            ("__SIZEOF_POINTER__", u64::from(t.model.pointer)),
            ("__SIZEOF_FLOAT__", t.float_size(FloatKind::Float)),
            ("__SIZEOF_DOUBLE__", t.float_size(FloatKind::Double)),
            (
                "__SIZEOF_LONG_DOUBLE__",
                t.float_size(FloatKind::LongDouble),
            ),
            ("__SIZEOF_SIZE_T__", t.int_size(t.model.size_t.rank)),
            ("__SIZEOF_PTRDIFF_T__", t.int_size(t.model.ptrdiff_t.rank)),
            ("__SIZEOF_WCHAR_T__", t.int_size(t.model.wchar_t.rank)),
            ("__BIGGEST_ALIGNMENT__", u64::from(t.model.biggest_align)),
        ];
        for (name, ours) in sizes {
            assert_eq!(predef_num(t, name), ours, "{n}: {name}");
        }
        let types = [
            ("__SIZE_TYPE__", t.model.size_t),
            ("__PTRDIFF_TYPE__", t.model.ptrdiff_t),
            ("__WCHAR_TYPE__", t.model.wchar_t),
        ];
        for (name, ours) in types {
            assert_eq!(predef(t, name), Some(gcc_words(ours)), "{n}: {name}");
        }
        let unsigned_char = predef(t, "__CHAR_UNSIGNED__") == Some("1");
        assert_eq!(unsigned_char, !t.model.char_signed, "{n}: char signedness");
        let order = predef(t, "__BYTE_ORDER__");
        let be = order == Some("__ORDER_BIG_ENDIAN__");
        assert!(be || order == Some("__ORDER_LITTLE_ENDIAN__"), "{n}");
        assert_eq!(be, t.model.big_endian, "{n}: byte order");
        // No scalar is aligned beyond what gcc calls the biggest alignment.
        let aligns = [
            t.int_align(IntRank::LongLong),
            t.float_align(FloatKind::Double),
            t.float_align(FloatKind::LongDouble),
            u64::from(t.model.pointer),
        ];
        assert!(
            aligns
                .iter()
                .all(|&a| a <= u64::from(t.model.biggest_align)),
            "{n}: {aligns:?}"
        );
        // ILP32 targets say so, LP64 ones too.
        let lp64 = predef(t, "__LP64__") == Some("1");
        assert_eq!(lp64, t.model.pointer == 8, "{n}: __LP64__");
    }
}

#[test]
fn every_name_is_unique() {
    for t in TARGETS {
        for n in [t.name, t.triplet, t.cc_triplet, t.debian_arch]
            .into_iter()
            .chain(t.aliases.iter().copied())
        {
            let owner = Target::lookup(n).unwrap();
            assert!(
                std::ptr::eq(owner, t),
                "{n} names {} and {}",
                owner.name,
                t.name
            );
        }
    }
}

#[test]
fn lookup_by_any_name() {
    let name = |n: &str| Target::lookup(n).map(|t| t.name).unwrap_or("?");
    assert_eq!(name("amd64"), "x86_64");
    assert_eq!(name("i386-linux-gnu"), "i386");
    assert_eq!(name("i686-linux-gnu"), "i386");
    assert_eq!(name("ppc64el"), "powerpc64le");
    assert_eq!(name("armhf"), "arm");
    assert_eq!(name("arm64"), "aarch64");
    assert_eq!(name("hppa"), "parisc");
    assert_eq!(name("mips64-linux-gnuabi64"), "mips64");
    assert_eq!(name("s390x-ibm-linux-gnu"), "s390x");
    assert_eq!(name("X86_64-pc-linux-gnu"), "x86_64");
    assert_eq!(name("loong64"), "loongarch64");
    let e = Target::lookup("vax").unwrap_err().to_string();
    assert!(
        e.contains("unknown target `vax`") && e.contains("loongarch64"),
        "{e}"
    );
}

#[test]
fn the_host_is_a_known_target_with_its_own_sizes() {
    if let Some(h) = Target::host() {
        assert_eq!(usize::from(h.model.pointer), std::mem::size_of::<usize>());
        assert_eq!(
            u64::from(h.model.long),
            std::mem::size_of::<std::ffi::c_long>() as u64
        );
        assert_eq!(h.model.char_signed, std::ffi::c_char::MIN != 0);
        assert!(h.is_host());
    }
    #[cfg(all(target_arch = "x86_64", target_pointer_width = "64"))]
    assert_eq!(Target::host().map(|t| t.name), Some("x86_64"));
}

#[test]
fn i386_aligns_long_long_and_double_to_4_in_structs() {
    let t = Target::lookup("i386").unwrap();
    assert_eq!(t.int_align(IntRank::LongLong), 4);
    assert_eq!(t.float_align(FloatKind::Double), 4);
    let arm = Target::lookup("arm").unwrap();
    assert_eq!(arm.int_align(IntRank::LongLong), 8);
    assert_eq!(arm.float_align(FloatKind::LongDouble), 8);
}
