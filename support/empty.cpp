// Keeps every library target non-empty while its folder is being filled.
namespace imgslim::detail { int library_anchor = 0; }
