// The dynamic-linking facts of an ELF file read from its bytes: whether it
// is ELF at all, its program interpreter (PT_INTERP, the dynamic loader) and
// the libraries its dynamic section names (DT_NEEDED), in file order. Both
// classes (32/64-bit) and both byte orders; every offset is bounds-checked,
// so a truncated or hostile file is an Error, never a read out of bounds.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace imgslim {

struct ElfDynamic {
  bool elf = false;                  // starts with the ELF magic
  std::string interpreter;           // "/lib64/ld-linux-x86-64.so.2", "" when static or a library
  std::vector<std::string> needed;   // "libc.so.6", ...
};

// Throws Error(name, problem) on an ELF file whose headers point outside it.
ElfDynamic read_elf_dynamic(std::string_view bytes, const std::string& name);

}  // namespace imgslim
