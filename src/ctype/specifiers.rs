//! Type specifiers and qualifiers as C spells them (GNU spellings too), and the one
//! combiner of basic specifiers into a type (C11 6.7.2p2): the evaluator's type names
//! (casts, `sizeof`), the parser's declarations (lang-c's and the fast reader's) and the
//! typedef-name guesser all read keywords through [`keyword`].

use super::{CType, FloatKind, IntRank, IntType};

/// A basic type specifier: one word of `unsigned long long int`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasicSpecifier {
    Void,
    Bool,
    Char,
    Short,
    Int,
    Long,
    Signed,
    Unsigned,
    Float,
    Double,
    Int128,
    Complex,
}

/// What a keyword is to a declaration or a type name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    Basic(BasicSpecifier),
    /// `const`, `volatile`, `restrict` and their GNU spellings: no effect on a value.
    Qualifier,
    /// `_Atomic`: a qualifier, or with parentheses a specifier (`_Atomic(int)`).
    Atomic,
    /// `struct`, `union`, `enum`: a tag follows.
    Tag,
    /// `__attribute__`, `__attribute`: a parenthesized list follows.
    Attribute,
    /// Types deftab does not evaluate: `typeof`, `__float128`, `_FloatN`.
    Unsupported,
}

/// The keyword `word` is, if any.
pub fn keyword(word: &str) -> Option<Keyword> {
    use BasicSpecifier as B;
    Some(match word {
        "void" => Keyword::Basic(B::Void),
        "_Bool" => Keyword::Basic(B::Bool),
        "char" => Keyword::Basic(B::Char),
        "short" => Keyword::Basic(B::Short),
        "int" => Keyword::Basic(B::Int),
        "long" => Keyword::Basic(B::Long),
        "signed" | "__signed" | "__signed__" => Keyword::Basic(B::Signed),
        "unsigned" => Keyword::Basic(B::Unsigned),
        "float" => Keyword::Basic(B::Float),
        "double" => Keyword::Basic(B::Double),
        "__int128" => Keyword::Basic(B::Int128),
        "_Complex" | "__complex__" => Keyword::Basic(B::Complex),
        "const" | "__const" | "__const__" | "volatile" | "__volatile" | "__volatile__"
        | "restrict" | "__restrict" | "__restrict__" => Keyword::Qualifier,
        "_Atomic" => Keyword::Atomic,
        "struct" | "union" | "enum" => Keyword::Tag,
        "__attribute__" | "__attribute" => Keyword::Attribute,
        "typeof" | "__typeof" | "__typeof__" | "__float128" | "_Float128" | "_Float64"
        | "_Float32" => Keyword::Unsupported,
        _ => return None,
    })
}

/// Whether `word` is a type qualifier (`const`, `__volatile__`, `restrict`, …).
pub fn is_qualifier(word: &str) -> bool {
    keyword(word) == Some(Keyword::Qualifier)
}

/// How often each basic specifier appeared (`long long` counts two).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasicSpecifiers {
    void: u8,
    bool_: u8,
    char: u8,
    short: u8,
    int: u8,
    long: u8,
    signed: u8,
    unsigned: u8,
    float: u8,
    double: u8,
    int128: u8,
    complex: u8,
}

impl BasicSpecifiers {
    pub fn add(&mut self, s: BasicSpecifier) {
        use BasicSpecifier as B;
        let count = match s {
            B::Void => &mut self.void,
            B::Bool => &mut self.bool_,
            B::Char => &mut self.char,
            B::Short => &mut self.short,
            B::Int => &mut self.int,
            B::Long => &mut self.long,
            B::Signed => &mut self.signed,
            B::Unsigned => &mut self.unsigned,
            B::Float => &mut self.float,
            B::Double => &mut self.double,
            B::Int128 => &mut self.int128,
            B::Complex => &mut self.complex,
        };
        *count = count.saturating_add(1);
    }

    /// Counts `word` if it is a basic specifier; false for any other word.
    pub fn add_word(&mut self, word: &str) -> bool {
        match keyword(word) {
            Some(Keyword::Basic(s)) => {
                self.add(s);
                true
            }
            _ => false,
        }
    }

