//! `#From PATH` (a path in a kernel source tree) → the header a target's build includes.
//!
//! strace's lists name the file a constant is written in; a build reaches it through the
//! installed headers: `include/uapi/linux/x.h` is `<linux/x.h>`, and an
//! `include/uapi/asm-generic/x.h` is reached through the architecture's `<asm/x.h>` (which
//! may define the constants itself, as mips's `asm/resource.h` does, and include the generic
//! file for the rest). So for asm-generic files the candidates are `asm/x.h`, then
//! `asm/<x up to its first '-'>.h` (`mman-common.h` → `asm/mman.h`), then the generic file
//! itself; the first one the target's headers have is read.

/// How a `#From` path is read for one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FromHeader {
    /// Include the first of these names that exists.
    Include(Vec<String>),
    /// A header of another architecture (`arch/sparc/include/uapi/asm/…` on mips): not part
    /// of this target's build.
    OtherArch(String),
    /// Not an installed (uapi) header: the kernel's internal headers need a configured
    /// kernel build; not read.
    NotUapi,
}

/// How the `#From` `path` is read on a target of kernel architecture `kernel_arch`.
pub fn from_header(path: &str, kernel_arch: &str) -> FromHeader {
    let path = path.trim_start_matches("./");
    if let Some(generic) = path.strip_prefix("include/uapi/asm-generic/") {
        let mut names = vec![format!("asm/{generic}")];
        if let Some((stem, _)) = generic.split_once('-') {
            names.push(format!("asm/{stem}.h"));
        }
        names.push(format!("asm-generic/{generic}"));
        return FromHeader::Include(names);
    }
    if let Some(rest) = path.strip_prefix("include/uapi/") {
        return FromHeader::Include(vec![rest.to_string()]);
    }
    if let Some(rest) = path.strip_prefix("arch/")
        && let Some((arch, header)) = rest.split_once("/include/uapi/")
    {
        return match arch == kernel_arch {
            true => FromHeader::Include(vec![header.to_string()]),
            false => FromHeader::OtherArch(arch.to_string()),
        };
    }
    FromHeader::NotUapi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uapi_paths_become_include_names_and_generic_asm_goes_through_the_arch() {
        assert_eq!(
            from_header("include/uapi/linux/fcntl.h", "x86"),
            FromHeader::Include(vec!["linux/fcntl.h".into()])
        );
        assert_eq!(
            from_header("include/uapi/asm-generic/mman-common.h", "mips"),
            FromHeader::Include(vec![
                "asm/mman-common.h".into(),
                "asm/mman.h".into(),
                "asm-generic/mman-common.h".into()
            ])
        );
        assert_eq!(
            from_header("arch/sparc/include/uapi/asm/ioctls.h", "sparc"),
            FromHeader::Include(vec!["asm/ioctls.h".into()])
        );
        assert_eq!(
            from_header("arch/sparc/include/uapi/asm/ioctls.h", "mips"),
            FromHeader::OtherArch("sparc".into())
        );
        assert_eq!(
            from_header("include/linux/fs.h", "x86"),
            FromHeader::NotUapi
        );
        assert_eq!(from_header("fs/btrfs/ctree.h", "x86"), FromHeader::NotUapi);
    }
}
