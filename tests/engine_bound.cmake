# Read by ctest after the discovered tests (TEST_INCLUDE_FILES): test cases of
# other folders that spend their time in the engine, as every one of
# tests/builder/ does, get the label engine-bound too (the sanitizer pass of
# scripts/test.sh leaves that label out): tests/ci/own_image_test.cpp builds
# imgslim's own image with BuildKit and runs it.
foreach(t IN LISTS test_ci_TESTS)
  if(t MATCHES "^ci: ?image: ")
    # The first of them compiles imgslim in the image with an empty ccache:
    # 1211 s on the shared 2-core machine at load 9-10, over ctest's 1200 s default in scripts/test.sh.
    set_tests_properties("${t}" PROPERTIES LABELS engine-bound TIMEOUT 2400)
  endif()
endforeach()