    /// How many basic specifiers there are, `_Complex` aside.
    fn count(&self) -> u8 {
        self.signed
            + self.unsigned
            + self.short
            + self.long
            + self.char
            + self.int
            + self.bool_
            + self.void
            + self.float
            + self.double
            + self.int128
    }

    pub fn is_empty(&self) -> bool {
        self.count() + self.complex == 0
    }

    /// `_Complex` (or `__complex__`) is among them.
    pub fn is_complex(&self) -> bool {
        self.complex > 0
    }

    /// The type the specifiers name, `_Complex` aside (its real type), or `None` for an
    /// invalid combination (`long char`, `signed unsigned`, none at all). Plain `char` has
    /// the signedness `char_signed`.
    pub fn real_type(&self, char_signed: bool) -> Option<CType> {
        let sign = self.signed + self.unsigned;
        if sign > 1 || self.short > 1 || self.long > 2 || self.char > 1 || self.int > 1 {
            return None;
        }
        let int = |rank| {
            Some(CType::Int(IntType {
                rank,
                signed: self.unsigned == 0,
            }))
        };
        let only = |n: u8| self.count() == n;
        if self.void == 1 {
            return only(1).then_some(CType::Void);
        }
        if self.bool_ == 1 {
            return only(1).then_some(CType::Int(IntType {
                rank: IntRank::Bool,
                signed: false,
            }));
        }
        if self.float == 1 {
            return only(1).then_some(CType::Float(FloatKind::Float));
        }
        if self.double == 1 {
            return match self.long {
                0 if only(1) => Some(CType::Float(FloatKind::Double)),
                1 if only(2) => Some(CType::Float(FloatKind::LongDouble)),
                _ => None,
            };
        }
        if self.char == 1 {
            if !only(1 + sign) {
                return None;
            }
            let signed = match sign {
                0 => char_signed,
                _ => self.signed == 1,
            };
            return Some(CType::Int(IntType {
                rank: IntRank::Char,
                signed,
            }));
        }
        if self.int128 == 1 {
            return only(1 + sign).then(|| int(IntRank::Int128)).flatten();
        }
        let n = sign + self.int + self.short + self.long;
        if !only(n) || n == 0 || (self.short > 0 && self.long > 0) {
            return None;
        }
        match (self.short, self.long) {
            (1, _) => int(IntRank::Short),
            (_, 1) => int(IntRank::Long),
            (_, 2) => int(IntRank::LongLong),
            _ => int(IntRank::Int),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(words: &str) -> Option<CType> {
        let mut s = BasicSpecifiers::default();
        for w in words.split_whitespace() {
            assert!(s.add_word(w), "{w}");
        }
        s.real_type(true)
    }

    #[test]
    fn combinations() {
        let int = |rank, signed| Some(CType::Int(IntType { rank, signed }));
        assert_eq!(ty("long unsigned int"), int(IntRank::Long, false));
        assert_eq!(ty("long long"), int(IntRank::LongLong, true));
        assert_eq!(ty("__signed__ char"), int(IntRank::Char, true));
        assert_eq!(ty("unsigned __int128"), int(IntRank::Int128, false));
        assert_eq!(ty("long double"), Some(CType::Float(FloatKind::LongDouble)));
        assert_eq!(ty("_Complex double"), Some(CType::Float(FloatKind::Double)));
        for bad in [
            "long char",
            "signed unsigned",
            "short long",
            "long long long",
            "void int",
        ] {
            assert_eq!(ty(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_spelling_of_a_qualifier() {
        for q in [
            "const",
            "__const",
            "__const__",
            "volatile",
            "__volatile",
            "__volatile__",
        ] {
            assert!(is_qualifier(q), "{q}");
        }
        for q in ["restrict", "__restrict", "__restrict__"] {
            assert!(is_qualifier(q), "{q}");
        }
        assert!(!is_qualifier("_Atomic") && !is_qualifier("int"));
    }
}
