# Install step (install(CODE) in cmake/packaging.cmake): runs the built
# imgslim to write its man pages (gzipped, as Debian ships them) and its shell
# completions into the folders each shell loads them from, so what is
# installed always matches the binary. Needs IMGSLIM_BINARY and
# IMGSLIM_DOCS_TMP set by the caller.
set(root "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
# One folder per install run: two packagings of one build may run at once.
string(RANDOM LENGTH 12 suffix)
set(IMGSLIM_DOCS_TMP "${IMGSLIM_DOCS_TMP}-${suffix}")
execute_process(COMMAND "${IMGSLIM_BINARY}" man "${IMGSLIM_DOCS_TMP}" OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "imgslim man failed (${rc})")
endif()
file(MAKE_DIRECTORY "${root}/share/man/man1")
file(GLOB pages "${IMGSLIM_DOCS_TMP}/*.1")
foreach(page ${pages})
  get_filename_component(name "${page}" NAME)
  set(out "${root}/share/man/man1/${name}.gz")
  message(STATUS "Installing: ${out}")
  # -n: no name or time stamp in the gzip header, so the package is reproducible.
  execute_process(COMMAND gzip -9n -c "${page}" OUTPUT_FILE "${out}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${page} failed (${rc})")
  endif()
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${out}")
endforeach()
file(REMOVE_RECURSE "${IMGSLIM_DOCS_TMP}")
foreach(entry "bash;bash-completion/completions/imgslim" "zsh;zsh/vendor-completions/_imgslim"
              "fish;fish/vendor_completions.d/imgslim.fish")
  list(GET entry 0 shell)
  list(GET entry 1 rel)
  set(out "${root}/share/${rel}")
  get_filename_component(dir "${out}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  message(STATUS "Installing: ${out}")
  execute_process(COMMAND "${IMGSLIM_BINARY}" completion ${shell} OUTPUT_FILE "${out}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "imgslim completion ${shell} failed (${rc})")
  endif()
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${out}")
endforeach()
