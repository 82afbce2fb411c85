# Read by ctest after the discovered tests (TEST_INCLUDE_FILES): test cases of
# other folders that spend their time in the engine, as every one of
# tests/builder/ does, get the label engine-bound too (the sanitizer pass of
# scripts/test.sh leaves that label out): tests/ci/own_image_test.cpp builds
# imgslim's own image with BuildKit and runs it.
foreach(t IN LISTS test_ci_TESTS)
  if(t MATCHES "^ci: ?image: ")
    set_tests_properties("${t}" PROPERTIES LABELS engine-bound)
  endif()
endforeach()
