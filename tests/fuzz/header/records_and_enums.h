/* The shapes uapi headers use: enums with expressions, records with bit-fields, packed
 * and aligned records, ioctl numbers from sizeof, offsetof through a cast. */
#define _IOC(dir, type, nr, size) (((dir) << 30) | ((size) << 16) | ((type) << 8) | (nr))
#define _IOW(type, nr, t) _IOC(1U, (type), (nr), sizeof(t))
enum e { A = -1, B = 1u << 31, C = B + 1, D = sizeof(enum e) * 8, E = C ? D : A };
struct bits { unsigned a : 3; int : 0; signed char b : 7; long long c : 33; };
struct __attribute__((packed)) packed { char c; long l; };
struct aligned { char c; } __attribute__((aligned(64)));
#pragma pack(push, 2)
struct two { char c; int i; };
#pragma pack(pop)
#define BITS_IOC _IOW('b', 1, struct bits)
#define PACKED_SIZE sizeof(struct packed)
#define ALIGNED_SIZE sizeof(struct aligned)
#define TWO_OFFSET __builtin_offsetof(struct two, i)
#define CAST_OFFSET ((unsigned long)&((struct two *)0)->i)
#define UNDEFINED_RECORD sizeof(struct nowhere)
#define FLOATING 1.5e3
#define STRING "text"
