//! Reading the probe's constant objects back from the compiler's relocatable object file,
//! in the object's own byte order and ELF class.

use object::{Object, ObjectSection, ObjectSymbol, SectionKind};
use std::collections::HashMap;

/// Why an object file cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    #[error(transparent)]
    Parse(#[from] object::Error),
    #[error(transparent)]
    Size(#[from] std::num::TryFromIntError),
    #[error("`{0}` lies outside its section")]
    OutsideSection(String),
    /// A symbol the probe defines is not in the object.
    #[error("no symbol `{0}`")]
    MissingSymbol(String),
}

/// The bytes of every defined data symbol of an object file, by name.
pub struct Symbols {
    pub big_endian: bool,
    bytes: HashMap<String, Vec<u8>>,
}

impl Symbols {
    /// Parses an object file and copies out the symbols whose names start with `prefix`.
    pub fn read(data: &[u8], prefix: &str) -> Result<Symbols, ObjectError> {
        let file = object::File::parse(data)?;
        let mut bytes = HashMap::new();
        for symbol in file.symbols() {
            let Ok(name) = symbol.name() else { continue };
            if !name.starts_with(prefix) {
                continue;
            }
            let Some(index) = symbol.section_index() else {
                continue;
            };
            let section = file.section_by_index(index)?;
            let size = usize::try_from(symbol.size())?;
            let data = if section.kind() == SectionKind::UninitializedData {
                // .bss-like: zero-filled, no bytes in the file.
                vec![0; size]
            } else {
                // In a relocatable object a symbol's address is its offset in its section.
                section
                    .data_range(symbol.address(), symbol.size())?
                    .ok_or_else(|| ObjectError::OutsideSection(name.to_string()))?
                    .to_vec()
            };
            bytes.insert(name.to_string(), data);
        }
        Ok(Symbols {
            big_endian: file.endianness() == object::Endianness::Big,
            bytes,
        })
    }

    pub fn u8(&self, name: &str) -> Option<u8> {
        match self.bytes.get(name)?.as_slice() {
            [b] => Some(*b),
            _ => None,
        }
    }

    /// The symbol as an array of `u64` in the object's byte order.
    pub fn u64s(&self, name: &str) -> Option<Vec<u64>> {
        let data = self.bytes.get(name)?;
        if data.len() % 8 != 0 {
            return None;
        }
        Some(
            data.chunks_exact(8)
                .map(|c| {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(c);
                    if self.big_endian {
                        u64::from_be_bytes(a)
                    } else {
                        u64::from_le_bytes(a)
                    }
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Compiles `source` with `cc` (plus `flags`) to an object; `None` if that compiler
    /// cannot be run here.
    fn compile(cc: &str, flags: &[&str], source: &str) -> Option<Vec<u8>> {
        let dir = std::env::temp_dir().join(format!(
            "deftab-object-{}-{}",
            std::process::id(),
            cc.replace('/', "_") + &flags.join("")
        ));
        std::fs::create_dir_all(&dir).ok()?;
        let c = dir.join("t.c");
        let o = dir.join("t.o");
        std::fs::write(&c, source).ok()?;
        let ok = Command::new(cc)
            .args(flags)
            .args(["-c", "-o"])
            .arg(&o)
            .arg(&c)
            .status()
            .ok()?
            .success();
        let data = std::fs::read(&o).ok();
        std::fs::remove_dir_all(&dir).ok();
        if ok { data } else { None }
    }

    const SOURCE: &str = "const unsigned long long __t_v[2] = { 0x0102030405060708ULL, 42 };\n\
                          const unsigned char __t_b = 200;\n\
                          const unsigned char __t_z = 0;\n\
                          int other = 1;\n";

    fn check(data: &[u8], big_endian: bool) {
        let symbols = Symbols::read(data, "__t_").unwrap();
        assert_eq!(symbols.big_endian, big_endian);
        assert_eq!(symbols.u64s("__t_v"), Some(vec![0x0102030405060708, 42]));
        assert_eq!(symbols.u8("__t_b"), Some(200));
        assert_eq!(symbols.u8("__t_z"), Some(0));
        assert_eq!(symbols.u8("other"), None, "outside the prefix");
        assert_eq!(symbols.u8("__t_v"), None, "wrong size");
    }

    #[test]
    fn reads_host_object() {
        let data = compile("gcc", &[], SOURCE).expect("gcc works on this machine");
        check(&data, false);
    }

    #[test]
    fn reads_32_bit_object() {
        // `-m32` needs no 32-bit libraries for a TU without includes.
        let data = compile("gcc", &["-m32"], SOURCE).expect("gcc -m32 -c works");
        assert_eq!(data[4], 1, "ELFCLASS32");
        check(&data, false);
    }

    #[test]
    fn reads_big_endian_object() {
        // Only where a big-endian cross compiler is installed (Debian: gcc-s390x-linux-gnu).
        let Some(data) = compile("s390x-linux-gnu-gcc", &[], SOURCE) else {
            eprintln!("s390x-linux-gnu-gcc not available: big-endian object not tested");
            return;
        };
        check(&data, true);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Symbols::read(b"not an object", "__t_").is_err());
        assert!(Symbols::read(b"\x7fELF\x02\x01\x01", "__t_").is_err());
    }
}
